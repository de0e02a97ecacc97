import type { Person, Posted } from '../domain/chat.js';
import { jobId, type JobQueue } from './queue.js';

/** The queue that makes Argo CD take a revision now, and follows it until it is live or has failed. */
export const RECONCILE_QUEUE = 'reconcile';

export interface ReconcileJob {
  readonly app: string;
  /** The pushed commit; absent for /sync, which takes the branch head when the job starts. */
  readonly revision?: string;
  /** When the revision was pushed (or /sync asked): a later push of the same app supersedes this job. */
  readonly requestedAt: number;
  readonly hard: boolean;
  /** Asked for with /sync: sync even when Argo CD has an automated policy (it may have self-heal off). */
  readonly explicit?: boolean;
  readonly requester: Person;
  /** Where to post the progress when there is no thread. */
  readonly channel: string;
  /** The change's announcement: progress goes into its thread. */
  readonly thread?: Posted;
  /** The progress message once posted: later attempts update it. */
  readonly progress?: Posted;
  /** Set once Kanaria wrote the sync operation, so a retry does not write it twice. */
  readonly syncRequested?: boolean;
}

/** Job ids: one reconcile per app and pushed revision (a redelivered push is a no-op); /sync per request. */
export const reconcileJobId = (app: string, revisionOrRequest: string): string =>
  jobId('reconcile', app, revisionOrRequest);

/** What enqueueing needs of the registry of reconciles in flight (src/adapters/reconcile-registry.ts). */
interface InFlightRecord {
  begin(app: string, jobId: string, revision: string | undefined, requestedAt: number, untilMs: number): Promise<void>;
}

/** Enqueues a reconcile and records it as in flight (so its OutOfSync is not reported as drift). */
export async function enqueueReconcile(
  deps: {
    queues: { reconcile: JobQueue<ReconcileJob> };
    registry: InFlightRecord;
    config: { reconcile: { timeoutSeconds: number } };
  },
  jobId: string,
  job: ReconcileJob,
): Promise<{ duplicate: boolean }> {
  const { duplicate } = await deps.queues.reconcile.add(jobId, job);
  if (!duplicate)
    await deps.registry.begin(
      job.app,
      jobId,
      job.revision,
      job.requestedAt,
      job.requestedAt + (deps.config.reconcile.timeoutSeconds + 60) * 1000,
    );
  return { duplicate };
}
