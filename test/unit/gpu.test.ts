import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gpuReportText, pendingReason, restingNode } from '../../src/blocks/gpu-text.js';
import { gpuReportMessage } from '../../src/blocks/gpu.js';
import { wordsFor } from '../../src/i18n/index.js';
import { codeBlock } from '../../src/blocks/gitops.js';
import { scopeInventory } from '../../src/domain/gpu-scope.js';
import {
  gpuReport,
  quantity,
  summarizeNode,
  summarizePod,
  type CapacityRow,
  type GpuKind,
  type GpuReport,
  type NamespaceShare,
  type NodeSummary,
  type PodUsage,
} from '../../src/domain/gpu.js';

const EN = wordsFor('en');

// A GKE cluster with the GPU operator as `kubectl get nodes -o json` / `kubectl get pods -A -o json` show it,
// captured at 2025-06-12T09:30:00Z (see test/fixtures/gpu/README.md).
type Obj = Record<string, unknown>;
const items = (file: string): Obj[] =>
  (JSON.parse(readFileSync(new URL(`../fixtures/gpu/${file}`, import.meta.url), 'utf8')) as { items: Obj[] }).items;
const NODES = items('nodes.json');
const PODS = items('pods.json');
const CAPTURED = Date.parse('2025-06-12T09:30:00Z');
const GKE_POOL = 'cloud.google.com/gke-nodepool';
const nameOf = (o: Obj): string => String((o['metadata'] as Obj)['name']);

/** A node shaped like the API's: CPU, memory and pods next to the GPU resources, the four kubelet conditions. */
interface NodeShape {
  readonly name?: string;
  /** The GKE node pool label; null leaves it out. */
  readonly pool?: string | null;
  readonly labels?: Readonly<Record<string, string>>;
  readonly capacity?: Readonly<Record<string, string>>;
  /** Defaults to the capacity. */
  readonly allocatable?: Readonly<Record<string, string>>;
  readonly ready?: 'True' | 'False' | 'Unknown' | 'none';
  readonly unschedulable?: boolean;
  readonly taints?: readonly Obj[];
}
const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
function node(shape: NodeShape = {}): Obj {
  const name = shape.name ?? 'gke-ml-a100-pool-5e2f1a7c-b8xq';
  const since = '2025-06-01T10:00:00Z';
  const condition = (type: string, status: string, reason: string) => ({
    type,
    status,
    reason,
    message: reason,
    lastHeartbeatTime: since,
    lastTransitionTime: since,
  });
  const conditions =
    shape.ready === 'none'
      ? []
      : [
          condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory'),
          condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
          condition('PIDPressure', 'False', 'KubeletHasSufficientPID'),
          condition(
            'Ready',
            shape.ready ?? 'True',
            shape.ready === 'Unknown'
              ? 'NodeStatusUnknown'
              : shape.ready === 'False'
                ? 'KubeletNotReady'
                : 'KubeletReady',
          ),
        ];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(shape.pool !== null && { [GKE_POOL]: shape.pool ?? 'a100-pool' }),
        ...shape.labels,
      },
      creationTimestamp: since,
    },
    spec: {
      providerID: `gce://ml/us-central1-c/${name}`,
      taints: shape.taints ?? [GPU_TAINT],
      ...(shape.unschedulable !== undefined && { unschedulable: shape.unschedulable }),
    },
    status: {
      capacity: {
        cpu: '96',
        memory: '1376255412Ki',
        pods: '110',
        'ephemeral-storage': '507944172Ki',
        ...shape.capacity,
      },
      allocatable: {
        cpu: '95690m',
        memory: '1313618356Ki',
        pods: '110',
        'ephemeral-storage': '288292490367',
        ...(shape.allocatable ?? shape.capacity),
      },
      conditions,
    },
  };
}
/** GPU Feature Discovery's labels for the full-GPU resource (`nvidia.com/gpu.*`), sharing disabled unless overridden. */
const gfd = (product: string, count: number, extra: Readonly<Record<string, string>> = {}): Record<string, string> => ({
  'nvidia.com/gpu.present': 'true',
  'nvidia.com/gpu.product': product,
  'nvidia.com/gpu.count': String(count),
  'nvidia.com/gpu.memory': '81920',
  'nvidia.com/gpu.replicas': '1',
  'nvidia.com/gpu.sharing-strategy': 'none',
  ...extra,
});
const res = (resource: string, kind: GpuKind, capacity: number, allocatable = capacity, replicas?: number) => ({
  resource,
  kind,
  capacity,
  allocatable,
  ...(replicas !== undefined && { replicas }),
});

describe('quantity', () => {
  it.each<[unknown, number]>([
    [8, 8],
    [0, 0],
    ['8', 8],
    ['0', 0],
    ['56', 56],
    ['08', 8],
    ['1k', 1000],
    ['2M', 2_000_000],
    ['1G', 1_000_000_000],
    [Number.NaN, 0],
    [Number.POSITIVE_INFINITY, 0],
    ['', 0],
    [undefined, 0],
    [null, 0],
    ['eight', 0],
    ['8x', 0],
    ['1.5', 0],
    ['-1', 0],
    ['500m', 0],
    [' 8', 0],
    ['1K', 0],
    ['k', 0],
    [true, 0],
    [{}, 0],
  ])('%j → %d', (value, expected) => {
    expect(quantity(value)).toBe(expected);
  });
});

