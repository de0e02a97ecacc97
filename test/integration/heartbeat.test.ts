import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, startPrivateRedis, waitUntilReady, type PrivateRedis } from '../../src/adapters/redis.js';
import { answeringHeartbeats, HEARTBEAT, startHeartbeats } from '../../jobs/heartbeat.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * BullMQ #4378: after a Redis failover a worker may say it runs yet take nothing, and jobs wait in silence.
 * A paused worker stands in for it here: it takes nothing, and the heartbeats must notice that, by queue name.
 */
describe('queue heartbeats (real redis-server, real BullMQ workers)', () => {
  let server: PrivateRedis;
  let connection: Redis;
  const cleanup: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    server = await startPrivateRedis();
    connection = connectRedis(server.url, 'worker');
    await waitUntilReady(connection);
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  afterAll(async () => {
    connection?.disconnect();
    await server?.stop();
  });

  /** A queue and a worker whose processor (wrapped as production wraps it) records every job it is given. */
  async function served(name: string) {
    const queue = new Queue(name, { connection });
    const given: string[] = [];
    const heartbeatsTaken: string[] = [];
    const worker = new Worker(
      name,
      answeringHeartbeats(async (job: Job) => (given.push(job.name), 'done')),
      { connection },
    );
    worker.on('completed', (job: Job) => void (job.name === HEARTBEAT && heartbeatsTaken.push(job.id ?? '')));
    cleanup.push(
      () => queue.close(),
      () => worker.close(true),
    );
    await worker.waitUntilReady();
    return { queue, worker, given, heartbeatsTaken };
  }

  it('a queue whose worker takes nothing is named once the deadline passed, and cleared when it resumes; heartbeats never reach the processor', async () => {
    const healthy = await served('heartbeat-healthy');
    const stuck = await served('heartbeat-stuck');
    await stuck.worker.pause();

    const heartbeats = startHeartbeats([healthy.queue, stuck.queue], { intervalMs: 100, deadlineMs: 300 });
    cleanup.push(() => heartbeats.stop());

    const problems = await waitUntil(
      'the stuck queue to be reported',
      () => heartbeats.problems().length > 0 && heartbeats.problems(),
    );
    // Both queues were checked on the same ticks; only the one nobody serves is reported.
    expect(problems).toEqual([
      expect.stringMatching(/^no worker has taken a job from the heartbeat-stuck queue for [\d.]+ s$/),
    ]);
    expect(healthy.heartbeatsTaken.length).toBeGreaterThan(0);

    await healthy.queue.add('real-work', { n: 1 });
    await waitUntil('the real job to be processed', () => healthy.given.length > 0);

    await stuck.worker.resume();
    await waitUntil('the resumed queue to be cleared', () => heartbeats.problems().length === 0);
    expect(stuck.heartbeatsTaken.length).toBeGreaterThan(0);
    // The processors saw real work only: every heartbeat was answered before reaching them.
    expect(healthy.given).toEqual(['real-work']);
    expect(stuck.given).toEqual([]);
  });

  it('a queue with no worker at all is reported too, and heartbeats left behind do not pile up', async () => {
    const queue = new Queue('heartbeat-unserved', { connection });
    cleanup.push(() => queue.close());
    const heartbeats = startHeartbeats([queue], { intervalMs: 100, deadlineMs: 300 });
    cleanup.push(() => heartbeats.stop());
    const [problem] = await waitUntil(
      'the unserved queue to be reported',
      () => heartbeats.problems().length > 0 && heartbeats.problems(),
    );
    expect(problem).toContain('heartbeat-unserved queue');
    // Several ticks have passed by now; while the first heartbeat waits no other is sent: one, not one per tick.
    expect(await queue.getWaitingCount()).toBe(1);
  });
});
