import { describe, expect, it } from 'vitest';
import {
  borrowable,
  kueueReport,
  kueueReportForNamespace,
  summarizeClusterQueue,
  summarizeWorkload,
  withPendingCounts,
  type ClusterQueueSummary,
  type KueueReport,
  type KueueSnapshot,
  type WorkloadSummary,
} from '../../src/domain/kueue.js';

const GPU = 'nvidia.com/gpu';
const cqRaw = (name: string, extra: { spec?: object; status?: object } = {}) => ({
  metadata: { name },
  spec: {
    cohortName: 'research',
    resourceGroups: [
      {
        coveredResources: ['cpu', GPU],
        flavors: [
          {
            name: 'a100',
            resources: [
              { name: 'cpu', nominalQuota: '96' },
              { name: GPU, nominalQuota: 8, borrowingLimit: '4', lendingLimit: 2 },
            ],
          },
        ],
      },
    ],
    ...extra.spec,
  },
  status: {
    pendingWorkloads: 2,
    admittedWorkloads: 3,
    flavorsUsage: [{ name: 'a100', resources: [{ name: GPU, total: '10', borrowed: '2' }] }],
    flavorsReservation: [{ name: 'a100', resources: [{ name: GPU, total: '12', borrowed: '4' }] }],
    ...extra.status,
  },
});

const wlRaw = (
  name: string,
  conditions: object[],
  extra: { priority?: number; created?: string; count?: number; gpus?: string } = {},
) => ({
  metadata: {
    name,
    namespace: 'ml',
    creationTimestamp: extra.created ?? '2026-01-01T00:00:00Z',
    ownerReferences: [{ kind: 'Job', name: `${name}-job`, controller: true }],
  },
  spec: {
    queueName: 'team',
    ...(extra.priority !== undefined && { priority: extra.priority }),
    podSets: [
      {
        name: 'main',
        count: extra.count ?? 2,
        template: {
          spec: { containers: [{ name: 'c', resources: { limits: { [GPU]: extra.gpus ?? '4', cpu: '8' } } }] },
        },
      },
    ],
  },
  status: { conditions },
});

const condition = (type: string, status: string, message?: string) => ({
  type,
  status,
  reason: 'x',
  ...(message && { message }),
});

describe('summarizeClusterQueue: GPU quota, usage and limits per flavor (v1beta2 and v1beta1)', () => {
  it('keeps GPU resources only, with quantities as strings or numbers', () => {
    expect(summarizeClusterQueue(cqRaw('team-a'))).toEqual({
      name: 'team-a',
      cohort: 'research',
      pending: 2,
      admitted: 3,
      quotas: [
        {
          flavor: 'a100',
          resource: GPU,
          nominal: 8,
          borrowingLimit: 4,
          lendingLimit: 2,
          used: 10,
          borrowed: 2,
          reserved: 12,
        },
      ],
    });
  });
  it.each([
    [
      'v1beta1 spells the cohort `cohort` and may publish the queue order',
      { cohortName: undefined, cohort: 'old' },
      'old',
    ],
    ['no cohort', { cohortName: undefined }, undefined],
  ])('%s', (_, spec, cohort) => {
    const cq = summarizeClusterQueue(
      cqRaw('q', {
        spec,
        status: { pendingWorkloadsStatus: { clusterQueuePendingWorkload: [{ namespace: 'ml', name: 'b' }] } },
      }),
    );
    expect(cq?.cohort).toBe(cohort);
    expect(cq?.order).toEqual(['ml/b']);
  });
  it('a queue without GPU quota is none of the report’s business', () => {
    expect(
      summarizeClusterQueue({
        metadata: { name: 'cpu' },
        spec: { resourceGroups: [{ flavors: [{ name: 'x', resources: [{ name: 'cpu', nominalQuota: 4 }] }] }] },
      }),
    ).toBeUndefined();
  });
  it('without `borrowed` (older Kueue), usage above nominal is what was borrowed', () => {
    const cq = summarizeClusterQueue(
      cqRaw('q', { status: { flavorsUsage: [{ name: 'a100', resources: [{ name: GPU, total: 11 }] }] } }),
    );
    expect(cq?.quotas[0]).toMatchObject({ used: 11, borrowed: 3 });
  });
});

