import { requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { UserFacingError } from '../src/domain/errors.js';
import { quote } from '../src/domain/quote.js';
import { enqueueReconcile, reconcileJobId } from '../src/queues/reconcile.js';

/** `/sync <app> [hard]`: Argo CD refreshes the app's Application (hard: without its manifest cache) and syncs it to the Git head. */
export const sync: CommandDef = {
  name: 'sync',
  summary:
    "Make Argo CD sync an app to the Git head now and follow it until it is live (`hard` also drops Argo CD's manifest cache)",
  grammar: { usage: '/sync <app> [hard]', example: '/sync example-app', min: 1, max: 2, flags: [] },

  async run(request, { args: [appName = '', mode] }, deps) {
    const app = requireApp(deps, appName);
    if (mode !== undefined && mode !== 'hard') {
      throw new UserFacingError(
        'bad-arguments',
        `${quote(mode)} is not a sync mode: the only one is \`hard\`.`,
        `e.g. \`/sync ${appName} hard\` to also drop Argo CD's manifest cache.`,
      );
    }
    if (!app.argocd) {
      throw new UserFacingError(
        'not-configured',
        `\`${appName}\` has no Argo CD Application in Kanaria's configuration, so there is nothing to sync.`,
        `Add \`argocd: { application: …, namespace: … }\` under apps.${appName} in kanaria.yaml.`,
      );
    }
    // Syncing changes what runs: the same rule as deploying.
    const requester = await requirePermission(deps, request.userId, app, 'deploy');
    const { duplicate } = await enqueueReconcile(deps, reconcileJobId(appName, `sync-${request.requestId}`), {
      app: appName,
      requestedAt: Date.now(),
      hard: mode === 'hard',
      explicit: true,
      requester,
      channel: request.channel,
    });
    const what = `${mode === 'hard' ? 'hard refresh and sync' : 'sync'} of \`${appName}\` (Argo CD \`${app.argocd.namespace}/${app.argocd.application}\`)`;
    return {
      text: duplicate
        ? `This request was already received; Kanaria is handling the ${what}.`
        : `Queued: ${what}. Progress follows in this channel.`,
    };
  },
};
