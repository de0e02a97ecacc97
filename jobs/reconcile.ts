import { DelayedError, UnrecoverableError } from 'bullmq';
import { ArgoOperationInProgress, type ApplicationRef, type ArgoApplications } from '../src/adapters/argocd.js';
import { reconcileMessage, stepsReached, type Ending, type ReconcileView } from '../src/blocks/reconcile.js';
import type { Message } from '../src/domain/chat.js';
import { chooseLocale, wordsFor, type Words } from '../src/i18n/index.js';
import { reconcileVerdict, sameRevision, type ApplicationState } from '../src/domain/argocd.js';
import { noClusterAccess, Refusal } from '../src/domain/errors.js';
import type { ReconcileJob } from '../src/queues/reconcile.js';
import { releaseCostAfterReconcile as releaseCost } from './release-cost.js';
import { errorText, failureWords, type Failure, type Processor } from './run-job.js';

export type ReconcileOutcome = Ending['kind'];

/** A failure as the progress message says it. */
const reasonOf = (t: Words, failure: Failure): string =>
  failureWords(t, failure)?.message ?? t('jobs.failure.transient', { reason: errorText(failure.error) });

/**
 * The reconcile queue's processor: refresh the app's Argo CD Application, sync it to the pushed revision
 * when Argo CD would not by itself, and follow it (watch, re-list on trouble) until it is live, has failed,
 * was superseded by a newer push, or the timeout passed. One message in the request's thread shows it, failures
 * included. `shutdown` aborts the follow on SIGTERM: the job goes back to the queue at once for another replica.
 */
export function reconcileProcessor(shutdown: AbortSignal): Processor<ReconcileJob, ReconcileOutcome> {
  return async (context) => {
    const { deps, job, log } = context;
    /** Bookkeeping in Redis must not fail a follow that Argo CD is making progress on: Redis may be restarting. */
    const softly = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await call();
      } catch (error) {
        log.warn({ err: error, what }, 'reconcile bookkeeping failed; going on');
        return undefined;
      }
    };
    const { app: appName } = job.data;
    const jobId = job.id ?? '';
    let shown: string | undefined;
    let view: ReconcileView | undefined;

    // The progress is in the channel (the change's thread): the channel's language.
    const t = wordsFor(chooseLocale(deps.config.locale, { channel: job.data.thread?.channel ?? job.data.channel }));
    const show = async (next: ReconcileView): Promise<void> => {
      view = next;
      const message: Message = reconcileMessage(t, next);
      const key = JSON.stringify(message);
      if (key === shown) return;
      shown = key;
      const posted = job.data.progress;
      if (posted) {
        await context.quietly('chat.update', () => deps.chat.update(posted.channel, posted.ts, message));
        return;
      }
      const thread = job.data.thread;
      const fresh = await context.quietly('chat.postMessage', () =>
        thread ? deps.chat.post(thread.channel, message, thread.ts) : deps.chat.post(job.data.channel, message),
      );
      if (fresh) await softly('record progress message', () => job.updateData({ ...job.data, progress: fresh }));
    };
    const finish = async (ending: Ending): Promise<ReconcileOutcome> => {
      if (view) await show({ ...view, ending });
      await deps.registry.end(appName, jobId).catch(() => undefined);
      return ending.kind;
    };
    /** Where a failure is shown: the view so far, or a bare one when it failed before knowing the Application. */
    const failedView = (): ReconcileView =>
      (view ??= {
        app: appName,
        application: appName,
        revision: job.data.revision ?? '',
        reached: 1,
        automated: false,
      });
    context.tellFailuresWith({
      async retrying(failure) {
        const { attempt, attempts } = failure;
        await show({ ...failedView(), ending: { kind: 'retrying', message: reasonOf(t, failure), attempt, attempts } });
      },
      async failed(failure) {
        failedView();
        const hint = failureWords(t, failure)?.hint;
        await finish({ kind: 'error', message: reasonOf(t, failure), ...(hint && { hint }) });
      },
    });

    const app = context.app();
    if (!app.argocd) throw new Refusal('errorsJobs.noArgocd', { app: appName });
    if (!deps.argo) throw noClusterAccess('sync');
    const argo = deps.argo;
    const ref: ApplicationRef = { name: app.argocd.application, namespace: app.argocd.namespace };
    const revision = job.data.revision ?? (await deps.repo.read((tree) => tree.resolve('HEAD')));
    if (!revision) throw new Refusal('errorsJobs.nothingToSync', { branch: deps.config.gitops.branch });
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
        throw new Refusal('errorsJobs.applicationDeleted', { application: `${ref.namespace}/${ref.name}` });
      const { state } = seen;
      const superseding = await softly('supersede check', () => deps.registry.newerThan(appName, job.data.requestedAt));
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
        if (verdict.outcome === 'healthy') {
          await softly('schedule the cost of the release', () =>
            releaseCost(context, revision, app.rollout !== undefined),
          );
          return await finish({ kind: 'healthy' });
        }
        await finish({
          kind: verdict.outcome,
          ...(verdict.message && { message: verdict.message }),
          resources: state.failedResources,
        });
        // Shown already: the job ends failed, and the funnel says nothing more.
        throw new UnrecoverableError(
          `${view.application} ${verdict.outcome}${verdict.message ? `: ${verdict.message}` : ''}`,
        );
      }
      await show(view);
    }
    if (shutdown.aborted) {
      // Back to the queue now, not after the lock expires: another replica resumes following.
      await job.moveToDelayed(Date.now(), context.token);
      throw new DelayedError();
    }
    await finish({ kind: 'timeout', afterSeconds: deps.config.reconcile.timeoutSeconds });
    throw new UnrecoverableError(`${view.application} not live after ${deps.config.reconcile.timeoutSeconds} s`);
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
    if (error instanceof ArgoOperationInProgress) return false;
    throw error;
  }
}

/** Already Synced at the revision: nothing to sync (a retry after Argo CD finished, or a no-op /sync). */
const isLive = (state: ApplicationState, revision: string): boolean =>
  state.sync === 'Synced' && sameRevision(state.revision, revision);
