import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisReclaimLedger, type OfferRecord } from '../../src/adapters/reclaim-ledger.js';
import type { Owner } from '../../src/domain/gpu-reclaim.js';
import { GITOPS_QUEUE } from '../../src/queues/gitops.js';
import { deployment, startHarness, type Harness } from '../helpers/harness.js';

/** S0PLATFORM (Ana, Bob) may deploy `notebook`; Eve may not. Only `ml` is opted in. */
const config = `
gitops: { branch: main }
apps:
  notebook: { manifest: apps/notebook/deployment.yaml, container: web }
policies:
  default: { deploy: [S0PLATFORM], promote: [S0PLATFORM] }
gpu:
  reclaim:
    namespaces:
      ml: { auto: true, channel: C0ML }
`;

const offer = (id: string, namespace: string, owner: Owner): OfferRecord => ({
  id,
  offeredAt: Date.now(),
  deadline: Date.now() + 3600_000,
  channel: 'C0ML',
  dryRun: false,
  candidate: {
    id,
    namespace,
    workload: { kind: 'Deployment', name: 'notebook' },
    pods: [{ name: 'notebook-5f6d7c8b9-aaaaa', node: 'a100-0', gpus: [], activityPercent: 0 }],
    app: 'notebook',
    owner,
    activityPercent: 0,
    equivalent: 1,
  },
});

/**
 * Who may answer an offer, through typed `/gpu keep|release` (the buttons re-enter as these): offers seeded in
 * the ledger as a scan records them, real Redis and git, signed requests.
 */
describe('answering an idle-GPU offer', () => {
  let h: Harness;
  let redis: Redis;
  let ledger: RedisReclaimLedger;

  beforeAll(async () => {
    h = await startHarness({
      files: { 'apps/notebook/deployment.yaml': deployment('notebook', 'pytorch/pytorch:2.4.0', 1) },
      config,
    });
    redis = new Redis(h.redis.url, { maxRetriesPerRequest: null });
    ledger = new RedisReclaimLedger(redis);
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await h?.stop();
  });

  const gitopsJobs = async () => {
    const gitops = new Queue(GITOPS_QUEUE, { connection: redis });
    try {
      return await gitops.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    } finally {
      await gitops.close();
    }
  };

  it('the owner, not allowed to deploy the app, may keep it but not scale the app to 0', async () => {
    await ledger.offer(offer('0123456789', 'ml', { user: 'U0EVE' }));
    expect((await h.command('/gpu', 'release 0123456789', { userId: 'U0EVE' })).text).toMatch(
      /only someone allowed to deploy it may \(as with \/scale\)\. As its owner you may keep it/,
    );
    expect((await ledger.get('0123456789'))?.answer).toBeUndefined();
    expect((await h.command('/gpu', 'keep 0123456789 4h', { userId: 'U0EVE' })).text).toMatch(/^Kept until/);
    expect(await gitopsJobs()).toEqual([]);
    expect(h.remote.log()).toHaveLength(1);
  });

  it('the owner of a workload no app runs is told so when releasing it', async () => {
    const record = offer('fedcba9876', 'ml', { user: 'U0EVE' });
    await ledger.offer({ ...record, candidate: { ...record.candidate, app: undefined } });
    expect((await h.command('/gpu', 'release fedcba9876', { userId: 'U0EVE' })).text).toMatch(
      /No Kanaria app runs Deployment `notebook` in `ml`/,
    );
    expect(await gitopsJobs()).toEqual([]);
  });

  it('an offer of a namespace no longer opted in is void: nothing is released there', async () => {
    await ledger.offer(offer('abcdef0123', 'research', { user: 'U0ANA' }));
    expect((await h.command('/gpu', 'release abcdef0123', { userId: 'U0ANA' })).text).toMatch(
      /`research` is no longer listed under gpu\.reclaim\.namespaces/,
    );
    expect((await ledger.get('abcdef0123'))?.answer).toBeUndefined();
    expect(await gitopsJobs()).toEqual([]);
    expect(h.remote.log()).toHaveLength(1);
  });
});