describe('summarizeWorkload: GPUs for all pods, state and Kueue’s reason', () => {
  it.each<[string, object[], Partial<WorkloadSummary>]>([
    [
      'no quota: pending, with the QuotaReserved message',
      [
        condition(
          'QuotaReserved',
          'False',
          "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor a100, 4 more needed",
        ),
      ],
      {
        state: 'pending',
        message:
          "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor a100, 4 more needed",
      },
    ],
    ['not looked at yet: pending without a message', [], { state: 'pending' }],
    [
      'quota reserved, waiting for admission checks: the Admitted message',
      [condition('QuotaReserved', 'True'), condition('Admitted', 'False', 'The workload has not all checks ready')],
      { state: 'reserved', message: 'The workload has not all checks ready' },
    ],
    ['admitted', [condition('QuotaReserved', 'True'), condition('Admitted', 'True')], { state: 'admitted' }],
    ['finished', [condition('Admitted', 'True'), condition('Finished', 'True')], { state: 'finished' }],
  ])('%s', (_, conditions, expected) => {
    const w = summarizeWorkload(wlRaw('train', conditions));
    expect(w).toMatchObject({ ...expected, requests: { [GPU]: 8 }, perPod: { [GPU]: 4 }, pods: 2 });
    expect(w?.owner).toEqual({ kind: 'Job', name: 'train-job' });
    if (!('message' in expected)) expect(w?.message).toBeUndefined();
  });
  it('a workload without GPUs is left out', () => {
    expect(summarizeWorkload(wlRaw('cpu', [], { gpus: '0' }))).toBeUndefined();
  });
});

const quota = (over: Partial<ClusterQueueSummary['quotas'][number]>) => ({
  flavor: 'a100',
  resource: GPU,
  nominal: 8,
  used: 0,
  borrowed: 0,
  reserved: 0,
  ...over,
});
const cq = (name: string, q: Partial<ClusterQueueSummary['quotas'][number]>, cohort: string | null = 'c') => ({
  name,
  ...(cohort && { cohort }),
  quotas: [quota(q)],
  pending: 0,
  admitted: 0,
});

describe('borrowable: what the cohort could lend a queue now', () => {
  it.each<[string, ClusterQueueSummary[], number]>([
    ['outside a cohort: nothing', [cq('a', {}, null), cq('b', {}, null)], 0],
    ['another member’s whole unused quota', [cq('a', { used: 8 }), cq('b', { used: 3 })], 5],
    ['capped by the lender’s lending limit', [cq('a', { used: 8 }), cq('b', { used: 3, lendingLimit: 2 })], 2],
    [
      'capped by the borrower’s borrowing limit, less what it borrows already',
      [cq('a', { used: 9, borrowed: 1, borrowingLimit: 3 }), cq('b', { used: 0 })],
      2,
    ],
    [
      'less what others borrow already',
      [cq('a', { used: 8 }), cq('b', { used: 2 }), cq('c', { used: 11, borrowed: 3 })],
      3,
    ],
    ['another flavor lends nothing', [cq('a', { used: 8 }), cq('b', { flavor: 'h100' })], 0],
  ])('%s', (_, queues, expected) => {
    const a = queues[0] as ClusterQueueSummary;
    expect(borrowable(queues, a, a.quotas[0] as ClusterQueueSummary['quotas'][number])).toBe(expected);
  });
});