describe('summarizeNode', () => {
  const A100 = gfd('NVIDIA-A100-SXM4-80GB', 8);
  it.each<[string, NodeShape, Partial<NodeSummary> | undefined]>([
    [
      'whole GPUs',
      { labels: A100, capacity: { 'nvidia.com/gpu': '8' } },
      { product: 'NVIDIA-A100-SXM4-80GB', resources: [res('nvidia.com/gpu', 'gpu', 8)] },
    ],
    [
      'whole GPUs with replicas 0 (GFD with sharing disabled)',
      { labels: { ...A100, 'nvidia.com/gpu.replicas': '0' }, capacity: { 'nvidia.com/gpu': '8' } },
      { resources: [res('nvidia.com/gpu', 'gpu', 8)] },
    ],
    [
      'whole GPUs on a node labelled mig.strategy=single with MIG disabled',
      {
        labels: { ...A100, 'nvidia.com/mig.strategy': 'single', 'nvidia.com/mig.config': 'all-disabled' },
        capacity: { 'nvidia.com/gpu': '8' },
      },
      { resources: [res('nvidia.com/gpu', 'gpu', 8)] },
    ],
    [
      'time-sliced, all GFD signals (-SHARED, replicas, strategy)',
      {
        labels: gfd('NVIDIA-L4-SHARED', 4, {
          'nvidia.com/gpu.replicas': '4',
          'nvidia.com/gpu.sharing-strategy': 'time-slicing',
        }),
        capacity: { 'nvidia.com/gpu': '16' },
      },
      { product: 'NVIDIA-L4-SHARED', resources: [res('nvidia.com/gpu', 'shared', 16, 16, 4)], gpus: 4 },
    ],
    [
      'time-sliced by the -SHARED product alone (replicas unknown)',
      { labels: { 'nvidia.com/gpu.product': 'Tesla-T4-SHARED' }, capacity: { 'nvidia.com/gpu': '4' } },
      { product: 'Tesla-T4-SHARED', resources: [res('nvidia.com/gpu', 'shared', 4)], gpus: undefined },
    ],
    [
      'time-sliced without a replicas label: capacity over the GPUs GFD counts',
      {
        labels: { 'nvidia.com/gpu.product': 'Tesla-T4-SHARED', 'nvidia.com/gpu.count': '2' },
        capacity: { 'nvidia.com/gpu': '8' },
      },
      { resources: [res('nvidia.com/gpu', 'shared', 8, 8, 4)], gpus: 2 },
    ],
    [
      'time-sliced by the replicas label alone',
      {
        labels: { 'nvidia.com/gpu.product': 'Tesla-T4', 'nvidia.com/gpu.replicas': '4' },
        capacity: { 'nvidia.com/gpu': '4' },
      },
      { resources: [res('nvidia.com/gpu', 'shared', 4, 4, 4)], gpus: undefined },
    ],
    [
      'shared by the sharing-strategy label alone (mps)',
      {
        labels: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3', 'nvidia.com/gpu.sharing-strategy': 'mps' },
        capacity: { 'nvidia.com/gpu': '16' },
      },
      { resources: [res('nvidia.com/gpu', 'shared', 16)], gpus: undefined },
    ],
    [
      'sharing-strategy none with replicas 1 is whole',
      { labels: gfd('NVIDIA-H100-80GB-HBM3', 8), capacity: { 'nvidia.com/gpu': '8' } },
      { resources: [res('nvidia.com/gpu', 'gpu', 8)] },
    ],
    [
      'renamed time-slicing (nvidia.com/gpu.shared, no -SHARED suffix, stale nvidia.com/gpu 0)',
      {
        labels: gfd('NVIDIA-L4', 4, {
          'nvidia.com/gpu.replicas': '4',
          'nvidia.com/gpu.sharing-strategy': 'time-slicing',
        }),
        capacity: { 'nvidia.com/gpu': '0', 'nvidia.com/gpu.shared': '16' },
      },
      { product: 'NVIDIA-L4', resources: [res('nvidia.com/gpu.shared', 'shared', 16, 16, 4)], gpus: 4 },
    ],
    [
      'nvidia.com/gpu.shared without any GFD label',
      { labels: {}, capacity: { 'nvidia.com/gpu.shared': '8' } },
      { product: 'unknown', resources: [res('nvidia.com/gpu.shared', 'shared', 8)], gpus: undefined },
    ],
    [
      'MIG single: nvidia.com/gpu counts slices, product carries -MIG-',
      {
        labels: gfd('NVIDIA-A100-SXM4-40GB-MIG-1g.5gb', 56, {
          'nvidia.com/mig.strategy': 'single',
          'nvidia.com/gpu.memory': '4864',
        }),
        capacity: { 'nvidia.com/gpu': '56' },
      },
      // GFD's nvidia.com/gpu.count counts the MIG devices here, not GPUs.
      { product: 'NVIDIA-A100-SXM4-40GB-MIG-1g.5gb', resources: [res('nvidia.com/gpu', 'mig', 56)], gpus: undefined },
    ],
    [
      'MIG single, time-sliced slices (-MIG-…-SHARED): replicas of a slice, not slices',
      {
        labels: gfd('NVIDIA-A100-SXM4-40GB-MIG-1g.5gb-SHARED', 56, {
          'nvidia.com/mig.strategy': 'single',
          'nvidia.com/gpu.replicas': '2',
          'nvidia.com/gpu.sharing-strategy': 'time-slicing',
        }),
        capacity: { 'nvidia.com/gpu': '112' },
      },
      { resources: [res('nvidia.com/gpu', 'shared', 112, 112, 2)], gpus: undefined },
    ],
    [
      'MIG mixed: one resource per profile, sorted, the stale nvidia.com/gpu 0 dropped',
      {
        labels: {
          ...gfd('NVIDIA-A100-SXM4-80GB', 8, { 'nvidia.com/gpu.replicas': '0' }),
          'nvidia.com/mig.strategy': 'mixed',
          'nvidia.com/mig-3g.40gb.count': '8',
          'nvidia.com/mig-1g.10gb.count': '28',
          'nvidia.com/mig-1g.10gb.product': 'NVIDIA-A100-SXM4-80GB-MIG-1g.10gb',
        },
        capacity: { 'nvidia.com/mig-3g.40gb': '8', 'nvidia.com/gpu': '0', 'nvidia.com/mig-1g.10gb': '28' },
      },
      {
        product: 'NVIDIA-A100-SXM4-80GB',
        resources: [res('nvidia.com/mig-1g.10gb', 'mig', 28), res('nvidia.com/mig-3g.40gb', 'mig', 8)],
      },
    ],
    [
      'MIG mixed with some GPUs left whole',
      {
        labels: { ...A100, 'nvidia.com/mig.strategy': 'mixed', 'nvidia.com/mig-1g.10gb.count': '14' },
        capacity: { 'nvidia.com/gpu': '6', 'nvidia.com/mig-1g.10gb': '14' },
      },
      { resources: [res('nvidia.com/gpu', 'gpu', 6), res('nvidia.com/mig-1g.10gb', 'mig', 14)] },
    ],
    [
      'MIG mixed, one profile time-sliced: its own GFD labels say so, the other profile stays slices',
      {
        labels: {
          ...gfd('NVIDIA-A100-SXM4-80GB', 8, { 'nvidia.com/gpu.replicas': '0' }),
          'nvidia.com/mig.strategy': 'mixed',
          'nvidia.com/mig-1g.10gb.count': '28',
          'nvidia.com/mig-1g.10gb.product': 'NVIDIA-A100-SXM4-80GB-MIG-1g.10gb-SHARED',
          'nvidia.com/mig-1g.10gb.replicas': '4',
          'nvidia.com/mig-1g.10gb.sharing-strategy': 'time-slicing',
          'nvidia.com/mig-3g.40gb.count': '8',
          'nvidia.com/mig-3g.40gb.replicas': '1',
          'nvidia.com/mig-3g.40gb.sharing-strategy': 'none',
        },
        capacity: { 'nvidia.com/mig-1g.10gb': '112', 'nvidia.com/mig-3g.40gb': '8' },
      },
      {
        resources: [res('nvidia.com/mig-1g.10gb', 'shared', 112, 112, 4), res('nvidia.com/mig-3g.40gb', 'mig', 8)],
      },
    ],
    [
      'MIG mixed, a profile time-sliced and renamed (nvidia.com/mig-1g.10gb.shared)',
      {
        labels: {
          ...gfd('NVIDIA-A100-SXM4-80GB', 8, { 'nvidia.com/gpu.replicas': '0' }),
          'nvidia.com/mig.strategy': 'mixed',
          'nvidia.com/mig-1g.10gb.count': '28',
          'nvidia.com/mig-1g.10gb.replicas': '2',
        },
        capacity: { 'nvidia.com/mig-1g.10gb.shared': '56' },
      },
      { resources: [res('nvidia.com/mig-1g.10gb.shared', 'shared', 56, 56, 2)] },
    ],
    [
      'whole GPUs time-sliced beside MIG slices that are not',
      {
        labels: {
          ...gfd('NVIDIA-A100-SXM4-80GB', 4, {
            'nvidia.com/gpu.replicas': '4',
            'nvidia.com/gpu.sharing-strategy': 'time-slicing',
          }),
          'nvidia.com/mig.strategy': 'mixed',
          'nvidia.com/mig-1g.10gb.count': '28',
          'nvidia.com/mig-1g.10gb.replicas': '1',
        },
        capacity: { 'nvidia.com/gpu': '16', 'nvidia.com/mig-1g.10gb': '28' },
      },
      {
        resources: [res('nvidia.com/gpu', 'shared', 16, 16, 4), res('nvidia.com/mig-1g.10gb', 'mig', 28)],
        gpus: 4,
      },
    ],
    ['CPU-only node', { labels: {}, capacity: {}, taints: [] }, undefined],
    [
      'a GPU node whose device plugin is gone (nvidia.com/gpu 0)',
      { labels: A100, capacity: { 'nvidia.com/gpu': '0' } },
      undefined,
    ],
    ["another vendor's GPUs", { labels: {}, capacity: { 'amd.com/gpu': '8' } }, undefined],
    [
      'tainted nvidia.com/gpu=present:NoSchedule still counts',
      { labels: A100, capacity: { 'nvidia.com/gpu': '8' }, taints: [GPU_TAINT] },
      { ready: true, cordoned: false, resources: [res('nvidia.com/gpu', 'gpu', 8)] },
    ],
    [
      'cordoned',
      {
        labels: A100,
        capacity: { 'nvidia.com/gpu': '8' },
        unschedulable: true,
        taints: [GPU_TAINT, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }],
      },
      { cordoned: true, ready: true },
    ],
    [
      'unschedulable: false',
      { labels: A100, capacity: { 'nvidia.com/gpu': '8' }, unschedulable: false },
      { cordoned: false },
    ],
    [
      'NotReady (Ready False)',
      { labels: A100, capacity: { 'nvidia.com/gpu': '8' }, ready: 'False' },
      { ready: false, cordoned: false },
    ],
    [
      'unreachable (Ready Unknown)',
      { labels: A100, capacity: { 'nvidia.com/gpu': '8' }, ready: 'Unknown' },
      { ready: false },
    ],
    ['no conditions yet', { labels: A100, capacity: { 'nvidia.com/gpu': '8' }, ready: 'none' }, { ready: false }],
    ['no pool label', { labels: A100, pool: null, capacity: { 'nvidia.com/gpu': '8' } }, { pool: '(no pool)' }],
    ['an empty pool label', { labels: A100, pool: '', capacity: { 'nvidia.com/gpu': '8' } }, { pool: '(no pool)' }],
    [
      'another pool',
      { labels: A100, pool: 'a100-spot-pool', capacity: { 'nvidia.com/gpu': '8' } },
      { pool: 'a100-spot-pool' },
    ],
    [
      "no product label (GKE's own device plugin, no GFD)",
      { labels: { 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' }, capacity: { 'nvidia.com/gpu': '1' } },
      { product: 'unknown', resources: [res('nvidia.com/gpu', 'gpu', 1)], gpus: undefined },
    ],
    [
      'allocatable below capacity (an unhealthy device)',
      { labels: A100, capacity: { 'nvidia.com/gpu': '8' }, allocatable: { 'nvidia.com/gpu': '7' } },
      { resources: [res('nvidia.com/gpu', 'gpu', 8, 7)] },
    ],
    [
      'every device unhealthy (allocatable 0) is still a GPU node',
      { labels: A100, capacity: { 'nvidia.com/gpu': '8' }, allocatable: { 'nvidia.com/gpu': '0' } },
      { resources: [res('nvidia.com/gpu', 'gpu', 8, 0)] },
    ],
  ])('%s', (_, shape, expected) => {
    const summary = summarizeNode(node(shape), GKE_POOL);
    if (expected === undefined) expect(summary).toBeUndefined();
    else
      expect(summary).toEqual({
        name: 'gke-ml-a100-pool-5e2f1a7c-b8xq',
        pool: 'a100-pool',
        product: shape.labels?.['nvidia.com/gpu.product'] ?? 'unknown',
        resources: [res('nvidia.com/gpu', 'gpu', 8)],
        gpus: 8,
        cordoned: false,
        ready: true,
        ...expected,
      });
  });

  it('takes the pool from the label it is given', () => {
    const labels = {
      ...gfd('NVIDIA-H100-80GB-HBM3', 8),
      'karpenter.sh/nodepool': 'h100-spot',
      'node.kubernetes.io/instance-type': 'p5.48xlarge',
    };
    const n = node({ labels, capacity: { 'nvidia.com/gpu': '8' } });
    expect(summarizeNode(n, 'karpenter.sh/nodepool')?.pool).toBe('h100-spot');
    expect(summarizeNode(n, 'node.kubernetes.io/instance-type')?.pool).toBe('p5.48xlarge');
    expect(summarizeNode(n, GKE_POOL)?.pool).toBe('a100-pool');
    expect(summarizeNode(n, 'eks.amazonaws.com/nodegroup')?.pool).toBe('(no pool)');
  });

  it('survives what is not a node', () => {
    for (const junk of [null, undefined, 'node', 42, [], {}, { status: { capacity: 'x' } }])
      expect(summarizeNode(junk, GKE_POOL)).toBeUndefined();
    expect(summarizeNode({ status: { capacity: { 'nvidia.com/gpu': 2 } } }, GKE_POOL)).toEqual({
      name: '?',
      pool: '(no pool)',
      product: 'unknown',
      resources: [res('nvidia.com/gpu', 'gpu', 2, 0)],
      cordoned: false,
      ready: false,
    });
  });

  it('reads every node of the fixture cluster', () => {
    const summaries = NODES.map((n) => summarizeNode(n, GKE_POOL));
    const rows = summaries.map((s, i) =>
      s
        ? `${s.name} ${s.pool} ${s.product} ${s.resources.map((r) => `${r.resource}:${r.kind}:${r.capacity}/${r.allocatable}`).join(',')}${s.cordoned ? ' cordoned' : ''}${s.ready ? '' : ' NotReady'}`
        : `${nameOf(NODES[i]!)} -`,
    );
    expect(rows).toEqual([
      'gke-ml-prod-a100-80-pool-3f1c2d9a-0k2p a100-80-pool NVIDIA-A100-SXM4-80GB nvidia.com/gpu:gpu:8/8',
      'gke-ml-prod-a100-80-pool-3f1c2d9a-7hqz a100-80-pool NVIDIA-A100-SXM4-80GB nvidia.com/gpu:gpu:8/7',
      'gke-ml-prod-a100-80-pool-3f1c2d9a-m5wd a100-80-pool NVIDIA-A100-SXM4-80GB nvidia.com/gpu:gpu:8/8 cordoned',
      'gke-ml-prod-a100-80-pool-3f1c2d9a-x9rt a100-80-pool NVIDIA-A100-SXM4-80GB nvidia.com/gpu:gpu:8/8 NotReady',
      'gke-ml-prod-l4-timeslice-pool-9b0e1f44-2xkd l4-timeslice-pool NVIDIA-L4-SHARED nvidia.com/gpu:shared:16/16',
      'gke-ml-prod-l4-inference-pool-52c7aa10-8vnc l4-inference-pool NVIDIA-L4 nvidia.com/gpu.shared:shared:16/16',
      'gke-ml-prod-a100-mig-pool-e81d0c37-q4lm a100-mig-pool NVIDIA-A100-SXM4-80GB nvidia.com/mig-1g.10gb:mig:28/28,nvidia.com/mig-3g.40gb:mig:8/8',
      'gke-ml-prod-a100-40-mig-pool-7a2b9c01-t6vj a100-40-mig-pool NVIDIA-A100-SXM4-40GB-MIG-1g.5gb nvidia.com/gpu:mig:56/56',
      'gke-ml-prod-default-pool-1c0f3e5b-hx7s -',
      'gke-ml-prod-t4-ci-pool-0d4e6f21-r2bn t4-ci-pool unknown nvidia.com/gpu:gpu:1/1',
    ]);
  });

  it('reads what GPU Feature Discovery says of the fixture nodes: physical GPUs, replicas of shared devices', () => {
    const facts = NODES.flatMap((n) => summarizeNode(n, GKE_POOL) ?? []).map(
      (s) => `${s.pool} ${s.gpus ?? '-'} ${s.resources.map((r) => `${r.resource}×${r.replicas ?? '-'}`).join(',')}`,
    );
    expect(facts).toEqual([
      'a100-80-pool 8 nvidia.com/gpu×-',
      'a100-80-pool 8 nvidia.com/gpu×-',
      'a100-80-pool 8 nvidia.com/gpu×-',
      'a100-80-pool 8 nvidia.com/gpu×-',
      'l4-timeslice-pool 4 nvidia.com/gpu×4',
      'l4-inference-pool 4 nvidia.com/gpu.shared×4',
      'a100-mig-pool 8 nvidia.com/mig-1g.10gb×-,nvidia.com/mig-3g.40gb×-',
      // Single-strategy MIG: GFD's count is of MIG devices (56), not of GPUs.
      'a100-40-mig-pool - nvidia.com/gpu×-',
      // GKE's own device plugin: no GFD labels.
      't4-ci-pool - nvidia.com/gpu×-',
    ]);
  });
});

/** A container as the API stores it: CPU and memory next to the GPUs; `gpus` go where `put` says. */
function container(
  name: string,
  gpus: Readonly<Record<string, string>> = {},
  put: 'both' | 'limits' | 'requests' = 'both',
  extra: Obj = {},
): Obj {
  return {
    name,
    image: 'us-docker.pkg.dev/ml/images/train:2025.06',
    resources: {
      limits: { memory: '16Gi', ...(put !== 'requests' && gpus) },
      requests: { cpu: '4', memory: '16Gi', ...(put !== 'limits' && gpus) },
    },
    ...extra,
  };
}
interface PodShape {
  readonly namespace?: string;
  readonly name?: string;
  readonly containers?: readonly Obj[];
  readonly initContainers?: readonly Obj[];
  readonly phase?: string;
  readonly node?: string;
  readonly created?: string;
  readonly conditions?: readonly Obj[];
}
function pod(shape: PodShape = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: shape.namespace ?? 'ml-training',
      name: shape.name ?? 'trainer-0',
      creationTimestamp: shape.created ?? '2025-06-12T09:00:00Z',
      labels: { app: 'trainer' },
    },
    spec: {
      containers: shape.containers ?? [container('trainer', { 'nvidia.com/gpu': '1' })],
      ...(shape.initContainers && { initContainers: shape.initContainers }),
      ...(shape.node && { nodeName: shape.node }),
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    },
    status: {
      phase: shape.phase ?? 'Running',
      ...(shape.conditions && { conditions: shape.conditions }),
      qosClass: 'Burstable',
    },
  };
}
const gpu = (n: number) => ({ 'nvidia.com/gpu': String(n) });
const UNSCHEDULABLE =
  '0/12 nodes are available: 4 Insufficient nvidia.com/gpu, 8 node(s) had untolerated taint {nvidia.com/gpu: present}. preemption: 0/12 nodes are available: 4 No preemption victims found for incoming pod, 8 Preemption is not helpful for scheduling.';
