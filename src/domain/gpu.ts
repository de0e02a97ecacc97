/**
 * GPU capacity in the pure core: nodes and pods (as `kubectl get -o json` shows them) reduced to what the
 * report needs, then aggregated per GPU product and node pool. Nodes and pods are summarised one at a time,
 * so a caller listing pages of thousands keeps only the summaries, never whole objects.
 */
import { obj, list, str, type Json } from './json.js';

/** The node label that names pools when kanaria.yaml gives none (GKE's). */
export const DEFAULT_POOL_LABEL = 'cloud.google.com/gke-nodepool';

/** How a GPU resource is shared: whole devices, MIG slices, or time-sliced / MPS replicas. */
export type GpuKind = 'gpu' | 'mig' | 'shared';

export interface GpuResource {
  /** The extended resource name, e.g. `nvidia.com/gpu`, `nvidia.com/mig-1g.10gb`, `nvidia.com/gpu.shared`. */
  readonly resource: string;
  readonly kind: GpuKind;
  readonly capacity: number;
  readonly allocatable: number;
}

export interface NodeSummary {
  readonly name: string;
  readonly pool: string;
  /** `nvidia.com/gpu.product` from GPU Feature Discovery (with its -SHARED / -MIG-… suffix), else "unknown". */
  readonly product: string;
  readonly resources: readonly GpuResource[];
  readonly cordoned: boolean;
  readonly ready: boolean;
}

export interface PodUsage {
  readonly namespace: string;
  readonly name: string;
  readonly node?: string;
  readonly phase: string;
  /** GPUs asked for, by resource (effective request as the scheduler counts it). */
  readonly requests: Readonly<Record<string, number>>;
  readonly createdAt?: string;
  /** Present while unscheduled (PodScheduled=False), with the scheduler's message or reason when it gave one. */
  readonly unschedulable?: { readonly message?: string };
}

/** Why a GPU pod waits, as facts: the scheduler's own words (Kubernetes', shown as they are), or none yet. */
export type PendingReason =
  | { readonly why: 'scheduler'; readonly message: string }
  /** PodScheduled=False without a message or reason. */
  | { readonly why: 'not-scheduled' }
  /** Not looked at by the scheduler yet. */
  | { readonly why: 'waiting' };

/** A node that takes no new pods, and why (both may hold). */
export interface RestingNode {
  readonly node: string;
  readonly cordoned: boolean;
  readonly ready: boolean;
}

/** `8`, `"8"`, `"1k"`: extended resources are integers; anything else counts as 0. */
export function quantity(value: unknown): number {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : 0;
  const match = /^(\d+)(k|M|G)?$/.exec(String(value ?? ''));
  if (!match) return 0;
  return Number(match[1]) * ({ k: 1e3, M: 1e6, G: 1e9 }[match[2] as 'k' | 'M' | 'G'] ?? 1);
}

const GPU_RESOURCE = /^nvidia\.com\/(gpu|gpu\.shared|mig-[\w.]+)$/;

/** What kind of GPU a resource is on this node: MIG by name, shared by name or by the node's sharing labels. */
function kindOf(resource: string, labels: Json, product: string): GpuKind {
  if (resource.startsWith('nvidia.com/mig-') || /-MIG-/.test(product)) return 'mig';
  const replicas = quantity(labels['nvidia.com/gpu.replicas']);
  const strategy = str(labels['nvidia.com/gpu.sharing-strategy']);
  if (
    resource === 'nvidia.com/gpu.shared' ||
    product.endsWith('-SHARED') ||
    replicas > 1 ||
    (strategy !== undefined && strategy !== 'none')
  )
    return 'shared';
  return 'gpu';
}

