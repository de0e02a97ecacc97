import { enqueueChangeOrDryRun, requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { UserFacingError } from '../src/domain/errors.js';
import { quote } from '../src/domain/quote.js';
import { describeChange } from '../src/blocks/changes.js';
import { DEFAULT_LOCALE, wordsFor } from '../src/i18n/index.js';
import type { RollbackChange } from '../src/queues/gitops.js';

/** `/rollback <app> [<commit>]`: `git revert` of the app's last Kanaria change, or of a named commit (jobs/rollback.ts). */
export const rollback: CommandDef = {
  name: 'rollback',
  summary: "Revert the app's last Kanaria change, or a given commit (git revert)",
  grammar: {
    usage: '/rollback <app> [<commit>] [--dry-run]',
    example: '/rollback example-app',
    min: 1,
    max: 2,
    flags: ['dry-run'],
  },

  async run(request, { args: [appName = '', commit], flags }, deps) {
    const app = requireApp(deps, appName);
    if (commit !== undefined && !/^[0-9a-f]{7,40}$/i.test(commit)) {
      throw new UserFacingError(
        'bad-commit',
        `${quote(commit)} is not a commit id (7 to 40 hex digits).`,
        `See \`/history ${appName}\` for the app's commits.`,
      );
    }
    const requester = await requirePermission(deps, request.userId, app, 'deploy');
    const change: RollbackChange = {
      kind: 'rollback',
      app: appName,
      ...(commit !== undefined && { commit: commit.toLowerCase() }),
    };
    return enqueueChangeOrDryRun(
      deps,
      request,
      change,
      requester,
      flags.has('dry-run'),
      describeChange(wordsFor(DEFAULT_LOCALE), change),
    );
  },
};
