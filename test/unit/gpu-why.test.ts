import { describe, expect, it } from 'vitest';
import { explainWait, podTarget, whyNode, workloadTarget, type WhyNode } from '../../src/domain/gpu-why.js';
import {
  summarizeLocalQueue,
  summarizeClusterQueue,
  summarizeWorkload,
  type KueueSnapshot,
} from '../../src/domain/kueue.js';

const GPU = 'nvidia.com/gpu';
const A100 = 'NVIDIA-A100-SXM4-80GB';
const H100_MIG = 'NVIDIA-H100-80GB-HBM3';

const node = (
  name: string,
  product: string,
  allocatable: Record<string, string>,
  held: Record<string, number>,
  extra: { cordoned?: boolean; ready?: boolean; taints?: object[] } = {},
): WhyNode =>
  whyNode(
    {
      metadata: { name, labels: { 'nvidia.com/gpu.product': product } },
      spec: { ...(extra.cordoned && { unschedulable: true }), ...(extra.taints && { taints: extra.taints }) },
      status: {
        allocatable: { cpu: '96', ...allocatable },
        conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }],
      },
    },
    held,
  );

const pod = (spec: object, extra: { node?: string; message?: string; labels?: object } = {}) =>
  podTarget({
    metadata: { namespace: 'ml', name: 'train-0', ...(extra.labels && { labels: extra.labels }) },
    spec: { ...(extra.node && { nodeName: extra.node }), ...spec },
    status: {
      phase: extra.node ? 'Running' : 'Pending',
      ...(extra.message && {
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: extra.message }],
      }),
    },
  });
const asks = (resources: Record<string, string>, more: object = {}) => ({
  containers: [{ name: 'c', resources: { limits: resources } }],
  ...more,
});
const onA100 = { nodeSelector: { 'nvidia.com/gpu.product': A100 } };
const gpuTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
const tolerateGpu = { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] };

