import { enqueueChangeOrDryRun, requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { CodedRefusal } from '../src/domain/errors.js';
import type { RollbackChange } from '../src/queues/gitops.js';

/** `/rollback <app> [<commit>]`: `git revert` of the app's last Kanaria change, or of a named commit (jobs/rollback.ts). */
export const rollback: CommandDef = {
  name: 'rollback',
  grammar: {
    usage: '/rollback <app> [<commit>] [--dry-run]',
    example: '/rollback example-app',
    min: 1,
    max: 2,
    flags: ['dry-run'],
  },

  async run(context) {
    const {
      request,
      args: [appName = '', commit],
      deps,
    } = context;
    const app = requireApp(deps, appName);
    if (commit !== undefined && !/^[0-9a-f]{7,40}$/i.test(commit)) {
      throw new CodedRefusal('bad-commit', 'commands.rollback.badCommit', { commit, app: appName });
    }
    const requester = await requirePermission(deps, request.userId, app, 'deploy');
    const change: RollbackChange = {
      kind: 'rollback',
      app: appName,
      ...(commit !== undefined && { commit: commit.toLowerCase() }),
    };
    return enqueueChangeOrDryRun(context, change, requester);
  },
};