const scheduled = (status: 'True' | 'False', reason?: string, message?: string) => ({
  type: 'PodScheduled',
  status,
  lastProbeTime: null,
  lastTransitionTime: '2025-06-12T09:00:01Z',
  ...(reason && { reason }),
  ...(message && { message }),
});

describe('summarizePod: what a pod holds or asks for', () => {
  it.each<[string, PodShape, Record<string, number> | undefined]>([
    ['one container, limits and requests', { containers: [container('trainer', gpu(1))] }, { 'nvidia.com/gpu': 1 }],
    ['limits only', { containers: [container('trainer', gpu(2), 'limits')] }, { 'nvidia.com/gpu': 2 }],
    ['requests only', { containers: [container('trainer', gpu(2), 'requests')] }, { 'nvidia.com/gpu': 2 }],
    [
      'the sum over containers',
      { containers: [container('trainer', gpu(2)), container('evaluator', gpu(1)), container('sidecar-logs')] },
      { 'nvidia.com/gpu': 3 },
    ],
    [
      'an init container larger than the sum wins',
      {
        initContainers: [container('nccl-check', gpu(4))],
        containers: [container('a', gpu(1)), container('b', gpu(1))],
      },
      { 'nvidia.com/gpu': 4 },
    ],
    [
      'the sum larger than any init container wins',
      {
        initContainers: [container('warmup', gpu(1)), container('download', {})],
        containers: [container('a', gpu(2)), container('b', gpu(2))],
      },
      { 'nvidia.com/gpu': 4 },
    ],
    [
      'the largest of several init containers, not their sum',
      { initContainers: [container('one', gpu(2)), container('two', gpu(3))], containers: [container('main', gpu(1))] },
      { 'nvidia.com/gpu': 3 },
    ],
    [
      'an init container with GPUs, containers without',
      { initContainers: [container('convert', gpu(1))], containers: [container('main')] },
      { 'nvidia.com/gpu': 1 },
    ],
    [
      'the init rule per resource',
      {
        initContainers: [container('check', { 'nvidia.com/gpu': '2', 'nvidia.com/mig-1g.10gb': '1' })],
        containers: [container('main', { 'nvidia.com/mig-1g.10gb': '2' })],
      },
      { 'nvidia.com/gpu': 2, 'nvidia.com/mig-1g.10gb': 2 },
    ],
    [
      'several MIG profiles',
      {
        containers: [
          container('small', { 'nvidia.com/mig-1g.10gb': '1' }),
          container('large', { 'nvidia.com/mig-3g.40gb': '1' }),
        ],
      },
      { 'nvidia.com/mig-1g.10gb': 1, 'nvidia.com/mig-3g.40gb': 1 },
    ],
    [
      'renamed shared GPUs',
      { containers: [container('whisper', { 'nvidia.com/gpu.shared': '1' })] },
      { 'nvidia.com/gpu.shared': 1 },
    ],
    [
      'CPU, memory and other vendors ignored',
      { containers: [container('main', { 'nvidia.com/gpu': '1', 'amd.com/gpu': '2', 'example.com/foo': '3' })] },
      { 'nvidia.com/gpu': 1 },
    ],
    ['a GPU limit of 0', { containers: [container('main', gpu(0))] }, undefined],
    ['a pod without GPUs', { containers: [container('web')] }, undefined],
    ['a pod without containers', { containers: [] }, undefined],
  ])('%s', (_, shape, expected) => {
    expect(summarizePod(pod(shape))?.requests).toEqual(expected);
  });

  // Sidecar containers (init containers with restartPolicy Always, on by default since Kubernetes 1.29) keep
  // running next to the app containers: the scheduler adds them to the sum, and to every init container
  // that starts after them, instead of taking the max.
  it.each<[string, PodShape, Record<string, number>]>([
    [
      'a sidecar next to the app',
      {
        initContainers: [container('gpu-sidecar', gpu(1), 'both', { restartPolicy: 'Always' })],
        containers: [container('main', gpu(1))],
      },
      { 'nvidia.com/gpu': 2 },
    ],
    [
      'an init container after a sidecar',
      {
        initContainers: [
          container('gpu-sidecar', gpu(1), 'both', { restartPolicy: 'Always' }),
          container('warmup', gpu(2)),
        ],
        containers: [container('main', gpu(1))],
      },
      { 'nvidia.com/gpu': 3 },
    ],
  ])('counts sidecar init containers (restartPolicy Always) as the scheduler does: %s', (_, shape, expected) => {
    expect(summarizePod(pod(shape))?.requests).toEqual(expected);
  });

  it.each([['Pending'], ['Running'], ['Unknown']])('keeps a %s pod', (phase) => {
    expect(summarizePod(pod({ phase }))).toMatchObject({ phase, requests: { 'nvidia.com/gpu': 1 } });
  });

  it.each([['Succeeded'], ['Failed']])('drops a %s pod: it holds nothing any more', (phase) => {
    expect(summarizePod(pod({ phase, node: 'gpu-node-1' }))).toBeUndefined();
  });

  it('takes namespace, name, node, phase and creation time', () => {
    expect(
      summarizePod(
        pod({
          namespace: 'research',
          name: 'notebook-alice-0',
          node: 'gpu-node-1',
          created: '2025-06-09T13:02:44Z',
          conditions: [scheduled('True')],
        }),
      ),
    ).toEqual({
      namespace: 'research',
      name: 'notebook-alice-0',
      node: 'gpu-node-1',
      phase: 'Running',
      requests: { 'nvidia.com/gpu': 1 },
      createdAt: '2025-06-09T13:02:44Z',
    });
  });

  it.each<[string, readonly Obj[] | undefined, { message?: string } | undefined]>([
    ["the scheduler's message", [scheduled('False', 'Unschedulable', UNSCHEDULABLE)], { message: UNSCHEDULABLE }],
    ['the reason without a message', [scheduled('False', 'SchedulingGated')], { message: 'SchedulingGated' }],
    ['nothing to quote without either', [scheduled('False')], {}],
    ['nothing once scheduled', [scheduled('True')], undefined],
    ['nothing without conditions', undefined, undefined],
    [
      'nothing for other conditions',
      [
        {
          type: 'Ready',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [trainer]',
        },
      ],
      undefined,
    ],
  ])("a pending pod's reason: %s", (_, conditions, expected) => {
    const usage = summarizePod(pod({ phase: 'Pending', ...(conditions && { conditions }) }));
    expect(usage?.unschedulable).toEqual(expected);
    expect(usage).not.toHaveProperty('node');
  });

  it('survives what is not a pod', () => {
    for (const junk of [
      null,
      undefined,
      'pod',
      7,
      [],
      {},
      { spec: { containers: 'x' } },
      { spec: { containers: [null, 'x'] } },
    ])
      expect(summarizePod(junk)).toBeUndefined();
    expect(summarizePod({ spec: { containers: [{ resources: { limits: gpu(1) } }] } })).toEqual({
      namespace: 'default',
      name: '?',
      phase: 'Unknown',
      requests: { 'nvidia.com/gpu': 1 },
    });
  });

  it('reads every GPU pod of the fixture cluster and nothing else', () => {
    const usages = PODS.flatMap((p) => summarizePod(p) ?? []);
    expect(
      usages.map((u) => `${u.namespace}/${u.name} ${u.phase} ${u.node ?? '-'} ${JSON.stringify(u.requests)}`),
    ).toEqual([
      'ml-training/llm-pretrain-worker-0 Running gke-ml-prod-a100-80-pool-3f1c2d9a-0k2p {"nvidia.com/gpu":8}',
      'ml-training/llm-finetune-7d9c6b5f4-q2w8e Running gke-ml-prod-a100-80-pool-3f1c2d9a-7hqz {"nvidia.com/gpu":4}',
      'research/notebook-alice-0 Running gke-ml-prod-a100-80-pool-3f1c2d9a-m5wd {"nvidia.com/gpu":2}',
      'inference/embedder-6f7c9d8b5-abcde Running gke-ml-prod-l4-timeslice-pool-9b0e1f44-2xkd {"nvidia.com/gpu":1}',
      'inference/embedder-6f7c9d8b5-fghij Running gke-ml-prod-l4-timeslice-pool-9b0e1f44-2xkd {"nvidia.com/gpu":2}',
      'inference/embedder-6f7c9d8b5-klmno Running gke-ml-prod-l4-timeslice-pool-9b0e1f44-2xkd {"nvidia.com/gpu":2}',
      'inference/whisper-large-7b8d9c6f5-2pz7c Running gke-ml-prod-l4-inference-pool-52c7aa10-8vnc {"nvidia.com/gpu.shared":1}',
      'inference/whisper-large-7b8d9c6f5-wq4rm Running gke-ml-prod-l4-inference-pool-52c7aa10-8vnc {"nvidia.com/gpu.shared":1}',
      'research/hpo-trial-1-x17kd Running gke-ml-prod-a100-mig-pool-e81d0c37-q4lm {"nvidia.com/mig-1g.10gb":1}',
      'research/hpo-trial-2-x27kd Running gke-ml-prod-a100-mig-pool-e81d0c37-q4lm {"nvidia.com/mig-1g.10gb":1}',
      'research/hpo-trial-3-x37kd Running gke-ml-prod-a100-mig-pool-e81d0c37-q4lm {"nvidia.com/mig-1g.10gb":1}',
      'research/eval-70b-b7m2q Running gke-ml-prod-a100-mig-pool-e81d0c37-q4lm {"nvidia.com/mig-3g.40gb":1}',
      'ml-training/ray-cluster-gpu-group-worker-x7k2m Running gke-ml-prod-a100-40-mig-pool-7a2b9c01-t6vj {"nvidia.com/gpu":7}',
      'ci/gpu-smoke-test-29160565-d4r8n Running gke-ml-prod-t4-ci-pool-0d4e6f21-r2bn {"nvidia.com/gpu":1}',
      'ml-training/llm-pretrain-worker-2 Running gke-ml-prod-a100-80-pool-3f1c2d9a-zz1v {"nvidia.com/gpu":8}',
      'ml-training/llm-pretrain-worker-1 Pending - {"nvidia.com/gpu":8}',
      'research/sweep-h100-trial-7-k9v2s Pending - {"nvidia.com/gpu":2}',
      'ml-training/batch-eval-4xk2p Pending - {"nvidia.com/gpu":4}',
      'inference/vllm-llama-8b-5d6c7b8a9-h3j4k Pending - {"nvidia.com/gpu.shared":1}',
    ]);
  });
});

