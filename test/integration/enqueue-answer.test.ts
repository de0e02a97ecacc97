import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, startPrivateRedis, type PrivateRedis } from '../../src/adapters/redis.js';
import { BullJobQueue } from '../../src/adapters/bull-queue.js';

/**
 * An enqueue is two round trips: the add, then a read of the stored job (was it ours, or a redelivery's?). When
 * Redis fails between them, the job is queued and will run: the answer must not be "NOT queued and nothing was
 * changed", or the user, told so, asks again and the change is made twice.
 */
describe('the answer to an enqueue says what Redis holds (real redis-server)', () => {
  let server: PrivateRedis;
  let admin: Redis;
  let readsRefused: Redis;

  beforeAll(async () => {
    server = await startPrivateRedis();
    admin = new Redis(server.url);
    // The second round trip fails as it would if Redis went away after the add: this user may not read a job back.
    await admin.acl('SETUSER', 'no-reads', 'on', '>secret', '~*', '&*', '+@all', '-hgetall');
    readsRefused = connectRedis(server.url.replace('redis://', 'redis://no-reads:secret@'), 'client');
  });
  afterAll(async () => {
    readsRefused?.disconnect();
    admin?.disconnect();
    await server?.stop();
  });

  it('the add landed but the read after it failed: answered queued, and the job is there', async () => {
    const queue = new BullJobQueue<{ app: string }>('gitops', readsRefused);
    try {
      await expect(queue.add('gitops-1712345678.1.abc', { app: 'web' })).resolves.toEqual({
        jobId: 'gitops-1712345678.1.abc',
        duplicate: false,
      });
      expect(await admin.hget('bull:gitops:gitops-1712345678.1.abc', 'data')).toContain('"app":"web"');
    } finally {
      await queue.queue.close();
    }
  });
});
