import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDeps } from '../src/boot/deps.js';
import { GITOPS_QUEUE, gitopsProcessor } from './gitops.js';
import { NOTIFY_QUEUE, notifyProcessor } from './notify.js';
import { RECONCILE_QUEUE, reconcileProcessor } from './reconcile.js';
import { CANARY_QUEUE, canaryProcessor } from './canary.js';
import { ANALYSIS_QUEUE, analysisProcessor } from './analysis.js';
import { GPU_QUEUE, gpuReportProcessor } from './gpu-report.js';
import { answeringHeartbeats, isHeartbeat } from './heartbeat.js';

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
  const workers = [
    // Jobs wait for the shared repo lane; concurrency lets them join one batch and one push.
    new Worker(GITOPS_QUEUE, answeringHeartbeats(gitopsProcessor(deps)), {
      ...common,
      concurrency: options.gitopsConcurrency ?? 64,
    }),
    // Following a change mostly waits on a watch: many at once cost little.
    new Worker(RECONCILE_QUEUE, answeringHeartbeats(reconcileProcessor(deps, shutdown.signal)), {
      ...common,
      concurrency: 100,
    }),
    new Worker(NOTIFY_QUEUE, answeringHeartbeats(notifyProcessor(deps)), { ...common, concurrency: 4 }),
    new Worker(CANARY_QUEUE, answeringHeartbeats(canaryProcessor(deps)), { ...common, concurrency: 8 }),
    new Worker(ANALYSIS_QUEUE, answeringHeartbeats(analysisProcessor(deps)), { ...common, concurrency: 4 }),
    // A report lists the whole cluster: one at a time keeps memory bounded.
    new Worker(GPU_QUEUE, answeringHeartbeats(gpuReportProcessor(deps)), { ...common, concurrency: 1 }),
  ];
  for (const worker of workers) {
    worker.on('completed', (job: Job) => {
      if (isHeartbeat(job)) return;
      deps.metrics.jobs.inc({ queue: worker.name, outcome: 'completed' });
      deps.metrics.jobDuration.observe({ queue: worker.name }, (Date.now() - job.timestamp) / 1000);
    });
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (error.name === 'DelayedError') return;
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError';
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
