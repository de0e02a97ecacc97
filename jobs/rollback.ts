import type { WorkTree } from '../src/adapters/git-tree.js';
import { requireApp } from '../src/domain/apps.js';
import { lastRevertible, shortSha, TRAILER, type CommitInfo } from '../src/domain/commits.js';
import { appFiles, type AppConfig } from '../src/domain/config.js';
import { Refusal, UserFacingError } from '../src/domain/errors.js';
import { readImage } from '../src/domain/manifest.js';
import { abortPatches, isUpdating, rolloutPosition } from '../src/domain/rollout.js';
import type { JobDeps } from '../src/boot/deps.js';
import { rolloutNoticeJobId } from '../src/queues/canary.js';
import { describeRollback, type GitopsJob, type RollbackChange } from '../src/queues/gitops.js';
import { authorOf, manifestTarget, requestedBy, requestTrailers, type ChangeRunner } from './change-runner.js';
import { wordsOf } from './run-job.js';

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

/** Aborts the app's canary if one is rolling out (as `kubectl argo rollouts abort`); says so, or nothing. */
async function abortCanary(deps: JobDeps, data: GitopsJob, app: string): Promise<string | undefined> {
  const rollout = deps.config.apps[app]?.rollout;
  if (!rollout || !deps.rollouts) return undefined;
  const { state } = await deps.rollouts.get(rollout);
  if (!isUpdating(state) || state.aborted) return undefined;
  await deps.rollouts.apply(rollout, abortPatches());
  await deps.cards.setLastPress(app, {
    action: 'abort',
    by: data.requester.id,
    at: Date.now(),
    from: rolloutPosition(state),
  });
  // The card shows the abort at once (the Rollout watch would too, a moment later).
  await deps.queues.canary
    .add(rolloutNoticeJobId(app, 'rollback', data.requestId), { kind: 'notice', app, notice: 'moved' })
    .catch(() => undefined);
  return `:rotating_light: Aborted the canary of \`${app}\` (Rollout \`${rollout.namespace}/${rollout.name}\`): traffic is back on the stable version. The revert keeps Argo CD from rolling forward again.`;
}

/** `/rollback`'s work (commands/rollback.ts asks): `git revert` of the app's last Kanaria change, or of a named commit. */
export const rollback: ChangeRunner<RollbackChange> = {
  describe: describeRollback,
  // Undoing a rollback is a /deploy (or /rollback of the revert by its id), not a button.
  undoable: false,

  operation(change, request, deps) {
    return {
      requestId: request.requestId,
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
              body: `This reverts commit ${target.sha}.\n\n${requestedBy(request)}`,
              trailers: { ...requestTrailers(request, change.app), [TRAILER.reverts]: target.sha },
            },
            author: authorOf(request.requester),
          },
        };
      },
    };
  },

  /**
   * A rollback of an app mid-canary also stops the canary now, once the revert is in (a refused rollback
   * changes nothing); the revert keeps Argo CD from rolling forward again.
   */
  async afterPush(change, { deps, data, log, thread }) {
    const aborted = await abortCanary(deps, data, change.app).catch((error: unknown) => {
      log.warn({ err: error, app: change.app }, 'could not abort the canary of a rollback');
      return `:warning: Could not abort the canary of \`${change.app}\` (${error instanceof Refusal ? wordsOf(error).message : 'the Kubernetes API did not answer'}); the revert goes ahead, and Argo CD rolls it out.`;
    });
    if (aborted) await thread('canary-aborted', { text: aborted });
  },
};
