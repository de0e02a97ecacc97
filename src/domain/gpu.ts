/**
 * GPU capacity in the pure core: nodes and pods (as `kubectl get -o json` shows them) reduced to what the
 * report needs, then aggregated per GPU product and node pool. Nodes and pods are summarised one at a time,
 * so a caller listing pages of thousands keeps only the summaries, never whole objects.
 */
import { obj, list, str, type Json } from './json.js';
import {
  GpuTally,
  roundEquivalents,
  unitOn,
  type GpuHolding,
  type GpuKind,
  type UnitOnNode,
} from './gpu-equivalent.js';

export type { GpuHolding, GpuKind } from './gpu-equivalent.js';

/** The node label that names pools when kanaria.yaml gives none (GKE's). */
export const DEFAULT_POOL_LABEL = 'cloud.google.com/gke-nodepool';

export interface GpuResource {
  /** The extended resource name, e.g. `nvidia.com/gpu`, `nvidia.com/mig-1g.10gb`, `nvidia.com/gpu.shared`. */
  readonly resource: string;
  readonly kind: GpuKind;
  readonly capacity: number;
  readonly allocatable: number;
  /**
   * Replicas each device is shared into (time-slicing or MPS), on shared resources only: GPU Feature Discovery's
   * `<resource>.replicas`, else capacity over `<resource>.count`; absent when neither says.
   */
  readonly replicas?: number;
}