/** A node as the report sees it; undefined when it has no GPU resources at all. */
export function summarizeNode(node: unknown, poolLabel: string): NodeSummary | undefined {
  const n = obj(node);
  const metadata = obj(n['metadata']);
  const labels = obj(metadata['labels']);
  const status = obj(n['status']);
  const capacity = obj(status['capacity']);
  const allocatable = obj(status['allocatable']);
  const product = str(labels['nvidia.com/gpu.product']) ?? 'unknown';
  const names = [...new Set([...Object.keys(capacity), ...Object.keys(allocatable)])]
    .filter((r) => GPU_RESOURCE.test(r))
    .sort();
  const resources = names
    .map((resource) => ({
      resource,
      kind: kindOf(resource, labels, product),
      capacity: quantity(capacity[resource]),
      allocatable: quantity(allocatable[resource]),
    }))
    .filter((r) => r.capacity > 0 || r.allocatable > 0);
  if (resources.length === 0) return undefined;
  const ready = list(status['conditions']).some((c) => c['type'] === 'Ready' && c['status'] === 'True');
  return {
    name: str(metadata['name']) ?? '?',
    pool: str(labels[poolLabel]) ?? '(no pool)',
    product,
    resources,
    cordoned: obj(n['spec'])['unschedulable'] === true,
    ready,
  };
}

/**
 * The GPUs a pod holds or asks for, counted as the scheduler does: per resource, the larger of the app
 * containers plus the sidecars (init containers with `restartPolicy: Always`, which keep running) and, for
 * each ordinary init container, its own request plus the sidecars started before it (init containers run
 * one at a time). Extended resources have requests equal to limits; a limit alone counts as the request.
 * Undefined without GPUs, or when the pod has finished (Succeeded/Failed).
 */
export function summarizePod(pod: unknown): PodUsage | undefined {
  const p = obj(pod);
  const status = obj(p['status']);
  const phase = str(status['phase']) ?? 'Unknown';
  if (phase === 'Succeeded' || phase === 'Failed') return undefined;
  const spec = obj(p['spec']);
  const asked = (container: Json): Record<string, number> => {
    const resources = obj(container['resources']);
    const limits = obj(resources['limits']);
    const requests = obj(resources['requests']);
    const out: Record<string, number> = {};
    for (const name of new Set([...Object.keys(limits), ...Object.keys(requests)])) {
      if (GPU_RESOURCE.test(name)) out[name] = quantity(limits[name] ?? requests[name]);
    }
    return out;
  };
  const total: Record<string, number> = {};
  const sidecars: Record<string, number> = {};
  const initPeak: Record<string, number> = {};
  for (const c of list(spec['initContainers'])) {
    const sidecar = c['restartPolicy'] === 'Always';
    for (const [r, v] of Object.entries(asked(c))) {
      if (sidecar) sidecars[r] = (sidecars[r] ?? 0) + v;
      initPeak[r] = Math.max(initPeak[r] ?? 0, sidecar ? (sidecars[r] ?? 0) : v + (sidecars[r] ?? 0));
    }
  }
  for (const c of list(spec['containers']))
    for (const [r, v] of Object.entries(asked(c))) total[r] = (total[r] ?? 0) + v;
  for (const r of new Set([...Object.keys(total), ...Object.keys(sidecars), ...Object.keys(initPeak)]))
    total[r] = Math.max((total[r] ?? 0) + (sidecars[r] ?? 0), initPeak[r] ?? 0);
  const requests = Object.fromEntries(Object.entries(total).filter(([, v]) => v > 0));
  if (Object.keys(requests).length === 0) return undefined;
  const metadata = obj(p['metadata']);
  const scheduled = list(status['conditions']).find((c) => c['type'] === 'PodScheduled');
  const node = str(spec['nodeName']);
  const createdAt = str(metadata['creationTimestamp']);
  const said = scheduled && (str(scheduled['message']) ?? str(scheduled['reason']));
  const unschedulable = scheduled?.['status'] === 'False' ? (said ? { message: said } : {}) : undefined;
  return {
    namespace: str(metadata['namespace']) ?? 'default',
    name: str(metadata['name']) ?? '?',
    ...(node && { node }),
    phase,
    requests,
    ...(createdAt && { createdAt }),
    ...(unschedulable && { unschedulable }),
  };
}