/** A node summary: `[resource, kind, capacity, allocatable?]` per resource. */
function gpuNode(
  name: string,
  resources: readonly (readonly [string, GpuKind, number, number?])[],
  extra: Partial<NodeSummary> = {},
): NodeSummary {
  return {
    name,
    pool: 'pool-a',
    product: 'NVIDIA-A100-SXM4-80GB',
    resources: resources.map(([resource, kind, capacity, allocatable]) => ({
      resource,
      kind,
      capacity,
      allocatable: allocatable ?? capacity,
    })),
    cordoned: false,
    ready: true,
    ...extra,
  };
}
function usage(
  namespace: string,
  name: string,
  requests: Readonly<Record<string, number>>,
  extra: Partial<PodUsage> = {},
): PodUsage {
  return { namespace, name, phase: extra.node ? 'Running' : 'Pending', requests, ...extra };
}
const NOW = Date.parse('2025-06-12T12:00:00Z');
const rowOf = (report: GpuReport, resource: string, pool = 'pool-a'): CapacityRow | undefined =>
  report.rows.find((r) => r.resource === resource && r.pool === pool);

describe('gpuReport', () => {
  it('counts free GPUs only on Ready, uncordoned nodes; idle ones elsewhere are unavailable', () => {
    const nodes = [
      gpuNode('ready', [['nvidia.com/gpu', 'gpu', 8]]),
      gpuNode('cordoned', [['nvidia.com/gpu', 'gpu', 8]], { cordoned: true }),
      gpuNode('not-ready', [['nvidia.com/gpu', 'gpu', 8]], { ready: false }),
      gpuNode('both', [['nvidia.com/gpu', 'gpu', 8]], { cordoned: true, ready: false }),
    ];
    const pods = [
      usage('a', 'p1', { 'nvidia.com/gpu': 3 }, { node: 'ready' }),
      usage('a', 'p2', { 'nvidia.com/gpu': 2 }, { node: 'cordoned' }),
      usage('b', 'p3', { 'nvidia.com/gpu': 8 }, { node: 'both' }),
    ];
    const report = gpuReport(nodes, pods, NOW);
    expect(report.rows).toEqual([
      {
        product: 'NVIDIA-A100-SXM4-80GB',
        pool: 'pool-a',
        resource: 'nvidia.com/gpu',
        kind: 'gpu',
        unit: 1,
        nodes: 4,
        capacity: 32,
        allocatable: 32,
        requested: 13,
        free: 5,
        unavailable: 6 + 8,
        unhealthy: 0,
        utilisation: 13 / 32,
        equivalents: { capacity: 32, allocatable: 32, requested: 13, free: 5 },
      },
    ]);
    expect(report.totals).toEqual({ nodes: 4, capacity: 32, allocatable: 32, requested: 13, free: 5 });
    expect(report.cordonedOrNotReady).toEqual([
      { node: 'cordoned', cordoned: true, ready: true },
      { node: 'not-ready', cordoned: false, ready: false },
      { node: 'both', cordoned: true, ready: false },
    ]);
    expect(report.cordonedOrNotReady.map((n) => restingNode(EN, n))).toEqual([
      'cordoned (cordoned)',
      'not-ready (NotReady)',
      'both (cordoned) (NotReady)',
    ]);
  });

  it('counts allocatable below capacity as unhealthy, and never counts negative free GPUs', () => {
    // One device went unhealthy while a pod held all eight: the pod still holds them.
    const nodes = [
      gpuNode('flaky', [['nvidia.com/gpu', 'gpu', 8, 7]]),
      gpuNode('dead', [['nvidia.com/gpu', 'gpu', 8, 5]], { cordoned: true }),
      gpuNode('fine', [['nvidia.com/gpu', 'gpu', 8]]),
    ];
    const report = gpuReport(nodes, [usage('a', 'p', { 'nvidia.com/gpu': 8 }, { node: 'flaky' })], NOW);
    expect(rowOf(report, 'nvidia.com/gpu')).toMatchObject({
      capacity: 24,
      allocatable: 20,
      requested: 8,
      free: 8,
      unavailable: 5,
      unhealthy: 4,
    });
    expect(report.unhealthyNodes).toEqual([
      { node: 'flaky', missing: 1 },
      { node: 'dead', missing: 3 },
    ]);
  });

  it('counts requests per resource, on the node the pod is bound to', () => {
    const nodes = [
      gpuNode('mixed', [
        ['nvidia.com/gpu', 'gpu', 2],
        ['nvidia.com/mig-1g.10gb', 'mig', 14],
        ['nvidia.com/mig-3g.40gb', 'mig', 4],
      ]),
      gpuNode('other', [['nvidia.com/mig-1g.10gb', 'mig', 7]]),
    ];
    const pods = [
      usage('a', 'p1', { 'nvidia.com/gpu': 1, 'nvidia.com/mig-1g.10gb': 2 }, { node: 'mixed' }),
      usage('a', 'p2', { 'nvidia.com/mig-1g.10gb': 3 }, { node: 'mixed' }),
      usage('b', 'p3', { 'nvidia.com/mig-1g.10gb': 1 }, { node: 'other' }),
    ];
    const report = gpuReport(nodes, pods, NOW);
    expect(report.rows.map((r) => [r.resource, r.nodes, r.requested, r.free])).toEqual([
      ['nvidia.com/mig-1g.10gb', 2, 6, 15],
      ['nvidia.com/mig-3g.40gb', 1, 0, 4],
      ['nvidia.com/gpu', 1, 1, 1],
    ]);
  });

  it('ignores pods bound to nodes it was not given (CPU nodes, deleted nodes)', () => {
    const report = gpuReport(
      [gpuNode('gpu-1', [['nvidia.com/gpu', 'gpu', 4]])],
      [
        usage('a', 'ghost', { 'nvidia.com/gpu': 4 }, { node: 'gone-node' }),
        usage('a', 'real', { 'nvidia.com/gpu': 1 }, { node: 'gpu-1' }),
      ],
      NOW,
    );
    expect(rowOf(report, 'nvidia.com/gpu')).toMatchObject({ requested: 1, free: 3 });
    expect(report.namespaces).toEqual([{ namespace: 'a', gpus: 1, mig: {}, shared: 0, equivalents: 1, pods: 1 }]);
    expect(report.pending).toEqual([]);
  });

  it('lists pods without a node as pending, longest waiting first', () => {
    const pods = [
      usage('a', 'new', { 'nvidia.com/gpu': 1 }, { createdAt: '2025-06-12T11:59:50Z' }),
      usage(
        'b',
        'old',
        { 'nvidia.com/gpu': 8 },
        { createdAt: '2025-06-12T08:00:00Z', unschedulable: { message: UNSCHEDULABLE } },
      ),
      usage('c', 'no-timestamp', { 'nvidia.com/mig-1g.10gb': 1 }),
      usage(
        'a',
        'middle',
        { 'nvidia.com/gpu.shared': 1, 'nvidia.com/gpu': 1 },
        {
          createdAt: '2025-06-12T11:30:00.000Z',
          unschedulable: { message: 'Scheduling is blocked due to non-empty scheduling gates' },
        },
      ),
      usage('a', 'clock-skew', { 'nvidia.com/gpu': 1 }, { createdAt: '2025-06-12T12:00:05Z' }),
    ];
    const report = gpuReport([], pods, NOW);
    expect(report.pending).toEqual([
      {
        namespace: 'b',
        name: 'old',
        requests: { 'nvidia.com/gpu': 8 },
        waitingSeconds: 14400,
        reason: { why: 'scheduler', message: UNSCHEDULABLE },
      },
      {
        namespace: 'a',
        name: 'middle',
        requests: { 'nvidia.com/gpu.shared': 1, 'nvidia.com/gpu': 1 },
        waitingSeconds: 1800,
        reason: { why: 'scheduler', message: 'Scheduling is blocked due to non-empty scheduling gates' },
      },
      {
        namespace: 'a',
        name: 'new',
        requests: { 'nvidia.com/gpu': 1 },
        waitingSeconds: 10,
        reason: { why: 'waiting' },
      },
      {
        namespace: 'c',
        name: 'no-timestamp',
        requests: { 'nvidia.com/mig-1g.10gb': 1 },
        reason: { why: 'waiting' },
      },
      {
        namespace: 'a',
        name: 'clock-skew',
        requests: { 'nvidia.com/gpu': 1 },
        waitingSeconds: 0,
        reason: { why: 'waiting' },
      },
    ]);
    expect(report.namespaces).toEqual([]);
    expect(report.rows).toEqual([]);
  });

  it('sorts namespaces by GPU-equivalents held, then by name', () => {
    const nodes = [
      gpuNode('n', [
        ['nvidia.com/gpu', 'gpu', 16],
        ['nvidia.com/mig-1g.10gb', 'mig', 7],
      ]),
    ];
    const pods = [
      usage('zeta', 'z1', { 'nvidia.com/gpu': 2 }, { node: 'n' }),
      usage('alpha', 'a1', { 'nvidia.com/gpu': 2 }, { node: 'n' }),
      usage('big', 'b1', { 'nvidia.com/gpu': 4 }, { node: 'n' }),
      usage('big', 'b2', { 'nvidia.com/gpu': 1, 'nvidia.com/mig-1g.10gb': 2 }, { node: 'n' }),
      usage('small', 's1', { 'nvidia.com/mig-1g.10gb': 1 }, { node: 'n' }),
      usage('pending-only', 'p1', { 'nvidia.com/gpu': 8 }),
    ];
    expect(gpuReport(nodes, pods, NOW).namespaces.map((n) => [n.namespace, n.equivalents])).toEqual([
      ['big', 5.29],
      ['alpha', 2],
      ['zeta', 2],
      ['small', 0.14],
    ]);
  });

  it('totals whole GPUs only: MIG slices and shared replicas are not GPUs', () => {
    const nodes = [
      gpuNode('whole', [['nvidia.com/gpu', 'gpu', 8, 7]]),
      gpuNode(
        'half-mig',
        [
          ['nvidia.com/gpu', 'gpu', 4],
          ['nvidia.com/mig-1g.10gb', 'mig', 28],
        ],
        { pool: 'pool-b' },
      ),
      gpuNode('mig-single', [['nvidia.com/gpu', 'mig', 56]], { product: 'NVIDIA-A100-SXM4-40GB-MIG-1g.5gb' }),
      gpuNode('sliced', [['nvidia.com/gpu', 'shared', 16]], { product: 'NVIDIA-L4-SHARED' }),
      gpuNode('renamed', [['nvidia.com/gpu.shared', 'shared', 16]], { product: 'NVIDIA-L4' }),
      gpuNode('cordoned', [['nvidia.com/gpu', 'gpu', 8]], { cordoned: true }),
    ];
    const pods = [
      usage('a', 'p1', { 'nvidia.com/gpu': 3 }, { node: 'whole' }),
      usage('a', 'p2', { 'nvidia.com/gpu': 10 }, { node: 'mig-single' }),
      usage('a', 'p3', { 'nvidia.com/gpu': 5 }, { node: 'sliced' }),
      usage('a', 'p4', { 'nvidia.com/gpu': 1 }, { node: 'cordoned' }),
    ];
    expect(gpuReport(nodes, pods, NOW).totals).toEqual({
      nodes: 3,
      capacity: 20,
      allocatable: 19,
      requested: 4,
      free: 4 + 4,
    });
  });

  it('groups rows by product, pool and resource; orders them by free GPUs, then product, pool, resource', () => {
    const nodes = [
      gpuNode('a1', [['nvidia.com/gpu', 'gpu', 8]], { pool: 'pool-b' }),
      gpuNode('a2', [['nvidia.com/gpu', 'gpu', 8]], { pool: 'pool-a' }),
      gpuNode('a3', [['nvidia.com/gpu', 'gpu', 8]], { pool: 'pool-a' }),
      gpuNode('h1', [['nvidia.com/gpu', 'gpu', 8]], { pool: 'pool-a', product: 'NVIDIA-H100-80GB-HBM3' }),
      gpuNode('l1', [['nvidia.com/gpu', 'shared', 16]], { pool: 'pool-c', product: 'NVIDIA-L4-SHARED' }),
      gpuNode(
        'm1',
        [
          ['nvidia.com/mig-3g.40gb', 'mig', 8],
          ['nvidia.com/mig-1g.10gb', 'mig', 8],
        ],
        { pool: 'pool-a' },
      ),
    ];
    const pods = [
      usage('x', 'full', { 'nvidia.com/gpu': 8 }, { node: 'a1' }),
      usage('x', 'sliced', { 'nvidia.com/gpu': 8 }, { node: 'l1' }),
    ];
    const report = gpuReport(nodes, pods, NOW);
    expect(report.rows.map((r) => `${r.free} ${r.product} ${r.pool} ${r.resource} ${r.nodes}`)).toEqual([
      '16 NVIDIA-A100-SXM4-80GB pool-a nvidia.com/gpu 2',
      '8 NVIDIA-A100-SXM4-80GB pool-a nvidia.com/mig-1g.10gb 1',
      '8 NVIDIA-A100-SXM4-80GB pool-a nvidia.com/mig-3g.40gb 1',
      '8 NVIDIA-H100-80GB-HBM3 pool-a nvidia.com/gpu 1',
      '8 NVIDIA-L4-SHARED pool-c nvidia.com/gpu 1',
      '0 NVIDIA-A100-SXM4-80GB pool-b nvidia.com/gpu 1',
    ]);
  });

  it.each<[string, number, number, number]>([
    ['half used', 8, 4, 0.5],
    ['idle', 8, 0, 0],
    ['full', 8, 8, 1],
    ['nothing allocatable', 0, 0, 0],
  ])('utilisation, %s: requested / allocatable', (_, allocatable, requested, expected) => {
    const pods = requested ? [usage('a', 'p', { 'nvidia.com/gpu': requested }, { node: 'n' })] : [];
    expect(
      rowOf(gpuReport([gpuNode('n', [['nvidia.com/gpu', 'gpu', 8, allocatable]])], pods, NOW), 'nvidia.com/gpu')
        ?.utilisation,
    ).toBe(expected);
  });

  it('reports nothing for no nodes and no pods', () => {
    expect(gpuReport([], [], NOW)).toEqual({
      rows: [],
      totals: { nodes: 0, capacity: 0, allocatable: 0, requested: 0, free: 0 },
      equivalents: { capacity: 0, allocatable: 0, requested: 0, free: 0 },
      pending: [],
      namespaces: [],
      cordonedOrNotReady: [],
      unhealthyNodes: [],
    });
  });

  it('reports the fixture cluster', () => {
    const report = fixtureReport();
    const row = (
      free: number,
      requested: number,
      allocatable: number,
      capacity: number,
      nodes: number,
      kind: GpuKind,
      product: string,
      pool: string,
      resource: string,
      unit: number,
      equivalents: CapacityRow['equivalents'],
      unavailable = 0,
      unhealthy = 0,
    ): CapacityRow => ({
      product,
      pool,
      resource,
      kind,
      unit,
      nodes,
      capacity,
      allocatable,
      requested,
      free,
      unavailable,
      unhealthy,
      utilisation: requested / allocatable,
      equivalents,
    });
    const eq = (capacity: number, allocatable: number, requested: number, free: number) => ({
      capacity,
      allocatable,
      requested,
      free,
    });
    expect(report.rows).toEqual([
      row(
        49,
        7,
        56,
        56,
        1,
        'mig',
        'NVIDIA-A100-SXM4-40GB-MIG-1g.5gb',
        'a100-40-mig-pool',
        'nvidia.com/gpu',
        1 / 7,
        eq(8, 8, 1, 7),
      ),
      row(
        25,
        3,
        28,
        28,
        1,
        'mig',
        'NVIDIA-A100-SXM4-80GB',
        'a100-mig-pool',
        'nvidia.com/mig-1g.10gb',
        1 / 7,
        eq(4, 4, 0.43, 3.57),
      ),
      row(
        14,
        2,
        16,
        16,
        1,
        'shared',
        'NVIDIA-L4',
        'l4-inference-pool',
        'nvidia.com/gpu.shared',
        1 / 4,
        eq(4, 4, 0.5, 3.5),
      ),
      row(
        11,
        5,
        16,
        16,
        1,
        'shared',
        'NVIDIA-L4-SHARED',
        'l4-timeslice-pool',
        'nvidia.com/gpu',
        1 / 4,
        eq(4, 4, 1.25, 2.75),
      ),
      row(
        7,
        1,
        8,
        8,
        1,
        'mig',
        'NVIDIA-A100-SXM4-80GB',
        'a100-mig-pool',
        'nvidia.com/mig-3g.40gb',
        3 / 7,
        eq(3.43, 3.43, 0.43, 3),
      ),
      // 0k2p full (8 held), 7hqz 7 allocatable with 4 held, m5wd cordoned with 2 held, x9rt NotReady and idle.
      row(
        3,
        14,
        31,
        32,
        4,
        'gpu',
        'NVIDIA-A100-SXM4-80GB',
        'a100-80-pool',
        'nvidia.com/gpu',
        1,
        eq(32, 31, 14, 3),
        6 + 8,
        1,
      ),
      row(0, 1, 1, 1, 1, 'gpu', 'unknown', 't4-ci-pool', 'nvidia.com/gpu', 1, eq(1, 1, 1, 0)),
    ]);
    expect(report.totals).toEqual({ nodes: 5, capacity: 33, allocatable: 32, requested: 15, free: 3 });
    // 8 + 4 + 4 + 4 + 24/7 + 32 + 1 GPUs behind the rows; 7 × 1/7 + 3/7 + 2/4 + 5/4 + 3/7 + 14 + 1 requested.
    expect(report.equivalents).toEqual({ capacity: 56.43, allocatable: 55.43, requested: 18.61, free: 22.82 });
    expect(
      report.pending.map((p) => [
        `${p.namespace}/${p.name}`,
        p.waitingSeconds,
        pendingReason(EN, p.reason).slice(0, 40),
      ]),
    ).toEqual([
      ['ml-training/llm-pretrain-worker-1', 11840, '0/10 nodes are available: 1 node(s) had '],
      ['research/sweep-h100-trial-7-k9v2s', 1500, '0/10 nodes are available: 10 node(s) did'],
      ['ml-training/batch-eval-4xk2p', 150, 'Scheduling is blocked due to non-empty s'],
      ['inference/vllm-llama-8b-5d6c7b8a9-h3j4k', 10, 'waiting to be scheduled'],
    ]);
    // Not 19, 7, 6 and 1 "GPUs": 7 slices of 1g.5gb are one A100, 7 replicas of L4s shared ×4 are 1.75 L4s.
    expect(report.namespaces).toEqual([
      { namespace: 'ml-training', gpus: 12, mig: { '1g.5gb': 7 }, shared: 0, equivalents: 13, pods: 3 },
      { namespace: 'research', gpus: 2, mig: { '1g.10gb': 3, '3g.40gb': 1 }, shared: 0, equivalents: 2.86, pods: 5 },
      { namespace: 'inference', gpus: 0, mig: {}, shared: 7, equivalents: 1.75, pods: 5 },
      { namespace: 'ci', gpus: 1, mig: {}, shared: 0, equivalents: 1, pods: 1 },
    ]);
    expect(report.cordonedOrNotReady.map((n) => restingNode(EN, n))).toEqual([
      'gke-ml-prod-a100-80-pool-3f1c2d9a-m5wd (cordoned)',
      'gke-ml-prod-a100-80-pool-3f1c2d9a-x9rt (NotReady)',
    ]);
    expect(report.unhealthyNodes).toEqual([{ node: 'gke-ml-prod-a100-80-pool-3f1c2d9a-7hqz', missing: 1 }]);
  });
});

