import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { ApplicationRef, ArgoApplications } from '../src/adapters/argocd.js';
import { isTransientKubeError } from '../src/adapters/kube-errors.js';
import { reconcileMessage, stepsReached, type Ending, type ReconcileView } from '../src/blocks/reconcile.js';
import type { Message } from '../src/chat.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import { requireApp } from '../src/command.js';
import { reconcileVerdict, sameRevision, type ApplicationState } from '../src/domain/argocd.js';
import { noClusterAccess, UserFacingError } from '../src/domain/errors.js';
import type { JobDeps } from '../src/deps.js';
import { quietly as quietlyFor } from '../src/quietly.js';
import type { ReconcileJob } from '../src/reconcile.js';

export { RECONCILE_QUEUE } from '../src/reconcile.js';

export type ReconcileOutcome = Ending['kind'];

/** A retry would not help: the request or the configuration is wrong. */
const isTransient = (error: unknown): boolean => !(error instanceof UserFacingError) && isTransientKubeError(error);

/**
 * The reconcile queue's processor: refresh the app's Argo CD Application, sync it to the pushed revision
 * when Argo CD would not by itself, and follow it (watch, re-list on trouble) until it is live, has failed,
 * was superseded by a newer push, or the timeout passed. One message in the request's thread shows it.
 * `shutdown` aborts the follow on SIGTERM: the job goes back to the queue at once for another replica.
 */
