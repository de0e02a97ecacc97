import type { WorkTree } from '../src/adapters/git-tree.js';
import { requireApp } from '../src/domain/apps.js';
import { lastRevertible, shortSha, TRAILER, type CommitInfo } from '../src/domain/commits.js';
import { appFiles, type AppConfig } from '../src/domain/config.js';
import { Refusal } from '../src/domain/errors.js';
import { explain, type Words } from '../src/i18n/index.js';
import { readImage } from '../src/domain/manifest.js';
import { abortPatches, isUpdating, rolloutPosition } from '../src/domain/rollout.js';
import type { JobDeps } from '../src/boot/deps.js';
import { rolloutNoticeJobId } from '../src/queues/canary.js';
import type { GitopsJob, RollbackChange } from '../src/queues/gitops.js';
import { authorOf, manifestTarget, requestedBy, requestTrailers, type ChangeRunner } from './change-runner.js';

/** A rollback Kanaria will not make: `errorsJobs.rollback.<why>` with its facts. */
export class RollbackRefused extends Refusal {
  override readonly name = 'RollbackRefused';
  constructor(why: string, params: Record<string, unknown>) {
    super(`errorsJobs.rollback.${why}`, params);
  }
}
const refuse = (why: string, params: Record<string, unknown>): RollbackRefused => new RollbackRefused(why, params);

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
    if (!target) throw refuse('nothingLeft', { app: appName });
  } else {
    const sha = await tree.resolve(commit);
    target = sha ? await tree.commitInfo(sha) : undefined;
    if (!target) throw refuse('noSuchCommit', { commit, branch: tree.branch, app: appName });
  }
  const undoneBy = recent.find((c) => c.reverts !== undefined && target.sha.startsWith(c.reverts));
  const sha = shortSha(target.sha);
  if (undoneBy)
    throw refuse('alreadyRolledBack', {
      sha,
      by: shortSha(undoneBy.sha),
      author: undoneBy.authorName,
      app: appName,
    });
  if ((await tree.parentCount(target.sha)) > 1) throw refuse('mergeCommit', { sha });
  const own = new Set(appFiles(app));
  const files = await tree.changedFiles(target.sha);
  const foreign = files.filter((f) => !own.has(f));
  if (!files.some((f) => own.has(f))) throw refuse('otherApp', { sha, subject: target.subject, app: appName });
  if (foreign.length > 0) throw refuse('foreignFiles', { sha, files: foreign, count: foreign.length, app: appName });
  return target;
}

/** Aborts the app's canary if one is rolling out (as `kubectl argo rollouts abort`); says so, or nothing. */
async function abortCanary(deps: JobDeps, data: GitopsJob, app: string): Promise<((t: Words) => string) | undefined> {
  const rollout = deps.config.apps[app]?.rollout;
  if (!rollout || !deps.rollouts) return undefined;
  const { state } = await deps.rollouts.get(rollout);
  if (!isUpdating(state) || state.aborted) return undefined;
  await deps.cards.markPressing(app, rolloutPosition(state));
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
  return (t) => t('changes.thread.canaryAborted', { app, rollout: `${rollout.namespace}/${rollout.name}` });
}

/** `/rollback`'s work (commands/rollback.ts asks): `git revert` of the app's last Kanaria change, or of a named commit. */
export const rollback: ChangeRunner<RollbackChange> = {
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
            kind: 'revert',
            sha: target.sha,
            subject: target.subject,
            ...(before !== after && { image: { before, after } }),
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
      return (t: Words) =>
        t('changes.thread.canaryNotAborted', {
          app: change.app,
          reason: error instanceof Refusal ? explain(t, error).message : t('changes.thread.kubeDidNotAnswer'),
        });
    });
    if (aborted) await thread('canary-aborted', (t) => ({ text: aborted(t) }));
  },
};