describe('the namespace table in GPU terms: whole GPUs, MIG slices and shared replicas apart, summed in GPU-equivalents', () => {
  const H100_MIXED = node({
    name: 'h100-mig-0',
    labels: {
      ...gfd('NVIDIA-H100-80GB-HBM3', 8, { 'nvidia.com/gpu.replicas': '0' }),
      'nvidia.com/mig.strategy': 'mixed',
      'nvidia.com/mig-1g.10gb.count': '56',
      'nvidia.com/mig-1g.10gb.product': 'NVIDIA-H100-80GB-HBM3-MIG-1g.10gb',
      'nvidia.com/mig-1g.10gb.replicas': '1',
    },
    capacity: { 'nvidia.com/gpu': '0', 'nvidia.com/mig-1g.10gb': '56' },
  });
  const A100_WHOLE = node({ name: 'a100-0', labels: gfd('NVIDIA-A100-SXM4-80GB', 8), capacity: gpu(8) });
  const A100_SINGLE = node({
    name: 'a100-mig-single-0',
    labels: gfd('NVIDIA-A100-SXM4-40GB-MIG-1g.5gb', 56, { 'nvidia.com/mig.strategy': 'single' }),
    capacity: gpu(56),
  });
  const T4_SLICED = node({
    name: 't4-0',
    labels: gfd('Tesla-T4-SHARED', 1, {
      'nvidia.com/gpu.replicas': '4',
      'nvidia.com/gpu.sharing-strategy': 'time-slicing',
    }),
    capacity: gpu(4),
  });
  const L4_RENAMED = node({
    name: 'l4-0',
    labels: gfd('NVIDIA-L4', 4, { 'nvidia.com/gpu.replicas': '4', 'nvidia.com/gpu.sharing-strategy': 'time-slicing' }),
    capacity: { 'nvidia.com/gpu': '0', 'nvidia.com/gpu.shared': '16' },
  });
  const A30_MIXED = node({
    name: 'a30-0',
    labels: { ...gfd('NVIDIA-A30', 4, { 'nvidia.com/gpu.replicas': '0' }), 'nvidia.com/mig.strategy': 'mixed' },
    capacity: { 'nvidia.com/mig-1g.6gb': '16' },
  });
  const on = (nodeName: string, namespace: string, name: string, requests: Record<string, string>): Obj =>
    pod({ namespace, name, node: nodeName, containers: [container('main', requests)] });
  const mig1g10 = { 'nvidia.com/mig-1g.10gb': '1' };

  it.each<[string, Obj[], Obj[], [string, number, Record<string, number>, number, number, number][]]>([
    [
      'whole GPUs and mixed-strategy MIG slices: 5 GPUs + 2 slices is 5.29, never 7',
      [A100_WHOLE, H100_MIXED],
      [
        on('a100-0', 'ml-research', 'train-0', gpu(5)),
        on('h100-mig-0', 'ml-research', 'notebook-0', mig1g10),
        on('h100-mig-0', 'ml-research', 'notebook-1', mig1g10),
      ],
      [['ml-research', 5, { '1g.10gb': 2 }, 0, 5.29, 3]],
    ],
    [
      'single-strategy MIG: nvidia.com/gpu is a slice there, its profile in the product',
      [A100_SINGLE],
      [on('a100-mig-single-0', 'ml', 'ray-worker', gpu(7))],
      [['ml', 0, { '1g.5gb': 7 }, 0, 1, 1]],
    ],
    [
      'time-slicing ×4: a replica is a quarter of a GPU',
      [T4_SLICED],
      [on('t4-0', 'serving', 'a', gpu(1)), on('t4-0', 'serving', 'b', gpu(1)), on('t4-0', 'serving', 'c', gpu(1))],
      [['serving', 0, {}, 3, 0.75, 3]],
    ],
    [
      'time-slicing renamed to nvidia.com/gpu.shared',
      [L4_RENAMED],
      [on('l4-0', 'inference', 'whisper', { 'nvidia.com/gpu.shared': '2' })],
      [['inference', 0, {}, 2, 0.5, 1]],
    ],
    [
      'a MIG slice of an A30 is a quarter of it',
      [A30_MIXED],
      [on('a30-0', 'dev', 'nb', { 'nvidia.com/mig-1g.6gb': '2' })],
      [['dev', 0, { '1g.6gb': 2 }, 0, 0.5, 1]],
    ],
    [
      'one nvidia.com/gpu is whole, a slice or a replica by the node it runs on',
      [A100_WHOLE, A100_SINGLE, T4_SLICED],
      [
        on('a100-0', 'ml', 'whole', gpu(1)),
        on('a100-mig-single-0', 'ml', 'slice', gpu(1)),
        on('t4-0', 'ml', 'replica', gpu(1)),
      ],
      [['ml', 1, { '1g.5gb': 1 }, 1, 1.39, 3]],
    ],
    [
      'pending pods hold nothing yet: not in the table nor in GPU-equivalents (the node decides what a unit is)',
      [A100_WHOLE],
      [
        on('a100-0', 'ml', 'running', gpu(1)),
        pod({ namespace: 'ml', name: 'waiting', containers: [container('main', gpu(8))], phase: 'Pending' }),
        pod({ namespace: 'queued', name: 'waiting', containers: [container('main', gpu(8))], phase: 'Pending' }),
      ],
      [['ml', 1, {}, 0, 1, 1]],
    ],
    [
      'init containers: the larger of the init request and the app containers, not their sum',
      [H100_MIXED],
      [
        pod({
          namespace: 'research',
          name: 'eval',
          node: 'h100-mig-0',
          initContainers: [container('warm-cache', { 'nvidia.com/mig-1g.10gb': '4' })],
          containers: [container('eval', { 'nvidia.com/mig-1g.10gb': '4' }), container('sidecar')],
        }),
      ],
      [['research', 0, { '1g.10gb': 4 }, 0, 0.57, 1]],
    ],
    [
      'sorted by GPU-equivalents: 8 replicas (2 GPU-eq) come after 3 whole GPUs',
      [A100_WHOLE, L4_RENAMED],
      [on('l4-0', 'many-replicas', 'p', { 'nvidia.com/gpu.shared': '8' }), on('a100-0', 'few-gpus', 'p', gpu(3))],
      [
        ['few-gpus', 3, {}, 0, 3, 1],
        ['many-replicas', 0, {}, 8, 2, 1],
      ],
    ],
  ])('%s', (_, nodeObjects, podObjects, expected) => {
    const report = gpuReport(
      nodeObjects.flatMap((n) => summarizeNode(n, GKE_POOL) ?? []),
      podObjects.flatMap((p) => summarizePod(p) ?? []),
      NOW,
    );
    expect(report.namespaces).toEqual(
      expected.map(([namespace, gpus, mig, shared, equivalents, pods]) => ({
        namespace,
        gpus,
        mig,
        shared,
        equivalents,
        pods,
      })),
    );
  });

  it('pools and totals gain GPU-equivalents too; the whole-GPU totals stay whole GPUs', () => {
    const report = gpuReport(
      [A100_WHOLE, H100_MIXED, T4_SLICED].flatMap((n) => summarizeNode(n, GKE_POOL) ?? []),
      [on('h100-mig-0', 'ml', 'a', { 'nvidia.com/mig-1g.10gb': '3' }), on('t4-0', 'ml', 'b', gpu(2))].flatMap(
        (p) => summarizePod(p) ?? [],
      ),
      NOW,
    );
    expect(report.rows.map((r) => [r.product, r.unit, r.equivalents])).toEqual([
      ['NVIDIA-H100-80GB-HBM3', 1 / 7, { capacity: 8, allocatable: 8, requested: 0.43, free: 7.57 }],
      ['NVIDIA-A100-SXM4-80GB', 1, { capacity: 8, allocatable: 8, requested: 0, free: 8 }],
      ['Tesla-T4-SHARED', 1 / 4, { capacity: 1, allocatable: 1, requested: 0.5, free: 0.5 }],
    ]);
    expect(report.totals).toEqual({ nodes: 1, capacity: 8, allocatable: 8, requested: 0, free: 8 });
    expect(report.equivalents).toEqual({ capacity: 17, allocatable: 17, requested: 0.93, free: 16.07 });
  });

  it('nodes of one product and pool shared differently get a row each', () => {
    const sliced = (name: string, replicas: number) =>
      node({
        name,
        labels: gfd('Tesla-T4-SHARED', 1, { 'nvidia.com/gpu.replicas': String(replicas) }),
        capacity: gpu(replicas),
      });
    const report = gpuReport(
      [sliced('t4-by-4', 4), sliced('t4-by-2', 2)].flatMap((n) => summarizeNode(n, GKE_POOL) ?? []),
      [],
      NOW,
    );
    expect(report.rows.map((r) => [r.capacity, r.unit, r.equivalents.capacity])).toEqual([
      [4, 1 / 4, 1],
      [2, 1 / 2, 1],
    ]);
  });

  it.each<[string, typeof EN, string, string]>([
    [
      'English',
      EN,
      'Top namespaces by GPU-equivalents held (pending pods not counted):',
      '  ml-research  5 GPUs + 2× 1g.10gb + 3 shared replicas = 6.04 GPU-eq (6 pods)',
    ],
    [
      'Japanese',
      wordsFor('ja'),
      'GPU換算で多く使っている名前空間（PendingのPodは含みません）:',
      '  ml-research  GPU 5個 + MIG 1g.10gb ×2 + 共有レプリカ 3個 = GPU換算 6.04（6 Pod）',
    ],
  ])('prints a namespace in %s: each kind in its unit, then the sum', (_, t, header, line) => {
    const report = gpuReport(
      [A100_WHOLE, H100_MIXED, T4_SLICED].flatMap((n) => summarizeNode(n, GKE_POOL) ?? []),
      [
        on('a100-0', 'ml-research', 'train', gpu(5)),
        on('h100-mig-0', 'ml-research', 'nb-0', mig1g10),
        on('h100-mig-0', 'ml-research', 'nb-1', mig1g10),
        ...['a', 'b', 'c'].map((name) => on('t4-0', 'ml-research', name, gpu(1))),
        on('a100-0', 'ci', 'smoke', gpu(1)),
      ].flatMap((p) => summarizePod(p) ?? []),
      NOW,
    );
    const text = gpuReportText(t, report);
    expect(text).toContain(`\n${header}\n${line}\n`);
    expect(text).not.toMatch(/ml-research +10 /);
  });

  it("prints a thousand GPU-equivalents in the reader's number format", () => {
    const many = { ...share('big', 1234), equivalents: 1234.5 };
    expect(gpuReportText(EN, report({ namespaces: [many] }))).toContain('  big  1,234 GPUs = 1,234.5 GPU-eq (1 pod)\n');
  });
});

