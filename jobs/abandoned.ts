import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDeps } from '../src/boot/deps.js';
import { failedMessage } from '../src/blocks/gitops.js';
import { GITOPS_QUEUE, type GitopsJob } from '../src/queues/gitops.js';
import { READS_QUEUE } from '../src/queues/reads.js';
import { reportAbandonedChange } from './gitops.js';
import { requesterWords, whisperTo, type Requester } from './run-job.js';

/** BullMQ's reason for a job whose worker died more often than `maxStalledCount` allows. */
export const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';

/** How long a report is remembered, so no replica reports a job twice (failed jobs are kept 7 days). */
const REMEMBER_SECONDS = 8 * 24 * 3600;

/**
 * Jobs BullMQ failed without running any of our code (their worker kept dying) never reached the processor's
 * own failure path: each is reported to the requester here, once across replicas.
 */
export async function reportAbandoned(deps: JobDeps, queues: readonly Queue[], redis: Redis): Promise<void> {
  for (const queue of queues) {
    const failed = await queue.getFailed(0, 199);
    for (const job of failed) {
      if (job.failedReason !== STALLED_TOO_OFTEN) continue;
      const key = `kanaria:abandoned-reported:${queue.name}:${job.id}`;
      if ((await redis.set(key, '1', 'EX', REMEMBER_SECONDS, 'NX')) !== 'OK') continue;
      try {
        await report(deps, queue.name, job);
        deps.logger.error(
          { queue: queue.name, jobId: job.id },
          'a job was given up after its worker died repeatedly; the requester was told',
        );
      } catch (error) {
        // Told nobody: let the next sweep try again.
        await redis.del(key).catch(() => undefined);
        deps.logger.warn({ err: error, queue: queue.name, jobId: job.id }, 'could not report an abandoned job');
      }
    }
  }
}

/** Tells the requester, as the job's processor tells its failures: a change in its announcement, the rest privately. */
async function report(deps: JobDeps, queue: string, job: Job): Promise<void> {
  if (queue === GITOPS_QUEUE) return reportAbandonedChange(deps, job as Job<GitopsJob>);
  // Other jobs (reads, reconcile, canary, analysis, reports) answer their requester privately, when they have one.
  const who = job.data as Requester;
  const t = requesterWords(deps, who);
  const gaveUp = t(queue === READS_QUEUE ? 'jobs.abandoned.answering' : 'jobs.abandoned.working');
  await whisperTo(deps, who)(failedMessage(gaveUp, t('jobs.failure.tryAgain')));
}
