import { requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { enqueueReconcile, reconcileJobId } from '../src/queues/reconcile.js';

/** `/sync <app> [hard]`: Argo CD refreshes the app's Application (hard: without its manifest cache) and syncs it to the Git head. */
export const sync: CommandDef = {
  name: 'sync',
  grammar: { usage: '/sync <app> [hard]', example: '/sync example-app', min: 1, max: 2, flags: [] },

  async run({ request, args: [appName = '', mode], deps, t }) {
    const app = requireApp(deps, appName);
    if (mode !== undefined && mode !== 'hard') {
      throw new CodedRefusal('bad-arguments', 'commands.sync.badMode', { mode, app: appName });
    }
    if (!app.argocd) throw new CodedRefusal('not-configured', 'commands.sync.noArgocd', { app: appName });
    // Syncing changes what runs: the same rule as deploying.
    const requester = await requirePermission(deps, request.userId, app, 'deploy');
    const hard = mode === 'hard';
    const { duplicate } = await enqueueReconcile(deps, reconcileJobId(appName, `sync-${request.requestId}`), {
      app: appName,
      requestedAt: Date.now(),
      hard,
      explicit: true,
      requester,
      channel: request.channel,
    });
    const facts = { app: appName, application: `${app.argocd.namespace}/${app.argocd.application}` };
    if (duplicate)
      return { text: t(hard ? 'commands.sync.alreadyReceivedHard' : 'commands.sync.alreadyReceived', facts) };
    return { text: t(hard ? 'commands.sync.queuedHard' : 'commands.sync.queued', facts) };
  },
};