function fixtureReport(): GpuReport {
  return gpuReport(
    NODES.flatMap((n) => summarizeNode(n, GKE_POOL) ?? []),
    PODS.flatMap((p) => summarizePod(p) ?? []),
    CAPTURED,
  );
}

/** A report built by hand, for the text alone. */
function report(parts: Partial<GpuReport> = {}): GpuReport {
  const row: CapacityRow = {
    product: 'NVIDIA-A100-SXM4-80GB',
    pool: 'a100-pool',
    resource: 'nvidia.com/gpu',
    kind: 'gpu',
    unit: 1,
    nodes: 2,
    capacity: 16,
    allocatable: 16,
    requested: 6,
    free: 10,
    unavailable: 0,
    unhealthy: 0,
    utilisation: 6 / 16,
    equivalents: { capacity: 16, allocatable: 16, requested: 6, free: 10 },
  };
  return {
    rows: [row],
    totals: { nodes: 2, capacity: 16, allocatable: 16, requested: 6, free: 10 },
    equivalents: { capacity: 16, allocatable: 16, requested: 6, free: 10 },
    pending: [],
    namespaces: [],
    cordonedOrNotReady: [],
    unhealthyNodes: [],
    ...parts,
  };
}
/** A namespace holding whole GPUs only, in one pod. */
const share = (namespace: string, gpus: number): NamespaceShare => ({
  namespace,
  gpus,
  mig: {},
  shared: 0,
  equivalents: gpus,
  pods: 1,
});
const rowsOf = (n: number): CapacityRow[] =>
  Array.from({ length: n }, (_, i) => ({ ...report().rows[0]!, pool: `pool-${String(i).padStart(2, '0')}` }));