export interface CapacityRow {
  readonly product: string;
  readonly pool: string;
  readonly resource: string;
  readonly kind: GpuKind;
  readonly nodes: number;
  readonly capacity: number;
  readonly allocatable: number;
  /** Held by pods bound to these nodes (running or starting). */
  readonly requested: number;
  /** Allocatable and not requested, on nodes that take new pods (Ready, not cordoned). */
  readonly free: number;
  /** Allocatable but not requested on cordoned or NotReady nodes: not really free. */
  readonly unavailable: number;
  /** Capacity minus allocatable: devices the device plugin reports unhealthy. */
  readonly unhealthy: number;
  /** requested / allocatable, 0–1. */
  readonly utilisation: number;
}

export interface PendingPod {
  readonly namespace: string;
  readonly name: string;
  readonly requests: Readonly<Record<string, number>>;
  readonly waitingSeconds?: number;
  readonly reason: PendingReason;
}

export interface GpuReport {
  readonly rows: readonly CapacityRow[];
  readonly totals: {
    readonly nodes: number;
    readonly capacity: number;
    readonly allocatable: number;
    readonly requested: number;
    readonly free: number;
  };
  readonly pending: readonly PendingPod[];
  readonly namespaces: readonly { readonly namespace: string; readonly gpus: number; readonly pods: number }[];
  readonly cordonedOrNotReady: readonly RestingNode[];
  readonly unhealthyNodes: readonly { readonly node: string; readonly missing: number }[];
}

const pendingReason = (unschedulable: PodUsage['unschedulable']): PendingReason =>
  !unschedulable
    ? { why: 'waiting' }
    : unschedulable.message !== undefined
      ? { why: 'scheduler', message: unschedulable.message }
      : { why: 'not-scheduled' };

/** Aggregates node and pod summaries into the report: free counts first, then the rest by product and pool. */
export function gpuReport(nodes: readonly NodeSummary[], pods: readonly PodUsage[], now: number): GpuReport {
  const byNode = new Map(nodes.map((n) => [n.name, n]));
  const held = new Map<string, Map<string, number>>();
  const namespaces = new Map<string, { gpus: number; pods: number }>();
  const pending: PendingPod[] = [];
  for (const pod of pods) {
    const node = pod.node ? byNode.get(pod.node) : undefined;
    if (!pod.node) {
      const created = pod.createdAt ? Date.parse(pod.createdAt) : NaN;
      const waitingSeconds = Number.isFinite(created) ? Math.max(0, Math.round((now - created) / 1000)) : undefined;
      pending.push({
        namespace: pod.namespace,
        name: pod.name,
        requests: pod.requests,
        ...(waitingSeconds !== undefined && { waitingSeconds }),
        reason: pendingReason(pod.unschedulable),
      });
      continue;
    }
    if (!node) continue;
    const onNode = held.get(node.name) ?? new Map<string, number>();
    for (const [resource, count] of Object.entries(pod.requests))
      onNode.set(resource, (onNode.get(resource) ?? 0) + count);
    held.set(node.name, onNode);
    const ns = namespaces.get(pod.namespace) ?? { gpus: 0, pods: 0 };
    ns.gpus += Object.values(pod.requests).reduce((s, v) => s + v, 0);
    ns.pods += 1;
    namespaces.set(pod.namespace, ns);
  }

  const rows = new Map<
    string,
    {
      product: string;
      pool: string;
      resource: string;
      kind: GpuKind;
      nodes: number;
      capacity: number;
      allocatable: number;
      requested: number;
      free: number;
      unavailable: number;
      unhealthy: number;
    }
  >();
  for (const node of nodes) {
    const usable = node.ready && !node.cordoned;
    for (const r of node.resources) {
      const key = `${node.product}\u0000${node.pool}\u0000${r.resource}`;
      const row = rows.get(key) ?? {
        product: node.product,
        pool: node.pool,
        resource: r.resource,
        kind: r.kind,
        nodes: 0,
        capacity: 0,
        allocatable: 0,
        requested: 0,
        free: 0,
        unavailable: 0,
        unhealthy: 0,
      };
      const requested = held.get(node.name)?.get(r.resource) ?? 0;
      const idle = Math.max(0, r.allocatable - requested);
      row.nodes += 1;
      row.capacity += r.capacity;
      row.allocatable += r.allocatable;
      row.requested += requested;
      row.unhealthy += Math.max(0, r.capacity - r.allocatable);
      if (usable) row.free += idle;
      else row.unavailable += idle;
      rows.set(key, row);
    }
  }
  const sortedRows = [...rows.values()]
    .map((r) => ({ ...r, utilisation: r.allocatable > 0 ? r.requested / r.allocatable : 0 }))
    .sort(
      (a, b) =>
        b.free - a.free ||
        a.product.localeCompare(b.product) ||
        a.pool.localeCompare(b.pool) ||
        a.resource.localeCompare(b.resource),
    );
  const whole = sortedRows.filter((r) => r.kind === 'gpu');
  const sum = (key: 'capacity' | 'allocatable' | 'requested' | 'free') => whole.reduce((s, r) => s + r[key], 0);
  return {
    rows: sortedRows,
    // Totals count whole GPUs only: MIG slices and time-sliced replicas are not GPUs.
    totals: {
      nodes: nodes.filter((n) => n.resources.some((r) => r.kind === 'gpu')).length,
      capacity: sum('capacity'),
      allocatable: sum('allocatable'),
      requested: sum('requested'),
      free: sum('free'),
    },
    pending: pending.sort((a, b) => (b.waitingSeconds ?? 0) - (a.waitingSeconds ?? 0)),
    namespaces: [...namespaces]
      .map(([namespace, v]) => ({ namespace, ...v }))
      .sort((a, b) => b.gpus - a.gpus || a.namespace.localeCompare(b.namespace)),
    cordonedOrNotReady: nodes
      .filter((n) => n.cordoned || !n.ready)
      .map((n) => ({ node: n.name, cordoned: n.cordoned, ready: n.ready })),
    unhealthyNodes: nodes.flatMap((n) => {
      const missing = n.resources.reduce((s, r) => s + Math.max(0, r.capacity - r.allocatable), 0);
      return missing > 0 ? [{ node: n.name, missing }] : [];
    }),
  };
}