export function reconcileProcessor(deps: JobDeps, shutdown: AbortSignal) {
  const quietly = quietlyFor(deps);
  /** Bookkeeping in Redis must not fail a follow that Argo CD is making progress on: Redis may be restarting. */
  const softly = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      deps.logger.warn({ err: error, what }, 'reconcile bookkeeping failed; going on');
      return undefined;
    }
  };

  return async (job: Job<ReconcileJob>, token?: string): Promise<ReconcileOutcome> => {
    const { app: appName } = job.data;
    const jobId = job.id ?? '';
    let shown: string | undefined;
    let view: ReconcileView | undefined;

    const show = async (next: ReconcileView): Promise<void> => {
      view = next;
      // The progress is in the channel (the change's thread): the channel's language.
      const t = wordsFor(chooseLocale(deps.config.locale, { channel: job.data.thread?.channel ?? job.data.channel }));
      const message: Message = reconcileMessage(t, next);
      const key = JSON.stringify(message);
      if (key === shown) return;
      shown = key;
      const posted = job.data.progress;
      if (posted) {
        await quietly('chat.update', () => deps.chat.update(posted.channel, posted.ts, message));
        return;
      }
      const thread = job.data.thread;
      const fresh = await quietly('chat.postMessage', () =>
        thread ? deps.chat.post(thread.channel, message, thread.ts) : deps.chat.post(job.data.channel, message),
      );
      if (fresh) await softly('record progress message', () => job.updateData({ ...job.data, progress: fresh }));
    };
    const finish = async (ending: Ending): Promise<ReconcileOutcome> => {
      if (view) await show({ ...view, ending });
      await deps.registry.end(appName, jobId).catch(() => undefined);
      return ending.kind;
    };

    try {
      const app = requireApp(deps, appName);
      if (!app.argocd)
        throw new UserFacingError(
          'not-configured',
          `\`${appName}\` has no Argo CD Application configured.`,
          'Add apps.<app>.argocd to kanaria.yaml.',
        );
      if (!deps.argo) throw noClusterAccess('ask Argo CD to sync');
      const argo = deps.argo;
      const ref: ApplicationRef = { name: app.argocd.application, namespace: app.argocd.namespace };
      const revision = job.data.revision ?? (await deps.repo.read((tree) => tree.resolve('HEAD')));
      if (!revision)
        throw new UserFacingError(
          'git-unavailable',
          `The GitOps branch \`${deps.config.gitops.branch}\` has no commit to sync to.`,
        );
      if (!job.data.revision) await job.updateData({ ...job.data, revision });
      view = { app: appName, application: `${ref.namespace}/${ref.name}`, revision, reached: 1, automated: false };

      const newer = await deps.registry.newerThan(appName, job.data.requestedAt);
      if (newer && !sameRevision(newer, revision)) {
        await show(view);
        return await finish({ kind: 'superseded', by: newer });
      }
      // The progress message is posted after Argo CD was asked: Slack's round trip need not delay the sync.
      await argo.refresh(ref, job.data.hard);
      let syncRequested = job.data.syncRequested ?? false;
      view = { ...view, reached: syncRequested ? 3 : 2 };

      const deadline = job.timestamp + deps.config.reconcile.timeoutSeconds * 1000;
      const follow = AbortSignal.any([shutdown, AbortSignal.timeout(Math.max(0, deadline - Date.now()))]);
      for await (const seen of argo.observe(ref, follow)) {
        if (seen.kind === 'deleted')
          throw new UserFacingError(
            'unknown-app',
            `The Argo CD Application \`${ref.namespace}/${ref.name}\` was deleted.`,
          );
        const { state } = seen;
        const superseding = await softly('supersede check', () =>
          deps.registry.newerThan(appName, job.data.requestedAt),
        );
        if (superseding && !sameRevision(superseding, revision))
          return await finish({ kind: 'superseded', by: superseding });
        const automated = state.automated && !job.data.explicit;
        view = { ...view, automated, state };
        if (!automated && !syncRequested && !isLive(state, revision)) {
          // Argo CD runs one operation at a time: wait for another one to finish, then ask for ours.
          if (state.operationPending && !sameRevision(state.pendingRevision, revision)) {
            await show(view);
            continue;
          }
          if (
            !state.operationPending &&
            !(await requestSync(argo, ref, {
              revision,
              username: job.data.requester.name ?? job.data.requester.id,
              prune: app.argocd.prune,
            }))
          )
            continue;
          syncRequested = true;
          await softly('record sync', () => job.updateData({ ...job.data, syncRequested }));
          view = { ...view, reached: 3 };
        }
        const verdict = reconcileVerdict(state, revision);
        view = { ...view, reached: stepsReached(verdict, view.reached) };
        if (verdict.done) {
          if (verdict.outcome === 'healthy') return await finish({ kind: 'healthy' });
          await finish({
            kind: verdict.outcome,
            ...(verdict.message && { message: verdict.message }),
            resources: state.failedResources,
          });
          throw new UnrecoverableError(
            `${view.application} ${verdict.outcome}${verdict.message ? `: ${verdict.message}` : ''}`,
          );
        }
        await show(view);
      }
      if (shutdown.aborted) {
        // Back to the queue now, not after the lock expires: another replica resumes following.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      await finish({ kind: 'timeout', afterSeconds: deps.config.reconcile.timeoutSeconds });
      throw new UnrecoverableError(`${view.application} not live after ${deps.config.reconcile.timeoutSeconds} s`);
    } catch (error) {
      if (error instanceof DelayedError || error instanceof UnrecoverableError) throw error;
      const attempts = job.opts.attempts ?? 1;
      const last = job.attemptsMade + 1 >= attempts;
      const message =
        error instanceof UserFacingError
          ? error.message
          : `A transient error stopped Kanaria (${(error as Error)?.message ?? String(error)}).`;
      const base = view ?? {
        app: appName,
        application: appName,
        revision: job.data.revision ?? '',
        reached: 1,
        automated: false,
      };
      if (isTransient(error) && !last) {
        view = base;
        await show({ ...base, ending: { kind: 'retrying', message, attempt: job.attemptsMade + 1, attempts } });
        throw error;
      }
      view = base;
      await finish({
        kind: 'error',
        message,
        ...(error instanceof UserFacingError && error.hint && { hint: error.hint }),
      });
      if (isTransient(error)) throw error;
      throw new UnrecoverableError(message);
    }
  };
}

/** Writes the sync operation; false when another operation got there first (the watch shows when it ends). */
async function requestSync(
  argo: ArgoApplications,
  ref: ApplicationRef,
  options: { revision: string; username: string; prune: boolean },
): Promise<boolean> {
  try {
    await argo.sync(ref, options);
    return true;
  } catch (error) {
    if (error instanceof UserFacingError && error.code === 'operation-in-progress') return false;
    throw error;
  }
}

/** Already Synced at the revision: nothing to sync (a retry after Argo CD finished, or a no-op /sync). */
const isLive = (state: ApplicationState, revision: string): boolean =>
  state.sync === 'Synced' && sameRevision(state.revision, revision);