describe('gpuReportText', () => {
  it('says so when there are no GPU nodes', () => {
    expect(gpuReportText(EN, gpuReport([], [], NOW))).toBe(
      'No GPU nodes: no node reports nvidia.com/gpu (or MIG / shared GPU) capacity.\n',
    );
    expect(gpuReportText(EN, gpuReport([], [usage('a', 'p', { 'nvidia.com/gpu': 1 })], NOW))).toBe(
      'No GPU nodes: no node reports nvidia.com/gpu (or MIG / shared GPU) capacity.\n',
    );
  });

  it('prints the fixture cluster: totals, the table, what is not free, pending pods and namespaces', () => {
    expect(gpuReportText(EN, fixtureReport())).toBe(
      [
        'GPUs: 3 free of 32 allocatable (33 capacity) on 5 nodes; 15 requested (47%).',
        'GPU-equivalents (whole GPUs, MIG slices and shared replicas together): 22.82 free of 55.43 allocatable (56.43 capacity); 18.61 requested.',
        '',
        'FREE  REQUESTED  ALLOCATABLE  CAPACITY  USE   NODES  KIND    PRODUCT                           POOL               RESOURCE                EACH',
        '49    7          56           56        13%   1      mig     NVIDIA-A100-SXM4-40GB-MIG-1g.5gb  a100-40-mig-pool   nvidia.com/gpu          1/7 GPU',
        '25    3          28           28        11%   1      mig     NVIDIA-A100-SXM4-80GB             a100-mig-pool      nvidia.com/mig-1g.10gb  1/7 GPU',
        '14    2          16           16        13%   1      shared  NVIDIA-L4                         l4-inference-pool  nvidia.com/gpu.shared   1/4 GPU',
        '11    5          16           16        31%   1      shared  NVIDIA-L4-SHARED                  l4-timeslice-pool  nvidia.com/gpu          1/4 GPU',
        '7     1          8            8         13%   1      mig     NVIDIA-A100-SXM4-80GB             a100-mig-pool      nvidia.com/mig-3g.40gb  3/7 GPU',
        '3     14         31           32        45%   4      gpu     NVIDIA-A100-SXM4-80GB             a100-80-pool       nvidia.com/gpu          1 GPU',
        '0     1          1            1         100%  1      gpu     unknown                           t4-ci-pool         nvidia.com/gpu          1 GPU',
        '  NVIDIA-A100-SXM4-80GB / a100-80-pool: 14 idle on cordoned or NotReady nodes, 1 unhealthy (allocatable below capacity)',
        '',
        'Not taking pods: gke-ml-prod-a100-80-pool-3f1c2d9a-m5wd (cordoned), gke-ml-prod-a100-80-pool-3f1c2d9a-x9rt (NotReady)',
        '',
        'Pending pods asking for GPUs: 4',
        "  ml-training/llm-pretrain-worker-1 (8 nvidia.com/gpu), waiting 3h: 0/10 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were unschedulable, 2 Insufficient nvidia.com/gpu, 6 node(s) didn't match Pod's node affinity/selector. preemption: 0/10 nodes are available: 2 No preemption victims found for incoming pod, 8 Preemption is not helpful for scheduling.",
        "  research/sweep-h100-trial-7-k9v2s (2 nvidia.com/gpu), waiting 25m: 0/10 nodes are available: 10 node(s) didn't match Pod's node affinity/selector. preemption: 0/10 nodes are available: 10 Preemption is not helpful for scheduling.",
        '  ml-training/batch-eval-4xk2p (4 nvidia.com/gpu), waiting 3m: Scheduling is blocked due to non-empty scheduling gates',
        '  inference/vllm-llama-8b-5d6c7b8a9-h3j4k (1 nvidia.com/gpu.shared), waiting 10s: waiting to be scheduled',
        '',
        'Top namespaces by GPU-equivalents held (pending pods not counted):',
        '  ml-training  12 GPUs + 7× 1g.5gb = 13 GPU-eq (3 pods)',
        '  research     2 GPUs + 3× 1g.10gb + 1× 3g.40gb = 2.86 GPU-eq (5 pods)',
        '  inference    7 shared replicas = 1.75 GPU-eq (5 pods)',
        '  ci           1 GPU = 1 GPU-eq (1 pod)',
        '',
      ].join('\n'),
    );
  });

  it('aligns the columns: FREE, REQUESTED, ALLOCATABLE, CAPACITY, USE, NODES, KIND, PRODUCT, POOL, RESOURCE, EACH', () => {
    const lines = gpuReportText(
      EN,
      report({
        rows: [
          { ...report().rows[0]!, free: 1234, product: 'NVIDIA-H100-80GB-HBM3' },
          { ...report().rows[0]!, kind: 'shared', unit: 1 / 4 },
        ],
      }),
    )
      .split('\n')
      .slice(1);
    const header = lines[2]!;
    expect(header.split(/ {2,}/)).toEqual([
      'FREE',
      'REQUESTED',
      'ALLOCATABLE',
      'CAPACITY',
      'USE',
      'NODES',
      'KIND',
      'PRODUCT',
      'POOL',
      'RESOURCE',
      'EACH',
    ]);
    expect(lines[3]!.split(/ {2,}/)).toEqual([
      '1234',
      '6',
      '16',
      '16',
      '38%',
      '2',
      'gpu',
      'NVIDIA-H100-80GB-HBM3',
      'a100-pool',
      'nvidia.com/gpu',
      '1 GPU',
    ]);
    expect(lines[4]!.split(/ {2,}/)).toEqual([
      '10',
      '6',
      '16',
      '16',
      '38%',
      '2',
      'shared',
      'NVIDIA-A100-SXM4-80GB',
      'a100-pool',
      'nvidia.com/gpu',
      '1/4 GPU',
    ]);
    for (const column of ['REQUESTED', 'PRODUCT', 'RESOURCE', 'EACH']) {
      const at = header.indexOf(column);
      expect(lines[3]![at - 1]).toBe(' ');
      expect(lines[3]![at]).not.toBe(' ');
      expect(lines[4]![at]).not.toBe(' ');
    }
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });

  it.each<[string, Partial<GpuReport>, string]>([
    [
      'no allocatable GPUs',
      { totals: { nodes: 0, capacity: 0, allocatable: 0, requested: 0, free: 0 } },
      'GPUs: 0 free of 0 allocatable (0 capacity) on 0 nodes; 0 requested (0%).',
    ],
    [
      'a third requested',
      { totals: { nodes: 1, capacity: 3, allocatable: 3, requested: 1, free: 2 } },
      'GPUs: 2 free of 3 allocatable (3 capacity) on 1 nodes; 1 requested (33%).',
    ],
  ])('the first line, %s', (_, parts, line) => {
    expect(gpuReportText(EN, report(parts)).split('\n')[0]).toBe(line);
  });

  it.each<[string, Partial<CapacityRow>, string | undefined]>([
    [
      'idle on unusable nodes',
      { unavailable: 6 },
      '  NVIDIA-A100-SXM4-80GB / a100-pool: 6 idle on cordoned or NotReady nodes',
    ],
    ['unhealthy', { unhealthy: 2 }, '  NVIDIA-A100-SXM4-80GB / a100-pool: 2 unhealthy (allocatable below capacity)'],
    [
      'both',
      { unavailable: 6, unhealthy: 2 },
      '  NVIDIA-A100-SXM4-80GB / a100-pool: 6 idle on cordoned or NotReady nodes, 2 unhealthy (allocatable below capacity)',
    ],
    ['neither', {}, undefined],
  ])('a line under the table for a row with GPUs not free: %s', (_, parts, line) => {
    const text = gpuReportText(EN, report({ rows: [{ ...report().rows[0]!, ...parts }] }));
    expect(text.split('\n')[5]).toBe(line ?? '');
  });

  it.each<[number | undefined, string]>([
    [undefined, '?'],
    [0, '0s'],
    [119, '119s'],
    [120, '2m'],
    [3599, '60m'],
    [7199, '120m'],
    [7200, '2h'],
    [90000, '25h'],
  ])('prints a wait of %j seconds as %s', (waitingSeconds, shown) => {
    const text = gpuReportText(
      EN,
      report({
        pending: [
          {
            namespace: 'ns',
            name: 'p',
            requests: { 'nvidia.com/gpu': 1, 'nvidia.com/mig-1g.10gb': 2 },
            ...(waitingSeconds !== undefined && { waitingSeconds }),
            reason: { why: 'scheduler', message: 'why' },
          },
        ],
      }),
    );
    expect(text).toContain(
      `\nPending pods asking for GPUs: 1\n  ns/p (1 nvidia.com/gpu, 2 nvidia.com/mig-1g.10gb), waiting ${shown}: why\n`,
    );
  });

  it('leaves out the sections it has nothing for', () => {
    const text = gpuReportText(EN, report());
    expect(text).not.toContain('Not taking pods');
    expect(text).not.toContain('Pending');
    expect(text).not.toContain('namespaces');
    expect(text.endsWith('nvidia.com/gpu  1 GPU\n')).toBe(true);
  });

  it('cuts the table at limits.rows and says how many rows are left', () => {
    const text = gpuReportText(EN, report({ rows: rowsOf(7) }), { rows: 5, pending: 20, namespaces: 10 });
    expect(text).toContain('pool-04');
    expect(text).not.toContain('pool-05');
    expect(text).toContain('pool-04  nvidia.com/gpu  1 GPU\n… and 2 more rows\n');
    expect(gpuReportText(EN, report({ rows: rowsOf(5) }), { rows: 5, pending: 20, namespaces: 10 })).not.toContain(
      'more rows',
    );
  });

  it('cuts at 50 rows, 20 pending pods and 10 namespaces by default', () => {
    const pending = Array.from({ length: 23 }, (_, i) => ({
      namespace: 'ns',
      name: `pending-${i}`,
      requests: { 'nvidia.com/gpu': 1 },
      waitingSeconds: 100 - i,
      reason: { why: 'scheduler', message: 'r' } as const,
    }));
    const namespaces = Array.from({ length: 12 }, (_, i) => share(`ns-${i}`, 50 - i));
    const text = gpuReportText(EN, report({ rows: rowsOf(53), pending, namespaces }));
    expect(text).toContain('pool-49');
    expect(text).not.toContain('pool-50');
    expect(text).toContain('\n… and 3 more rows\n');
    expect(text).toContain('ns/pending-19 ');
    expect(text).not.toContain('ns/pending-20 ');
    expect(text).toContain('\n  … and 3 more\n');
    expect(text).toContain('  ns-9  41 GPUs = 41 GPU-eq (1 pod)\n');
    expect(text).not.toContain('ns-10');
  });

  it('cuts the pending pods at limits.pending and says how many are left', () => {
    const pending = Array.from({ length: 4 }, (_, i) => ({
      namespace: 'ns',
      name: `p${i}`,
      requests: { 'nvidia.com/gpu': 1 },
      waitingSeconds: 10 - i,
      reason: { why: 'scheduler', message: 'r' } as const,
    }));
    const text = gpuReportText(EN, report({ pending }), { rows: 50, pending: 3, namespaces: 10 });
    expect(text).toContain('Pending pods asking for GPUs: 4\n');
    expect(text).toContain('  ns/p2 (1 nvidia.com/gpu), waiting 8s: r\n  … and 1 more\n');
    expect(text).not.toContain('ns/p3');
  });

  // Rows and pending pods say how many were cut; the namespaces should too.
  it('cuts the namespaces at limits.namespaces and says how many are left', () => {
    const namespaces = Array.from({ length: 5 }, (_, i) => share(`ns-${i}`, 10 - i));
    const text = gpuReportText(EN, report({ namespaces }), { rows: 50, pending: 20, namespaces: 3 });
    expect(text).toContain(
      'Top namespaces by GPU-equivalents held (pending pods not counted):\n  ns-0  10 GPUs = 10 GPU-eq (1 pod)\n  ns-1  9 GPUs = 9 GPU-eq (1 pod)\n  ns-2  8 GPUs = 8 GPU-eq (1 pod)\n',
    );
    expect(text).not.toContain('ns-3');
    expect(text).toMatch(/\n {2}… and 2 more\n$/);
  });

  it('names at most 20 nodes not taking pods, then how many more', () => {
    const nodes = Array.from({ length: 23 }, (_, i) => ({ node: `node-${i}`, cordoned: true, ready: true }));
    const names = nodes.map((n) => `${n.node} (cordoned)`);
    const text = gpuReportText(EN, report({ cordonedOrNotReady: nodes }));
    expect(text).toContain(`\nNot taking pods: ${names.slice(0, 20).join(', ')} and 3 more\n`);
    expect(gpuReportText(EN, report({ cordonedOrNotReady: nodes.slice(0, 20) }))).toContain(
      `Not taking pods: ${names.slice(0, 20).join(', ')}\n`,
    );
  });
});

