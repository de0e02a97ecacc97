import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDeps } from '../src/boot/deps.js';
import { ANALYSIS_QUEUE } from '../src/queues/analysis.js';
import { BUILDS_QUEUE } from '../src/queues/builds.js';
import { CANARY_QUEUE } from '../src/queues/canary.js';
import { GITOPS_QUEUE } from '../src/queues/gitops.js';
import { GPU_QUEUE } from '../src/queues/gpu.js';
import { NOTIFY_QUEUE } from '../src/queues/notify.js';
import { READS_QUEUE } from '../src/queues/reads.js';
import { RECONCILE_QUEUE } from '../src/queues/reconcile.js';
import { SLO_QUEUE } from '../src/queues/slo.js';
import { APPROVALS_QUEUE } from '../src/queues/approvals.js';
import { RECLAIM_QUEUE } from '../src/queues/gpu-reclaim.js';
import { approvalEndProcessor } from './approval-end.js';
import { analysisProcessor } from './analysis.js';
import { buildNoticeProcessor } from './builds.js';
import { canaryProcessor } from './canary.js';
import { gitopsProcessor } from './gitops.js';
import { gpuReportProcessor } from './gpu-report.js';
import { reclaimProcessor } from './gpu-reclaim.js';
import { isHeartbeat } from './heartbeat.js';
import { notifyProcessor } from './notify.js';
import { appOfRead, readsProcessor } from './reads.js';
import { reconcileProcessor } from './reconcile.js';
import { releaseCostProcessor } from './release-cost.js';
import { runJob } from './run-job.js';

/** Most payloads name their app in `app`. */
const byApp = (data: { readonly app: string }): string => data.app;

export interface Workers {
  close(graceMs?: number): Promise<void>;
  readonly running: () => boolean;
}

/**
 * How many times a job may lose its worker (a crash, a kill, a lost lock) and still be taken up again. A stall
 * is the worker's fault, not the job's, so the limit is high; a job that kills its worker this often (BullMQ
 * counts stalls over the job's whole life, never resetting them) is poison, and is failed and reported (see abandoned.ts) rather than crash-looping every replica.
 */
export const MAX_STALLS = 10;

export interface WorkerOptions {
  readonly gitopsConcurrency?: number;
  /** How long a job's lock lasts without renewal: a killed worker's job is taken over after this. */
  readonly lockDurationMs?: number;
}

/**
 * Every queue processor Kanaria runs. Each replica runs all of them; BullMQ's locks hand each job to one
 * worker, and a job whose worker died is picked up again after its lock expires (stalled-job check).
 */
export function startWorkers(deps: JobDeps, connection: Redis, options: WorkerOptions = {}): Workers {
  const shutdown = new AbortController();
  const lockDuration = options.lockDurationMs ?? 30_000;
  const common = {
    connection,
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: MAX_STALLS,
    metrics: { maxDataPoints: 60 * 24 },
  };
  // Every processor runs inside the one job funnel (run-job.ts): its context, and one error policy.
  const workers = [
    // Jobs wait for the shared repo lane; concurrency lets them join one batch and one push.
    new Worker(
      GITOPS_QUEUE,
      runJob(deps, GITOPS_QUEUE, gitopsProcessor, (data) => data.change.app),
      {
        ...common,
        concurrency: options.gitopsConcurrency ?? 64,
      },
    ),
    // Reads wait for the same repo lane; they answer one person each.
    new Worker(READS_QUEUE, runJob(deps, READS_QUEUE, readsProcessor, appOfRead), { ...common, concurrency: 8 }),
    // Following a change mostly waits on a watch: many at once cost little.
    new Worker(RECONCILE_QUEUE, runJob(deps, RECONCILE_QUEUE, reconcileProcessor(shutdown.signal), byApp), {
      ...common,
      concurrency: 100,
    }),
    new Worker(NOTIFY_QUEUE, runJob(deps, NOTIFY_QUEUE, notifyProcessor, byApp), { ...common, concurrency: 4 }),
    new Worker(CANARY_QUEUE, runJob(deps, CANARY_QUEUE, canaryProcessor, byApp), { ...common, concurrency: 8 }),
    new Worker(ANALYSIS_QUEUE, runJob(deps, ANALYSIS_QUEUE, analysisProcessor, byApp), { ...common, concurrency: 4 }),
    // A report lists the whole cluster: one at a time keeps memory bounded.
    new Worker(GPU_QUEUE, runJob(deps, GPU_QUEUE, gpuReportProcessor), { ...common, concurrency: 1 }),
    new Worker(SLO_QUEUE, runJob(deps, SLO_QUEUE, releaseCostProcessor, byApp), { ...common, concurrency: 4 }),
    new Worker(BUILDS_QUEUE, runJob(deps, BUILDS_QUEUE, buildNoticeProcessor, byApp), { ...common, concurrency: 2 }),
    new Worker(APPROVALS_QUEUE, runJob(deps, APPROVALS_QUEUE, approvalEndProcessor, byApp), {
      ...common,
      concurrency: 4,
    }),
    // A scan reads the opted-in namespaces: one at a time; redraws and deadlines are short.
    new Worker(RECLAIM_QUEUE, runJob(deps, RECLAIM_QUEUE, reclaimProcessor), { ...common, concurrency: 1 }),
  ];
  for (const worker of workers) {
    worker.on('completed', (job: Job) => {
      if (isHeartbeat(job)) return;
      deps.metrics.jobs.inc({ queue: worker.name, outcome: 'completed' });
      deps.metrics.jobDuration.observe({ queue: worker.name }, (Date.now() - job.timestamp) / 1000);
    });
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (error instanceof DelayedError) return;
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
      deps.metrics.jobs.inc({ queue: worker.name, outcome: final ? 'failed' : 'retried' });
      if (final)
        deps.metrics.jobDuration.observe({ queue: worker.name }, (Date.now() - (job?.timestamp ?? Date.now())) / 1000);
      deps.logger.warn(
        { queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: error },
        final ? 'job failed' : 'job will retry',
      );
    });
    worker.on('error', (error) => deps.logger.error({ queue: worker.name, err: error }, 'worker error'));
  }
  return {
    // Short jobs finish; long ones (following a reconcile) go back to the queue at once. Past the grace
    // period (or with Redis gone) it stops anyway, and a job still locked is picked up again by another
    // replica once its lock expires.
    close: async (graceMs = 25_000) => {
      shutdown.abort();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      const closed = await Promise.race([Promise.all(workers.map((w) => w.close())), grace]);
      clearTimeout(timer);
      if (closed === 'timeout') await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
    },
    running: () => workers.every((w) => w.isRunning()),
  };
}
