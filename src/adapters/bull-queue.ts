import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { TransientError } from '../domain/errors.js';
import type { AddOptions, JobOutcome, JobQueue } from '../queues/queue.js';
import { GITOPS_QUEUE } from '../queues/gitops.js';
import { RECONCILE_QUEUE } from '../queues/reconcile.js';

/** The queues whose jobs change what runs; the rest answer a request (a read, a report, a card). */
const CHANGE_QUEUES: ReadonlySet<string> = new Set([GITOPS_QUEUE, RECONCILE_QUEUE]);

/**
 * Redis did not take the job: it was NOT queued and nothing changed. Transient (Redis may come back); a command
 * answers it at once. Facts: the `queue`; the key says whether a change or a request was turned away.
 */
export class QueueUnavailable extends TransientError {
  override readonly name = 'QueueUnavailable';
  /** Its label in kanaria_commands_total. */
  readonly code = 'queue-unavailable';
  constructor(readonly queue: string) {
    super(CHANGE_QUEUES.has(queue) ? 'errorsQueue.changeNotQueued' : 'errorsQueue.requestNotQueued', { queue });
  }
}

export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  // Keep finished jobs a day so a redelivered request (same id) stays a no-op.
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Enqueues through a connection without an offline queue, so an unreachable Redis fails at once instead
 * of buffering a command that would run later after the user was told it did not.
 */
export class BullJobQueue<T extends object> implements JobQueue<T> {
  readonly queue: Queue;

  constructor(
    name: string,
    connection: Redis,
    options: JobsOptions = defaultJobOptions,
    private readonly timeoutMs = 2_000,
  ) {
    this.queue = new Queue(name, { connection, defaultJobOptions: options });
    // Errors surface through add(); without a listener the emitter would throw.
    this.queue.on('error', () => undefined);
  }

  async schedule(id: string, pattern: string, data: T, timezone?: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      id,
      { pattern, ...(timezone && { tz: timezone }) },
      { name: this.queue.name, data },
    );
  }

  async unschedule(id: string): Promise<void> {
    await this.queue.removeJobScheduler(id);
  }

  async get(jobId: string): Promise<T | undefined> {
    return ((await this.queue.getJob(jobId)) as { data: T } | undefined)?.data;
  }

  async outcome(jobId: string): Promise<JobOutcome<T> | undefined> {
    const job = await this.queue.getJob(jobId);
    if (!job) return undefined;
    const state = await job.getState();
    if (state === 'completed') return { state, value: job.returnvalue as unknown };
    if (state === 'failed') return { state, data: job.data as T };
    return { state: 'pending' };
  }

  async add(jobId: string, data: T, options: AddOptions = {}): Promise<{ jobId: string; duplicate: boolean }> {
    const nonce = `${process.pid}-${Date.now()}-${Math.random()}`;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QueueUnavailable(this.queue.name)), this.timeoutMs);
    });
    try {
      const perJob = {
        jobId,
        ...(options.delayMs && { delay: options.delayMs }),
        ...(options.forgetWhenDone && { removeOnComplete: true, removeOnFail: true }),
      };
      await Promise.race([this.queue.add(this.queue.name, { ...data, nonce }, perJob), timeout]);
      // BullMQ ignores an add with a known id; the stored nonce tells whether this add created the job. The job
      // is queued either way: if the check fails, the answer is "queued", never "NOT queued" for a job that runs.
      const stored = await Promise.race([this.queue.getJob(jobId), timeout]).catch(() => undefined);
      return { jobId, duplicate: stored !== undefined && (stored.data as { nonce?: string }).nonce !== nonce };
    } catch (error) {
      if (error instanceof QueueUnavailable) throw error;
      throw new QueueUnavailable(this.queue.name);
    } finally {
      clearTimeout(timer);
    }
  }
}
