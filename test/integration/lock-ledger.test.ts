import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisLockLedger } from '../../src/adapters/locks.js';
import { connectRedis, startPrivateRedis, waitUntilReady, type PrivateRedis } from '../../src/adapters/redis.js';
import type { Lock } from '../../src/domain/locks.js';

/** The lock ledger on a real redis-server: one winner when two take at once, and expiry kept by Redis. */
describe('RedisLockLedger (real redis-server)', () => {
  let server: PrivateRedis;
  let redis: ReturnType<typeof connectRedis>;
  beforeAll(async () => {
    server = await startPrivateRedis();
    redis = connectRedis(server.url, 'client');
    await waitUntilReady(redis);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  const lock = (holder: string, extra: Partial<Lock> = {}): Lock => ({
    app: 'web',
    holder: { id: holder },
    reason: `${holder}'s`,
    since: Date.now(),
    ...extra,
  });

  it('two people taking a free lock at once: one holds it, the other is told it changed', async () => {
    const ledger = new RedisLockLedger(redis, 'test:lock:race');
    const results = await Promise.all([
      ledger.replace(undefined, lock('U0ANA')),
      ledger.replace(undefined, lock('U0BOB')),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const holder = (await ledger.get('web'))?.holder.id;
    expect(holder).toBe(results[0] ? 'U0ANA' : 'U0BOB');
  });

  it('a release of a lock that changed since it was read does nothing', async () => {
    const ledger = new RedisLockLedger(redis, 'test:lock:release');
    const first = lock('U0ANA');
    expect(await ledger.replace(undefined, first)).toBe(true);
    const updated = { ...first, reason: 'updated' };
    expect(await ledger.replace(first, updated)).toBe(true);
    expect(await ledger.release(first)).toBe(false);
    expect((await ledger.get('web'))?.reason).toBe('updated');
    expect(await ledger.release(updated)).toBe(true);
    expect(await ledger.get('web')).toBeUndefined();
  });

  it('a lock with an expiry is gone from Redis at its time', async () => {
    const ledger = new RedisLockLedger(redis, 'test:lock:expiry');
    const until = Date.now() + 60_000;
    expect(await ledger.replace(undefined, lock('U0ANA', { until }))).toBe(true);
    const expiresAt = await redis.pexpiretime('test:lock:expiry:web');
    expect(expiresAt).toBe(until);
  });
});
