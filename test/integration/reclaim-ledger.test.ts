import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisReclaimLedger, type OfferRecord } from '../../src/adapters/reclaim-ledger.js';
import { connectRedis, startPrivateRedis, waitUntilReady, type PrivateRedis } from '../../src/adapters/redis.js';
import type { Answer } from '../../src/domain/gpu-reclaim.js';

const OFFERED_AT = Date.parse('2026-12-03T12:00:00.123Z');
const record = (id: string, offeredAt = OFFERED_AT): OfferRecord => ({
  id,
  offeredAt,
  deadline: offeredAt + 7_200_000,
  channel: 'C0ML',
  dryRun: false,
  candidate: {
    id,
    namespace: 'ml',
    workload: { kind: 'Deployment', name: 'notebook' },
    pods: [
      { name: 'notebook-0', node: 'a100-0', gpus: [{ count: 1, kind: 'gpu', equivalent: 1 }], activityPercent: 0.5 },
    ],
    app: 'notebook',
    owner: { user: 'U0ANA' },
    activityPercent: 0.5,
    equivalent: 1,
  },
});

/** Presses, the deadline job and replicas answer an offer through this ledger at once: one answer wins. */
describe('the reclaim ledger (real redis-server)', () => {
  let server: PrivateRedis;
  let redis: ReturnType<typeof connectRedis>;
  let ledger: RedisReclaimLedger;
  beforeAll(async () => {
    server = await startPrivateRedis();
    redis = connectRedis(server.url, 'client');
    await waitUntilReady(redis);
    ledger = new RedisReclaimLedger(redis, 'test:reclaim');
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('of many answers given at once, exactly one is recorded, and every loser is told which', async () => {
    await ledger.offer(record('aaaaaaaaaa'));
    const answers: Answer[] = Array.from({ length: 20 }, (_, i) =>
      i % 3 === 0
        ? { kind: 'released', by: `U${i}`, at: OFFERED_AT + i }
        : i % 3 === 1
          ? { kind: 'kept', until: OFFERED_AT + 4 * 3_600_000, by: `U${i}` }
          : { kind: 'expired', at: OFFERED_AT + i },
    );
    const results = await Promise.all(answers.map((a) => ledger.answer('aaaaaaaaaa', OFFERED_AT, a)));
    const winners = results.filter((r) => r.first);
    expect(winners).toHaveLength(1);
    const stored = await ledger.get('aaaaaaaaaa');
    expect(stored?.answer).toEqual(winners[0]?.record?.answer);
    for (const loser of results.filter((r) => !r.first)) expect(loser.record?.answer).toEqual(stored?.answer);
    // The rest of the record is kept as it was.
    expect({ ...stored, answer: undefined }).toEqual({ ...record('aaaaaaaaaa'), answer: undefined });
  });

  it('an answer to an offer that was replaced, or is gone, changes nothing', async () => {
    await ledger.offer(record('bbbbbbbbbb', OFFERED_AT + 1000));
    const stale = await ledger.answer('bbbbbbbbbb', OFFERED_AT, { kind: 'expired', at: OFFERED_AT });
    expect(stale.first).toBe(false);
    expect((await ledger.get('bbbbbbbbbb'))?.answer).toBeUndefined();
    expect(await ledger.answer('cccccccccc', OFFERED_AT, { kind: 'expired', at: OFFERED_AT })).toEqual({
      first: false,
    });
  });

  it('amends only the offer it names, and forgets', async () => {
    await ledger.offer(record('dddddddddd'));
    await ledger.amend('dddddddddd', OFFERED_AT + 1, { commit: 'f'.repeat(40) });
    expect((await ledger.get('dddddddddd'))?.commit).toBeUndefined();
    await ledger.amend('dddddddddd', OFFERED_AT, { message: { channel: 'C0ML', ts: '1796323880.000100' } });
    expect((await ledger.get('dddddddddd'))?.message).toEqual({ channel: 'C0ML', ts: '1796323880.000100' });
    await ledger.forget(['dddddddddd']);
    expect(await ledger.get('dddddddddd')).toBeUndefined();
    expect((await ledger.all()).map((r) => r.id).sort()).toEqual(['aaaaaaaaaa', 'bbbbbbbbbb']);
  });

  it('reopens only the offer it names, and only while it stands as asked', async () => {
    await ledger.offer(record('eeeeeeeeee'));
    // Another offer, or an unanswered one asked as released: nothing forgotten.
    expect(await ledger.reopen('eeeeeeeeee', OFFERED_AT + 1, 'unanswered')).toBeUndefined();
    expect(await ledger.reopen('eeeeeeeeee', OFFERED_AT, 'released')).toBeUndefined();
    expect(await ledger.get('eeeeeeeeee')).toBeDefined();
    expect(await ledger.reopen('eeeeeeeeee', OFFERED_AT, 'unanswered')).toEqual(record('eeeeeeeeee'));
    expect(await ledger.get('eeeeeeeeee')).toBeUndefined();

    await ledger.offer(record('ffffffffff'));
    await ledger.answer('ffffffffff', OFFERED_AT, { kind: 'kept', until: OFFERED_AT + 1, by: 'U0ANA' });
    expect(await ledger.reopen('ffffffffff', OFFERED_AT, 'released')).toBeUndefined();
    expect(await ledger.reopen('ffffffffff', OFFERED_AT, 'unanswered')).toBeUndefined();
    await ledger.forget(['ffffffffff']);
    await ledger.offer(record('ffffffffff'));
    await ledger.answer('ffffffffff', OFFERED_AT, { kind: 'released', by: 'U0ANA', at: OFFERED_AT });
    expect((await ledger.reopen('ffffffffff', OFFERED_AT, 'released'))?.answer?.kind).toBe('released');
    expect(await ledger.get('ffffffffff')).toBeUndefined();
  });
});
