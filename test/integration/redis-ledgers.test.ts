import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAlertLedger } from '../../src/adapters/alert-ledger.js';
import { RedisCardRegistry } from '../../src/adapters/card-registry.js';
import { connectRedis, startPrivateRedis, waitUntilReady, type PrivateRedis } from '../../src/adapters/redis.js';

/** What a retried job relies on: the bookkeeping in Redis counts and tells each thing once, or at least once. */
describe('Redis bookkeeping that retries lean on (real redis-server)', () => {
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

  it('a passing analysis counted again (a retried job) counts once; a reset starts over', async () => {
    const cards = new RedisCardRegistry(redis);
    expect(await cards.countPass('web', '31', 'analysis-web-31-1')).toBe(1);
    expect(await cards.countPass('web', '31', 'analysis-web-31-1')).toBe(1);
    expect(await cards.countPass('web', '31', 'analysis-web-31-2')).toBe(2);
    expect(await cards.countPass('web', '32', 'analysis-web-32-1')).toBe(1);
    await cards.resetPasses('web', '31');
    expect(await cards.countPass('web', '31', 'analysis-web-31-3')).toBe(1);
  });

  it('an alert not yet recorded (its post failed) is raised again by the retry; once recorded, it is not', async () => {
    const ledger = new RedisAlertLedger(redis, 'test:alerts');
    const now = new Set(['free:A100', 'pending:ml/huge-0']);
    expect(await ledger.changes(now)).toEqual({ raised: ['free:A100', 'pending:ml/huge-0'], cleared: [] });
    expect(await ledger.changes(now)).toEqual({ raised: ['free:A100', 'pending:ml/huge-0'], cleared: [] });
    await ledger.record(now);
    expect(await ledger.changes(now)).toEqual({ raised: [], cleared: [] });
    expect(await ledger.changes(new Set(['free:A100']))).toEqual({ raised: [], cleared: ['pending:ml/huge-0'] });
  });
});