export interface AlertThresholds {
  /** Fewest free GPUs a product may have (by product name, `*` for the rest). */
  readonly minFree?: Readonly<Record<string, number>>;
  /** Longest a GPU pod may wait to be scheduled, in minutes. */
  readonly pendingMinutes?: number;
}

/** An alert condition and its facts (worded in src/blocks/gpu.ts). */
export type GpuAlert =
  | { readonly kind: 'free'; readonly product: string; readonly free: number; readonly min: number }
  | {
      readonly kind: 'pending';
      /** `<namespace>/<name>` */
      readonly pod: string;
      readonly waitedMinutes: number;
      readonly requests: Readonly<Record<string, number>>;
      readonly reason: PendingReason;
    };

/**
 * The alert conditions that hold now, by a key that stays the same for as long as the condition does (an
 * episode): `free:<product>` and `pending:<namespace>/<pod>`. The caller posts keys it had not seen, once.
 */
export function gpuAlertConditions(report: GpuReport, thresholds: AlertThresholds): Map<string, GpuAlert> {
  const conditions = new Map<string, GpuAlert>();
  if (thresholds.minFree) {
    const free = new Map<string, number>();
    for (const row of report.rows)
      if (row.kind === 'gpu') free.set(row.product, (free.get(row.product) ?? 0) + row.free);
    for (const [product, count] of free) {
      const min = thresholds.minFree[product] ?? thresholds.minFree['*'];
      if (min !== undefined && count < min)
        conditions.set(`free:${product}`, { kind: 'free', product, free: count, min });
    }
  }
  if (thresholds.pendingMinutes !== undefined) {
    for (const pod of report.pending) {
      if ((pod.waitingSeconds ?? 0) >= thresholds.pendingMinutes * 60) {
        const name = `${pod.namespace}/${pod.name}`;
        conditions.set(`pending:${name}`, {
          kind: 'pending',
          pod: name,
          waitedMinutes: Math.round((pod.waitingSeconds ?? 0) / 60),
          requests: pod.requests,
          reason: pod.reason,
        });
      }
    }
  }
  return conditions;
}
