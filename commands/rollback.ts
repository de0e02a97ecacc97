import { authorOf, manifestTarget, requestTrailers, requestedBy, type RollbackChange } from '../src/change.js';
import { enqueueChange, requireApp, requirePermission, type ChangeHandler, type CommandDef } from '../src/command.js';
import { lastRevertible, shortSha, TRAILER, type CommitInfo } from '../src/domain/commits.js';
import { appFiles, type AppConfig } from '../src/domain/config.js';
import { UserFacingError } from '../src/domain/errors.js';
import { quote } from '../src/domain/quote.js';
import { readImage } from '../src/domain/manifest.js';
import type { WorkTree } from '../src/adapters/git-tree.js';

const refuse = (message: string, hint?: string): UserFacingError =>
  new UserFacingError('rollback-refused', message, hint);

/** The commit to revert, checked to be on the branch, not a merge, and confined to this app's files. */
async function revertTarget(
  tree: WorkTree,
  appName: string,
  app: AppConfig,
  commit: string | undefined,
): Promise<CommitInfo> {
  let target: CommitInfo | undefined;
  const recent = await tree.log({ paths: appFiles(app), limit: 200 });
  if (commit === undefined) {
    target = lastRevertible(recent, appName);
    if (!target)
      throw refuse(
        `\`${appName}\` has no Kanaria change left to roll back.`,
        `See \`/history ${appName}\`, then \`/rollback ${appName} <commit>\` to revert a specific one.`,
      );
  } else {
    const sha = await tree.resolve(commit);
    target = sha ? await tree.commitInfo(sha) : undefined;
    if (!target)
      throw new UserFacingError(
        'bad-commit',
        `There is no commit \`${commit}\` on \`${tree.branch}\`.`,
        `See \`/history ${appName}\` for the app's commits.`,
      );
  }
  const undoneBy = recent.find((c) => c.reverts !== undefined && target.sha.startsWith(c.reverts));
  if (undoneBy)
    throw refuse(
      `\`${shortSha(target.sha)}\` was already rolled back by \`${shortSha(undoneBy.sha)}\` (${undoneBy.authorName}).`,
      `See \`/history ${appName}\`.`,
    );
  if ((await tree.parentCount(target.sha)) > 1)
    throw refuse(`\`${shortSha(target.sha)}\` is a merge commit; Kanaria reverts single changes only.`);
  const own = new Set(appFiles(app));
  const files = await tree.changedFiles(target.sha);
  const foreign = files.filter((f) => !own.has(f));
  if (!files.some((f) => own.has(f)))
    throw refuse(
      `\`${shortSha(target.sha)}\` ("${target.subject}") does not change \`${appName}\`.`,
      `See \`/history ${appName}\`.`,
    );
  if (foreign.length > 0) {
    throw refuse(
      `\`${shortSha(target.sha)}\` also changes ${foreign.map((f) => `\`${f}\``).join(', ')}, which ${foreign.length > 1 ? 'do' : 'does'} not belong to \`${appName}\`; reverting it would change other apps too.`,
      'Revert it by hand in Git, or use /deploy or /scale to set the value you want.',
    );
  }
  return target;
}

/** `/rollback <app> [<commit>]`: `git revert` of the app's last Kanaria change, or of a named commit. */
export const rollback: CommandDef & ChangeHandler<RollbackChange> = {
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
    return enqueueChange(deps, request, change, requester, flags.has('dry-run'), this.describe(change));
  },

  describe: (change) =>
    `roll back \`${change.app}\`${change.commit ? ` (revert \`${change.commit.slice(0, 7)}\`)` : ' (its last Kanaria change)'}`,

  operation(change, job, deps) {
    return {
      requestId: job.requestId,
      async apply(tree) {
        const app = requireApp(deps, change.app);
        const imageOf = (text: string): string => {
          try {
            return readImage(app.manifest, text, manifestTarget(app));
          } catch {
            return '?'; // the manifest may not name an image at all; the summary then omits it
          }
        };
        const target = await revertTarget(tree, change.app, app, change.commit);
        const before = imageOf(await tree.readFile(app.manifest));
        await tree.stageRevert(target.sha);
        const after = imageOf(await tree.readFile(app.manifest));
        return {
          detail: {
            summary: `reverted \`${shortSha(target.sha)}\` "${target.subject}"${before !== after ? `; image ${before} → ${after}` : ''}`,
          },
          commit: {
            message: {
              subject: `rollback(${change.app}): revert ${shortSha(target.sha)} "${target.subject}"`,
              body: `This reverts commit ${target.sha}.\n\n${requestedBy(job)}`,
              trailers: { ...requestTrailers(job, change.app), [TRAILER.reverts]: target.sha },
            },
            author: authorOf(job.requester),
          },
        };
      },
    };
  },
};
