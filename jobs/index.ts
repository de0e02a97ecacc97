import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDeps } from '../src/deps.js';
import { GITOPS_QUEUE, gitopsProcessor } from './gitops.js';

export interface Workers {
  close(graceMs?: number): Promise<void>;
  readonly running: () => boolean;
}

/**
 * Every queue processor Kanaria runs. Each replica runs all of them; BullMQ's locks hand each job to one
 * worker, and a job whose worker died is picked up again after its lock expires (stalled-job check).
 */
export function startWorkers(deps: JobDeps, connection: Redis, options: { gitopsConcurrency?: number } = {}): Workers {
  const gitops = new Worker(GITOPS_QUEUE, gitopsProcessor(deps), {
    connection,
    // Jobs wait for the shared repo lane; concurrency lets them join one batch and one push.
    concurrency: options.gitopsConcurrency ?? 64,
    lockDuration: 60_000,
    metrics: { maxDataPoints: 60 * 24 },
  });
  const workers = [gitops];
  for (const worker of workers) {
    worker.on('completed', (job: Job) => {
      deps.metrics.jobs.inc({ queue: worker.name, outcome: 'completed' });
      deps.metrics.jobDuration.observe({ queue: worker.name }, (Date.now() - job.timestamp) / 1000);
    });
    worker.on('failed', (job: Job | undefined, error: Error) => {
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError';
      deps.metrics.jobs.inc({ queue: worker.name, outcome: final ? 'failed' : 'retried' });
      deps.logger.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: error }, final ? 'job failed' : 'job will retry');
    });
    worker.on('error', (error) => deps.logger.error({ queue: worker.name, err: error }, 'worker error'));
  }
  return {
    // Lets in-flight jobs finish; past the grace period (or with Redis gone) it stops anyway, and a job
    // still locked is picked up again by another replica once its lock expires.
    close: async (graceMs = 25_000) => {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      const closed = await Promise.race([Promise.all(workers.map((w) => w.close())), grace]);
      clearTimeout(timer);
      if (closed === 'timeout') await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
    },
    running: () => workers.every((w) => w.isRunning()),
  };
}
