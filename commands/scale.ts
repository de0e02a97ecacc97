import { authorOf, editSummary, manifestTarget, requestTrailers, requestedBy, type ScaleChange } from '../src/change.js';
import { enqueueChange, requireApp, requirePermission, type ChangeHandler, type CommandDef } from '../src/command.js';
import { replicaBounds } from '../src/domain/config.js';
import { UserFacingError } from '../src/domain/errors.js';
import { parseWholeNumber } from '../src/domain/grammar.js';
import { setReplicas } from '../src/domain/manifest.js';

/** `/scale <app> <replicas>`: sets the app's replica count in its manifest, as a commit. */
export const scale: CommandDef & ChangeHandler<ScaleChange> = {
  name: 'scale',
  summary: 'Set the number of replicas of an app (a commit in the GitOps repo)',
  grammar: { usage: '/scale <app> <replicas> [--dry-run]', example: '/scale example-app 3', min: 2, max: 2, flags: ['dry-run'] },

  async run(request, { args: [appName = '', count = ''], flags }, deps) {
    const app = requireApp(deps, appName);
    const replicas = parseWholeNumber(count);
    const { min, max } = replicaBounds(deps.config, app);
    if (replicas === undefined || replicas < min || replicas > max) {
      throw new UserFacingError('bad-replicas', `\`${count}\` is not a valid replica count for \`${appName}\`: give a whole number from ${min} to ${max}.`, `e.g. \`/scale ${appName} ${Math.min(Math.max(min, 2), max)}\``);
    }
    const requester = await requirePermission(deps, request.userId, app, 'deploy');
    const change: ScaleChange = { kind: 'scale', app: appName, replicas };
    return enqueueChange(deps, request, change, requester, flags.has('dry-run'), this.describe(change));
  },

  describe: (change) => `scale \`${change.app}\` to ${change.replicas} replica${change.replicas === 1 ? '' : 's'}`,

  operation(change, job, deps) {
    const app = deps.config.apps[change.app];
    return {
      requestId: job.requestId,
      async apply(tree) {
        if (!app) throw new UserFacingError('unknown-app', `The app \`${change.app}\` is no longer in Kanaria's configuration.`);
        const edit = setReplicas(app.manifest, await tree.readFile(app.manifest), manifestTarget(app), change.replicas);
        const detail = editSummary(app.manifest, edit.before, edit.after, edit.changed);
        if (!edit.changed) return { detail };
        await tree.writeFile(app.manifest, edit.text);
        return {
          detail,
          commit: {
            message: { subject: `scale(${change.app}): replicas ${edit.before} → ${edit.after}`, body: requestedBy(job), trailers: requestTrailers(job, change.app) },
            author: authorOf(job.requester),
          },
        };
      },
    };
  },
};