describe('explainWait: what a waiting pod asks for and what stands in the way', () => {
  it('a running pod is not waiting: where it runs', () => {
    const answer = explainWait(pod(asks({ [GPU]: '1' }), { node: 'a100-0' }), []);
    expect(answer.reasons).toEqual(['running']);
    expect(answer.target.node).toBe('a100-0');
  });

  it.each<[string, object, WhyNode[], string[], object]>([
    [
      'every A100 is taken; T4s are free but it selects A100',
      asks({ [GPU]: '4' }, onA100),
      [node('a100-0', A100, { [GPU]: '8' }, { [GPU]: 6 }), node('t4-0', 'Tesla-T4', { [GPU]: '4' }, {})],
      ['full'],
      { fits: [], free: { [GPU]: 2 }, offering: 1, elsewhere: [{ product: 'Tesla-T4', free: 4 }] },
    ],
    [
      'the A100 with room is cordoned, another is NotReady',
      asks({ [GPU]: '4' }, onA100),
      [
        node('a100-0', A100, { [GPU]: '8' }, {}, { cordoned: true }),
        node('a100-1', A100, { [GPU]: '8' }, {}, { ready: false }),
        node('a100-2', A100, { [GPU]: '8' }, { [GPU]: 8 }),
      ],
      ['resting'],
      {
        fits: [],
        resting: [
          { node: 'a100-0', cordoned: true, ready: true },
          { node: 'a100-1', cordoned: false, ready: false },
        ],
      },
    ],
    [
      'the node with room has a taint it does not tolerate; the node controller’s own taints say nothing more',
      asks({ [GPU]: '1' }),
      [
        node(
          'a100-0',
          A100,
          { [GPU]: '8' },
          {},
          { taints: [gpuTaint, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
        ),
      ],
      ['tainted'],
      { tainted: [{ node: 'a100-0', taints: ['nvidia.com/gpu=present:NoSchedule'] }] },
    ],
    [
      'tolerated: it fits, the scheduler may simply not have come round to it',
      asks({ [GPU]: '1' }, tolerateGpu),
      [node('a100-0', A100, { [GPU]: '8' }, {}, { taints: [gpuTaint] })],
      ['room'],
      { fits: ['a100-0'], free: { [GPU]: 8 } },
    ],
    [
      'a MIG profile no node offers',
      asks({ 'nvidia.com/mig-3g.40gb': '1' }),
      [node('h100-0', H100_MIG, { 'nvidia.com/mig-1g.10gb': '7' }, {})],
      ['no-such-capacity'],
      { offering: 0 },
    ],
    [
      'required affinity on the product (In of two) picks both',
      asks(
        { [GPU]: '2' },
        {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: 'nvidia.com/gpu.product', operator: 'In', values: [A100, 'NVIDIA-H100'] },
                    ],
                  },
                ],
              },
            },
          },
        },
      ),
      [node('a100-0', A100, { [GPU]: '8' }, { [GPU]: 7 }), node('h100-0', 'NVIDIA-H100', { [GPU]: '8' }, {})],
      ['room'],
      { fits: ['h100-0'], free: { [GPU]: 9 } },
    ],
  ])('%s', (_, spec, nodes, reasons, capacity) => {
    const answer = explainWait(pod(spec, { message: '0/3 nodes are available' }), nodes);
    expect(answer.reasons).toEqual(reasons);
    expect(answer.capacity).toMatchObject(capacity);
    expect(answer.target.scheduler).toBe('0/3 nodes are available');
  });

  /** A Kueue workload of `count` pods, each asking for `gpus` A100s. */
  const gang = (count: number, gpus: string) =>
    workloadTarget({
      metadata: { name: 'train', namespace: 'ml' },
      spec: { podSets: [{ name: 'main', count, template: { spec: asks({ [GPU]: gpus }, onA100) } }] },
    });

  it.each<[string, ReturnType<typeof gang>, WhyNode[], string[], number]>([
    [
      'room for one of its four 8-GPU pods is not room for it',
      gang(4, '8'),
      [node('a100-0', A100, { [GPU]: '8' }, {}), node('a100-1', A100, { [GPU]: '8' }, { [GPU]: 4 })],
      ['short'],
      1,
    ],
    [
      'two 4-GPU pods fit on one free 8-GPU node',
      gang(2, '4'),
      [node('a100-0', A100, { [GPU]: '8' }, {})],
      ['room'],
      2,
    ],
  ])('a workload of several pods: %s', (_, target, nodes, reasons, podsFit) => {
    const answer = explainWait(target, nodes);
    expect(answer.reasons).toEqual(reasons);
    expect(answer.capacity.podsFit).toBe(podsFit);
  });

  it('says what it asks for in GPU terms: product and MIG profile', () => {
    expect(explainWait(pod(asks({ [GPU]: '1' }, onA100)), []).asks).toEqual({ product: A100 });
    expect(explainWait(pod(asks({ 'nvidia.com/mig-1g.10gb': '1' })), []).asks).toEqual({ profile: '1g.10gb' });
    expect(
      explainWait(
        pod(asks({ [GPU]: '1' }, { nodeSelector: { 'nvidia.com/gpu.product': `${H100_MIG}-MIG-1g.10gb` } })),
        [],
      ).asks,
    ).toEqual({ product: `${H100_MIG}-MIG-1g.10gb`, profile: '1g.10gb' });
  });
});