describe("gpuReportMessage for a namespace: titled with the namespace's share, not its nodes' whole GPUs", () => {
  const nodes = NODES.flatMap((n) => summarizeNode(n, GKE_POOL) ?? []);
  const pods = PODS.flatMap((p) => summarizePod(p) ?? []);
  const scoped = (namespace: string) => {
    const decision = scopeInventory(nodes, pods, { kind: 'namespace', name: namespace });
    if (!decision.covered) throw new Error(`no ${namespace}`);
    return gpuReport(decision.nodes, decision.pods, CAPTURED);
  };
  it.each<[string, string, string]>([
    ['ml-training', 'en', 'GPU report (namespace ml-training): 12 GPUs + 7× 1g.5gb = 13 GPU-eq in 3 pods'],
    ['inference', 'en', 'GPU report (namespace inference): 7 shared replicas = 1.75 GPU-eq in 5 pods'],
    ['ci', 'en', 'GPU report (namespace ci): 1 GPU = 1 GPU-eq in 1 pod'],
    [
      'research',
      'ja',
      'GPUレポート（名前空間 research）: GPU 2個 + MIG 1g.10gb ×3 + MIG 3g.40gb ×1 = GPU換算 2.86（5 Pod）',
    ],
  ])('%s (%s)', (namespace, locale, title) => {
    const t = wordsFor(locale as 'en' | 'ja');
    expect(gpuReportMessage(t, scoped(namespace), { kind: 'namespace', name: namespace }).text).toBe(title);
  });

  it('keeps the whole-GPU title for pools and nodes', () => {
    expect(gpuReportMessage(EN, fixtureReport(), { kind: 'pool', name: 'all' }).text).toBe(
      'GPU report (pool all): 3 free of 32 GPUs (15 requested, 5 nodes)',
    );
  });
});

describe('gpuReportMessage: a big cluster stays within Slack, and readable', () => {
  // 60 pools, each with a cordoned node (so each has a line of GPUs not taking pods) and a product name long enough
  // to push the table past Slack's 3000 characters per block.
  const nodes = Array.from(
    { length: 60 },
    (_, i) =>
      summarizeNode(
        node({
          name: `gke-ml-pool-${i}-node`,
          pool: `training-pool-number-${i}`,
          labels: gfd('NVIDIA-H100-80GB-HBM3-LONG-PRODUCT-NAME', 8),
          capacity: { 'nvidia.com/gpu': '8' },
          unschedulable: true,
        }),
        GKE_POOL,
      ) as NodeSummary,
  );
  const message = gpuReportMessage(EN, gpuReport(nodes, [], NOW), undefined);
  const table = (message.blocks?.[1] as { text: { text: string } }).text.text;

  it('cuts the table inside its code block: the closing fence survives', () => {
    expect(table.length).toBeLessThanOrEqual(2990);
    expect(table.startsWith('```\n')).toBe(true);
    expect(table.endsWith('\n```')).toBe(true);
    // However long the text, the cut falls inside the block.
    const long = codeBlock('x'.repeat(5000));
    expect(long).toHaveLength(2990);
    expect(long.endsWith('x…\n```')).toBe(true);
  });

  it('lists at most 12 rows and 12 lines of unavailable GPUs, and says how many more', () => {
    const text = gpuReportText(EN, gpuReport(nodes, [], NOW), { rows: 12, pending: 8, namespaces: 5 });
    expect(text).toContain('… and 48 more rows');
    expect(text.match(/idle on cordoned or NotReady nodes/g)).toHaveLength(12);
    expect(text).toContain('  … and 48 more with unavailable or unhealthy GPUs');
  });
});