export interface NodeSummary {
  readonly name: string;
  readonly pool: string;
  /** `nvidia.com/gpu.product` from GPU Feature Discovery (with its -SHARED / -MIG-… suffix), else "unknown". */
  readonly product: string;
  readonly resources: readonly GpuResource[];
  /**
   * Physical GPUs, from GFD's `nvidia.com/gpu.count`; absent without GFD and under single-strategy MIG, where that
   * label counts MIG devices.
   */
  readonly gpus?: number;
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

/**
 * The label prefix GPU Feature Discovery describes a resource under: its own name for MIG resources (mixed
 * strategy), `nvidia.com/gpu` for the full-GPU resource, renamed (`.shared`) or not, and under single strategy.
 */
const gfdPrefix = (resource: string): string =>
  resource.startsWith('nvidia.com/mig-') ? resource.replace(/\.shared$/, '') : 'nvidia.com/gpu';

/** What kind of GPU a resource is on this node: shared by name or by its sharing labels, else MIG by name or product. */
function kindOf(resource: string, labels: Json, product: string): GpuKind {
  const prefix = gfdPrefix(resource);
  const ownProduct = prefix === 'nvidia.com/gpu' ? product : (str(labels[`${prefix}.product`]) ?? '');
  const strategy = str(labels[`${prefix}.sharing-strategy`]);
  if (
    resource.endsWith('.shared') ||
    ownProduct.endsWith('-SHARED') ||
    quantity(labels[`${prefix}.replicas`]) > 1 ||
    (strategy !== undefined && strategy !== 'none')
  )
    return 'shared';
  if (resource.startsWith('nvidia.com/mig-') || /-MIG-/.test(product)) return 'mig';
  return 'gpu';
}

/** Replicas per device of a shared resource: GFD's label, else capacity over the devices GFD counts. */
function replicasOf(resource: string, labels: Json, capacity: number): number | undefined {
  const prefix = gfdPrefix(resource);
  const labelled = quantity(labels[`${prefix}.replicas`]);
  if (labelled > 1) return labelled;
  const devices = quantity(labels[`${prefix}.count`]);
  return devices > 0 && capacity > devices && capacity % devices === 0 ? capacity / devices : undefined;
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
    .map((resource): GpuResource => {
      const kind = kindOf(resource, labels, product);
      const units = quantity(capacity[resource]);
      const replicas = kind === 'shared' ? replicasOf(resource, labels, units) : undefined;
      return {
        resource,
        kind,
        capacity: units,
        allocatable: quantity(allocatable[resource]),
        ...(replicas !== undefined && { replicas }),
      };
    })
    .filter((r) => r.capacity > 0 || r.allocatable > 0);
  if (resources.length === 0) return undefined;
  const ready = list(status['conditions']).some((c) => c['type'] === 'Ready' && c['status'] === 'True');
  // Under single-strategy MIG, GFD's full-GPU labels describe the MIG devices: the count is theirs.
  const gpus = /-MIG-/.test(product) ? 0 : quantity(labels['nvidia.com/gpu.count']);
  return {
    name: str(metadata['name']) ?? '?',
    pool: str(labels[poolLabel]) ?? '(no pool)',
    product,
    resources,
    ...(gpus > 0 && { gpus }),
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

/** Figures of a row or of the whole report in GPU-equivalents (to the hundredth), every kind counted. */
export interface Equivalents {
  readonly capacity: number;
  readonly allocatable: number;
  readonly requested: number;
  readonly free: number;
}

export interface CapacityRow {
  readonly product: string;
  readonly pool: string;
  readonly resource: string;
  readonly kind: GpuKind;
  /** GPU-equivalents of one unit (1, 1/7, 1/4…); nodes of one product and pool that differ get rows of their own. */
  readonly unit: number;
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
  readonly equivalents: Equivalents;
}

export interface PendingPod {
  readonly namespace: string;
  readonly name: string;
  readonly requests: Readonly<Record<string, number>>;
  readonly waitingSeconds?: number;
  readonly reason: PendingReason;
}

/**
 * What a namespace's pods bound to a node hold: whole GPUs, MIG slices by profile, shared replicas, and their sum
 * in GPU-equivalents (to the hundredth), by the node each pod runs on. Pending pods hold nothing yet.
 */
export interface NamespaceShare extends GpuHolding {
  readonly namespace: string;
  readonly pods: number;
}

export interface GpuReport {
  readonly rows: readonly CapacityRow[];
  /** Whole GPUs only (the alerts' figures): MIG slices and shared replicas are not GPUs. */
  readonly totals: {
    readonly nodes: number;
    readonly capacity: number;
    readonly allocatable: number;
    readonly requested: number;
    readonly free: number;
  };
  /** Every row in GPU-equivalents: whole GPUs, MIG slices and shared replicas together. */
  readonly equivalents: Equivalents;
  readonly pending: readonly PendingPod[];
  /** Most GPU-equivalents first. */
  readonly namespaces: readonly NamespaceShare[];
  readonly cordonedOrNotReady: readonly RestingNode[];
  readonly unhealthyNodes: readonly { readonly node: string; readonly missing: number }[];
}

const pendingReason = (unschedulable: PodUsage['unschedulable']): PendingReason =>
  !unschedulable
    ? { why: 'waiting' }
    : unschedulable.message !== undefined
      ? { why: 'scheduler', message: unschedulable.message }
      : { why: 'not-scheduled' };

const roundedEquivalents = (e: Equivalents): Equivalents => ({
  capacity: roundEquivalents(e.capacity),
  allocatable: roundEquivalents(e.allocatable),
  requested: roundEquivalents(e.requested),
  free: roundEquivalents(e.free),
});

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A row being added up: the fields of a CapacityRow, mutable, equivalents unrounded. */
type RowSum = Mutable<Omit<CapacityRow, 'utilisation' | 'equivalents'>> & { equivalents: Mutable<Equivalents> };

/**
 * Aggregates node and pod summaries into the report: free counts first, then the rest by product and pool. A
 * pod's GPUs count in the units of the node it runs on (a replica of a GPU shared ×4 is 1/4 GPU-equivalent).
 */
export function gpuReport(nodes: readonly NodeSummary[], pods: readonly PodUsage[], now: number): GpuReport {
  const byNode = new Map(nodes.map((n) => [n.name, n]));
  const held = new Map<string, Map<string, number>>();
  const units = new Map<NodeSummary, Map<string, UnitOnNode>>();
  const unitOf = (node: NodeSummary, resource: string): UnitOnNode => {
    let onNode = units.get(node);
    if (!onNode) units.set(node, (onNode = new Map()));
    let unit = onNode.get(resource);
    if (!unit) onNode.set(resource, (unit = unitOn(node, resource)));
    return unit;
  };
  const namespaces = new Map<string, { tally: GpuTally; pods: number }>();
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
    let ns = namespaces.get(pod.namespace);
    if (!ns) namespaces.set(pod.namespace, (ns = { tally: new GpuTally(), pods: 0 }));
    for (const [resource, count] of Object.entries(pod.requests)) {
      onNode.set(resource, (onNode.get(resource) ?? 0) + count);
      ns.tally.add(unitOf(node, resource), count);
    }
    held.set(node.name, onNode);
    ns.pods += 1;
  }

  const rows = new Map<string, RowSum>();
  for (const node of nodes) {
    const usable = node.ready && !node.cordoned;
    for (const r of node.resources) {
      const unit = unitOf(node, r.resource).equivalent;
      const key = `${node.product}\u0000${node.pool}\u0000${r.resource}\u0000${unit}`;
      const row = rows.get(key) ?? {
        product: node.product,
        pool: node.pool,
        resource: r.resource,
        kind: r.kind,
        unit,
        nodes: 0,
        capacity: 0,
        allocatable: 0,
        requested: 0,
        free: 0,
        unavailable: 0,
        unhealthy: 0,
        equivalents: { capacity: 0, allocatable: 0, requested: 0, free: 0 },
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
  const total = { capacity: 0, allocatable: 0, requested: 0, free: 0 };
  for (const row of rows.values())
    for (const key of ['capacity', 'allocatable', 'requested', 'free'] as const) {
      row.equivalents[key] = row[key] * row.unit;
      total[key] += row.equivalents[key];
    }
  const sortedRows = [...rows.values()]
    .map((r): CapacityRow => ({
      ...r,
      utilisation: r.allocatable > 0 ? r.requested / r.allocatable : 0,
      equivalents: roundedEquivalents(r.equivalents),
    }))
    .sort(
      (a, b) =>
        b.free - a.free ||
        a.product.localeCompare(b.product) ||
        a.pool.localeCompare(b.pool) ||
        a.resource.localeCompare(b.resource) ||
        b.unit - a.unit,
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
    equivalents: roundedEquivalents(total),
    pending: pending.sort((a, b) => (b.waitingSeconds ?? 0) - (a.waitingSeconds ?? 0)),
    namespaces: [...namespaces]
      .map(([namespace, { tally, pods }]) => ({ namespace, ...tally.holding(), pods }))
      .sort((a, b) => b.equivalents - a.equivalents || a.namespace.localeCompare(b.namespace)),
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