describe('explainWait with Kueue: quota, borrowing, place in the queue', () => {
  const quotaMessage =
    "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor a100, 4 more needed";
  const workload = (name: string, created: string, conditions: object[] = []) => ({
    metadata: {
      name,
      namespace: 'ml',
      creationTimestamp: created,
      ownerReferences: [{ kind: 'Job', name: name.replace(/^job-/, ''), controller: true }],
    },
    spec: {
      queueName: 'team',
      podSets: [{ name: 'main', count: 1, template: { spec: asks({ [GPU]: '4' }, onA100) } }],
    },
    status: { conditions },
  });
  const snapshot: KueueSnapshot = {
    clusterQueues: [
      summarizeClusterQueue({
        metadata: { name: 'team-a' },
        spec: {
          cohortName: 'all',
          resourceGroups: [
            {
              flavors: [
                { name: 'a100', resources: [{ name: GPU, nominalQuota: 8, borrowingLimit: 2 }] },
                // Another product's flavor: no quota of it can hold a pod that selects A100s.
                { name: 'h100', resources: [{ name: GPU, nominalQuota: 8 }] },
              ],
            },
          ],
        },
        status: { flavorsUsage: [{ name: 'a100', resources: [{ name: GPU, total: 8 }] }] },
      }),
      summarizeClusterQueue({
        metadata: { name: 'team-b' },
        spec: {
          cohortName: 'all',
          resourceGroups: [{ flavors: [{ name: 'a100', resources: [{ name: GPU, nominalQuota: 8 }] }] }],
        },
        status: { flavorsUsage: [{ name: 'a100', resources: [{ name: GPU, total: 1 }] }] },
      }),
    ].flatMap((q) => q ?? []),
    localQueues: [
      summarizeLocalQueue({ metadata: { namespace: 'ml', name: 'team' }, spec: { clusterQueue: 'team-a' } }),
    ],
    workloads: [
      workload('job-first', '2026-01-01T00:00:00Z'),
      workload('job-train', '2026-01-01T00:01:00Z', [
        { type: 'QuotaReserved', status: 'False', reason: 'Pending', message: quotaMessage },
      ]),
    ].flatMap((w) => summarizeWorkload(w) ?? []),
    flavors: [
      { name: 'a100', nodeLabels: { 'nvidia.com/gpu.product': A100 } },
      { name: 'h100', nodeLabels: { 'nvidia.com/gpu.product': 'NVIDIA-H100' } },
    ],
  };

  it('a workload asked about by its job’s name: inadmissible, Kueue’s words, the quota, 2 more by borrowing, 2nd in line', () => {
    const answer = explainWait(
      workloadTarget(workload('job-train', '2026-01-01T00:01:00Z')),
      [node('a100-0', A100, { [GPU]: '8' }, { [GPU]: 8 })],
      snapshot,
    );
    expect(answer.reasons).toEqual(['kueue', 'full']);
    expect(answer.kueue).toMatchObject({
      workload: 'job-train',
      state: 'pending',
      queue: 'team',
      clusterQueue: 'team-a',
      position: 2,
      of: 2,
      message: quotaMessage,
      quotas: [{ flavor: 'a100', nominal: 8, used: 8, borrowingLimit: 2, borrowable: 2 }],
    });
  });

  it('a workload whose quota Kueue reserved waits for admission checks, not for quota', () => {
    const reserved = workload('job-checked', '2026-01-01T00:02:00Z', [
      { type: 'QuotaReserved', status: 'True', reason: 'QuotaReserved' },
      { type: 'Admitted', status: 'False', reason: 'NoChecks', message: 'The workload has not all checks ready' },
    ]);
    const withReserved = { ...snapshot, workloads: [...snapshot.workloads, summarizeWorkload(reserved)!] };
    const answer = explainWait(workloadTarget(reserved), [node('a100-0', A100, { [GPU]: '8' }, {})], withReserved);
    expect(answer.reasons).toEqual(['kueue-checks', 'room']);
    expect(answer.kueue).toMatchObject({ state: 'reserved', message: 'The workload has not all checks ready' });
  });

  it('a pod Kueue holds back with a scheduling gate, found through its Workload’s owner', () => {
    const gated = pod(asks({ [GPU]: '4' }, { ...onA100, schedulingGates: [{ name: 'kueue.x-k8s.io/admission' }] }), {
      labels: { 'kueue.x-k8s.io/queue-name': 'team' },
    });
    const answer = explainWait({ ...gated, name: 'first' }, [node('a100-0', A100, { [GPU]: '8' }, {})], snapshot);
    expect(answer.reasons).toEqual(['kueue', 'gated', 'room']);
    expect(answer.kueue).toMatchObject({ workload: 'job-first', position: 1, of: 2 });
    expect(answer.target.queue).toBe('team');
  });
});