describe('kueueReport: queue rows, and pending workloads in the order Kueue takes them', () => {
  const pending = (name: string, priority: number, created: string) =>
    summarizeWorkload(wlRaw(name, [], { priority, created })) as WorkloadSummary;
  const snapshot = (order?: string[]): KueueSnapshot => ({
    clusterQueues: [{ ...cq('team-a', { used: 8 }), ...(order && { order }) }, cq('team-b', { used: 2 })],
    localQueues: [{ namespace: 'ml', name: 'team', clusterQueue: 'team-a' }],
    workloads: [
      pending('late', 0, '2026-01-01T00:03:00Z'),
      pending('early', 0, '2026-01-01T00:01:00Z'),
      pending('urgent', 10, '2026-01-01T00:05:00Z'),
      summarizeWorkload(
        wlRaw('running', [condition('QuotaReserved', 'True'), condition('Admitted', 'True')]),
      ) as WorkloadSummary,
    ],
    flavors: [],
  });
  it('higher priority first, then the oldest; admitted ones are not pending', () => {
    const report = kueueReport(snapshot());
    expect(report.pending.map((p) => [p.name, p.clusterQueue, p.position, p.of])).toEqual([
      ['urgent', 'team-a', 1, 3],
      ['early', 'team-a', 2, 3],
      ['late', 'team-a', 3, 3],
    ]);
    expect(report.queues.map((q) => [q.clusterQueue, q.used, q.borrowable])).toEqual([
      ['team-a', 8, 6],
      ['team-b', 2, 0],
    ]);
  });
  it('a workload whose quota is reserved has left the queue: no place, and none taken from those behind it', () => {
    const checked = summarizeWorkload(
      wlRaw('checked', [condition('QuotaReserved', 'True')], { created: '2025-12-31T00:00:00Z' }),
    ) as WorkloadSummary;
    const base = snapshot();
    const report = kueueReport({ ...base, workloads: [...base.workloads, checked] });
    expect(report.pending.map((p) => [p.name, p.state, p.position, p.of])).toEqual([
      ['urgent', 'pending', 1, 3],
      ['early', 'pending', 2, 3],
      ['late', 'pending', 3, 3],
      ['checked', 'reserved', undefined, undefined],
    ]);
  });
  it('the order Kueue publishes (v1beta1) wins', () => {
    expect(kueueReport(snapshot(['ml/late', 'ml/urgent', 'ml/early'])).pending.map((p) => p.name)).toEqual([
      'late',
      'urgent',
      'early',
    ]);
  });
});

describe('withPendingCounts: kueue_pending_workloads for the report’s ClusterQueues', () => {
  const report: KueueReport = { queues: [{ clusterQueue: 'team-a', borrowable: 0, ...quota({}) }], pending: [] };
  it.each<[string, { labels: Record<string, string>; value: number }[], unknown]>([
    [
      'active and inadmissible per queue',
      [
        { labels: { cluster_queue: 'team-a', status: 'active' }, value: 3 },
        { labels: { cluster_queue: 'team-a', status: 'inadmissible' }, value: 2 },
      ],
      [{ clusterQueue: 'team-a', active: 3, inadmissible: 2 }],
    ],
    [
      'queues the report does not show are left out',
      [{ labels: { cluster_queue: 'cpu-only', status: 'active' }, value: 9 }],
      undefined,
    ],
    [
      'an unknown status or NaN is ignored',
      [
        { labels: { cluster_queue: 'team-a', status: 'other' }, value: 1 },
        { labels: { cluster_queue: 'team-a', status: 'active' }, value: NaN },
      ],
      undefined,
    ],
    ['no samples (Prometheus does not scrape Kueue)', [], undefined],
  ])('%s', (_, samples, counts) => {
    expect(withPendingCounts(report, samples).counts).toEqual(counts);
  });
});

describe('kueueReportForNamespace: the queues a namespace feeds, and its own pending workloads', () => {
  it('keeps team-a (fed by ml’s LocalQueue) and ml’s workloads only', () => {
    const theirs = { ...(summarizeWorkload(wlRaw('theirs', [])) as WorkloadSummary), namespace: 'other' };
    const snapshot: KueueSnapshot = {
      clusterQueues: [cq('team-a', { used: 8 }), cq('team-b', {})],
      localQueues: [
        { namespace: 'ml', name: 'team', clusterQueue: 'team-a' },
        { namespace: 'other', name: 'team', clusterQueue: 'team-a' },
      ],
      workloads: [summarizeWorkload(wlRaw('mine', [])) as WorkloadSummary, theirs],
      flavors: [],
    };
    const report = kueueReportForNamespace(snapshot, 'ml');
    expect(report.queues.map((q) => q.clusterQueue)).toEqual(['team-a']);
    expect(report.pending.map((p) => [p.namespace, p.name, p.position, p.of])).toEqual([['ml', 'mine', 1, 2]]);
  });
});
