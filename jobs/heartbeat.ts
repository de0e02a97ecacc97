import { randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';

/** The name of the jobs that prove a queue's workers take work; every processor answers them at once. */
export const HEARTBEAT = 'kanaria:heartbeat';

export const isHeartbeat = (job: Job): boolean => job.name === HEARTBEAT;

/** Wraps a processor so that heartbeats never reach it. */
export const answeringHeartbeats =
  <T, R>(processor: (job: Job<T>, token?: string) => Promise<R>) =>
  (job: Job<T>, token?: string): Promise<R | 'alive'> =>
    isHeartbeat(job) ? Promise.resolve('alive') : processor(job, token);

export interface HeartbeatOptions {
  /** How often a heartbeat is sent to each queue. */
  readonly intervalMs: number;
  /** A heartbeat not taken within this long makes the queue's workers count as stuck. */
  readonly deadlineMs: number;
}

interface Beat {
  readonly id: string;
  readonly sentAt: number;
}

/**
 * Sends each queue a heartbeat job (first in line, LIFO) and checks that a worker took it in time: a worker that
 * says it is running but takes nothing (BullMQ #4378, after a Redis failover) then fails readiness instead of
 * leaving jobs waiting in silence. Any replica's worker may take another's heartbeat; what is checked is that
 * the queue is served.
 */
export function startHeartbeats(
  queues: readonly Queue[],
  options: HeartbeatOptions,
  onTick: () => Promise<void> = async () => undefined,
) {
  const instance = randomUUID().slice(0, 8);
  const last = new Map<string, Beat>();
  const stuck = new Map<string, number>();
  let sequence = 0;

  async function beat(queue: Queue): Promise<void> {
    const previous = last.get(queue.name);
    if (previous) {
      const state = await queue.getJobState(previous.id);
      // Taken (then removed) or gone with the data: the queue is served. Still waiting: check the deadline.
      if (state !== 'unknown' && state !== 'completed' && state !== 'failed') {
        const late = Date.now() - previous.sentAt;
        if (late > options.deadlineMs) stuck.set(queue.name, late);
        return;
      }
      stuck.delete(queue.name);
    }
    const id = `heartbeat-${instance}-${++sequence}`;
    await queue.add(HEARTBEAT, {}, { jobId: id, lifo: true, attempts: 1, removeOnComplete: true, removeOnFail: true });
    last.set(queue.name, { id, sentAt: Date.now() });
  }

  let running = true;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    // Redis away: readiness says so already; the heartbeats resume with it.
    await Promise.all(queues.map((queue) => beat(queue).catch(() => undefined)));
    await onTick().catch(() => undefined);
    if (running) timer = setTimeout(() => void tick(), options.intervalMs);
  };
  void tick();

  return {
    /** Queues whose heartbeat no worker has taken in time. */
    problems(): string[] {
      return [...stuck].map(
        ([name, late]) => `no worker has taken a job from the ${name} queue for ${(late / 1000).toFixed(1)} s`,
      );
    },
    stop(): void {
      running = false;
      clearTimeout(timer);
    },
  };
}
