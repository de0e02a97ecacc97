/**
 * Kueue in the pure core: ClusterQueues, LocalQueues, Workloads and ResourceFlavors (as the API returns them,
 * v1beta1 or v1beta2) reduced to their GPU facts, then the report: quota, usage and borrowing per queue and
 * flavor; pending workloads with their place in their queue and why Kueue has not admitted them.
 */
import { quantity, summarizePod } from './gpu.js';
import { list, num, obj, str, strings, type Json } from './json.js';

const GPU_RESOURCE = /^nvidia\.com\/(gpu|gpu\.shared|mig-[\w.]+)$/;
export const isGpuResource = (resource: string): boolean => GPU_RESOURCE.test(resource);

/** One GPU resource of one flavor of a ClusterQueue. */
export interface FlavorQuota {
  readonly flavor: string;
  readonly resource: string;
  readonly nominal: number;
  /** How much more than nominal the queue may borrow from its cohort; absent: no limit. */
  readonly borrowingLimit?: number;
  /** How much of its nominal quota its cohort may borrow; absent: all of it. */
  readonly lendingLimit?: number;
  /** Admitted workloads' usage (`status.flavorsUsage`). */
  readonly used: number;
  /** Usage above nominal, taken from the cohort. */
  readonly borrowed: number;
  /** Quota reserved, admitted or not yet (`status.flavorsReservation`). */
  readonly reserved: number;
}

export interface ClusterQueueSummary {
  readonly name: string;
  readonly cohort?: string;
  readonly quotas: readonly FlavorQuota[];
  readonly pending: number;
  readonly admitted: number;
  /** v1beta1's `status.pendingWorkloadsStatus`, when Kueue publishes it: `<namespace>/<name>` in queue order. */
  readonly order?: readonly string[];
}

export interface LocalQueueSummary {
  readonly namespace: string;
  readonly name: string;
  readonly clusterQueue: string;
}

export interface FlavorSummary {
  readonly name: string;
  readonly nodeLabels: Readonly<Record<string, string>>;
}

/** Where a workload is in Kueue's life. */
export type WorkloadState = 'pending' | 'reserved' | 'admitted' | 'finished';

export interface WorkloadSummary {
  readonly namespace: string;
  readonly name: string;
  /** The LocalQueue it was submitted to (`spec.queueName`). */
  readonly queue?: string;
  /** The ClusterQueue that admitted it, when it has been. */
  readonly admittedBy?: string;
  readonly priority: number;
  readonly createdAt?: string;
  /** GPUs for the whole workload (each pod set's per-pod GPUs × its count). */
  readonly requests: Readonly<Record<string, number>>;
  /** GPUs per pod of its first GPU pod set, and how many pods. */
  readonly perPod: Readonly<Record<string, number>>;
  readonly pods: number;
  readonly state: WorkloadState;
  /** Kueue's own words on why it waits: the QuotaReserved (or, once reserved, Admitted) condition's message. */
  readonly message?: string;
  /** What created it (a Job, a JobSet…), for finding it by that name. */
  readonly owner?: { readonly kind: string; readonly name: string };
}

export interface KueueSnapshot {
  readonly clusterQueues: readonly ClusterQueueSummary[];
  readonly localQueues: readonly LocalQueueSummary[];
  readonly workloads: readonly WorkloadSummary[];
  readonly flavors: readonly FlavorSummary[];
}

/** `status.flavorsUsage` / `flavorsReservation` as flavor → resource → { total, borrowed }. */
function usageOf(value: unknown): Map<string, Map<string, { total: number; borrowed: number }>> {
  const out = new Map<string, Map<string, { total: number; borrowed: number }>>();
  for (const f of list(value)) {
    const byResource = new Map<string, { total: number; borrowed: number }>();
    for (const r of list(f['resources'])) {
      const name = str(r['name']);
      if (name && isGpuResource(name))
        byResource.set(name, { total: quantity(r['total']), borrowed: quantity(r['borrowed']) });
    }
    out.set(str(f['name']) ?? '', byResource);
  }
  return out;
}

/** A ClusterQueue's GPU quotas; undefined when it covers no GPU resource. */
export function summarizeClusterQueue(raw: unknown): ClusterQueueSummary | undefined {
  const cq = obj(raw);
  const spec = obj(cq['spec']);
  const status = obj(cq['status']);
  const usage = usageOf(status['flavorsUsage']);
  const reservation = usageOf(status['flavorsReservation']);
  const quotas: FlavorQuota[] = [];
  for (const group of list(spec['resourceGroups']))
    for (const flavor of list(group['flavors'])) {
      const name = str(flavor['name']) ?? '?';
      for (const r of list(flavor['resources'])) {
        const resource = str(r['name']) ?? '';
        if (!isGpuResource(resource)) continue;
        const used = usage.get(name)?.get(resource);
        const borrowingLimit = r['borrowingLimit'] !== undefined ? quantity(r['borrowingLimit']) : undefined;
        const lendingLimit = r['lendingLimit'] !== undefined ? quantity(r['lendingLimit']) : undefined;
        const nominal = quantity(r['nominalQuota']);
        quotas.push({
          flavor: name,
          resource,
          nominal,
          ...(borrowingLimit !== undefined && { borrowingLimit }),
          ...(lendingLimit !== undefined && { lendingLimit }),
          used: used?.total ?? 0,
          // v1beta1 before 0.9 had no `borrowed`: usage above nominal is borrowed.
          borrowed: used?.borrowed || Math.max(0, (used?.total ?? 0) - nominal),
          reserved: reservation.get(name)?.get(resource)?.total ?? used?.total ?? 0,
        });
      }
    }
  if (quotas.length === 0) return undefined;
  const order = list(obj(status['pendingWorkloadsStatus'])['clusterQueuePendingWorkload']).map(
    (w) => `${str(w['namespace']) ?? ''}/${str(w['name']) ?? ''}`,
  );
  const cohort = str(spec['cohortName']) ?? str(spec['cohort']);
  return {
    name: str(obj(cq['metadata'])['name']) ?? '?',
    ...(cohort && { cohort }),
    quotas,
    pending: num(status['pendingWorkloads']) ?? 0,
    admitted: num(status['admittedWorkloads']) ?? 0,
    ...(order.length > 0 && { order }),
  };
}

export function summarizeLocalQueue(raw: unknown): LocalQueueSummary {
  const lq = obj(raw);
  const metadata = obj(lq['metadata']);
  return {
    namespace: str(metadata['namespace']) ?? 'default',
    name: str(metadata['name']) ?? '?',
    clusterQueue: str(obj(lq['spec'])['clusterQueue']) ?? '?',
  };
}

export function summarizeFlavor(raw: unknown): FlavorSummary {
  const f = obj(raw);
  return {
    name: str(obj(f['metadata'])['name']) ?? '?',
    nodeLabels: strings(obj(f['spec'])['nodeLabels']),
  };
}

const condition = (conditions: Json[], type: string): Json | undefined => conditions.find((c) => c['type'] === type);
const holds = (c: Json | undefined): boolean => c?.['status'] === 'True';

/** A Workload with its GPUs, state and Kueue's reason; undefined when it asks for no GPU. */
export function summarizeWorkload(raw: unknown): WorkloadSummary | undefined {
  const w = obj(raw);
  const metadata = obj(w['metadata']);
  const spec = obj(w['spec']);
  const status = obj(w['status']);
  const requests: Record<string, number> = {};
  let perPod: Record<string, number> = {};
  let pods = 0;
  for (const set of list(spec['podSets'])) {
    const count = num(set['count']) ?? 1;
    const usage = summarizePod({ spec: obj(obj(set['template'])['spec']) });
    if (!usage) continue;
    if (pods === 0) [perPod, pods] = [{ ...usage.requests }, count];
    for (const [r, n] of Object.entries(usage.requests)) requests[r] = (requests[r] ?? 0) + n * count;
  }
  if (Object.keys(requests).length === 0) return undefined;
  const conditions = list(status['conditions']);
  const reserved = condition(conditions, 'QuotaReserved');
  const admitted = condition(conditions, 'Admitted');
  const state: WorkloadState = holds(condition(conditions, 'Finished'))
    ? 'finished'
    : holds(admitted)
      ? 'admitted'
      : holds(reserved)
        ? 'reserved'
        : 'pending';
  const message =
    state === 'pending'
      ? str(reserved?.['message'])
      : state === 'reserved'
        ? (str(admitted?.['message']) ?? str(reserved?.['message']))
        : undefined;
  const owner =
    list(metadata['ownerReferences']).find((o) => o['controller'] === true) ?? list(metadata['ownerReferences'])[0];
  const admittedBy = str(obj(status['admission'])['clusterQueue']);
  const queue = str(spec['queueName']);
  const createdAt = str(metadata['creationTimestamp']);
  return {
    namespace: str(metadata['namespace']) ?? 'default',
    name: str(metadata['name']) ?? '?',
    ...(queue && { queue }),
    ...(admittedBy && { admittedBy }),
    priority: num(spec['priority']) ?? 0,
    ...(createdAt && { createdAt }),
    requests,
    perPod,
    pods,
    state,
    ...(message && { message }),
    ...(owner && { owner: { kind: str(owner['kind']) ?? '?', name: str(owner['name']) ?? '?' } }),
  };
}

/** One line of the queue table: a ClusterQueue's GPU resource in one flavor. */
export interface QueueRow extends FlavorQuota {
  readonly clusterQueue: string;
  readonly cohort?: string;
  /** How much more it could borrow from its cohort now (within its borrowing limit); 0 outside a cohort. */
  readonly borrowable: number;
}

/**
 * A workload waiting for Kueue, its place in its ClusterQueue and Kueue's reason. One whose quota is reserved
 * (waiting for admission checks) has left the queue: it has no place.
 */
export interface PendingWorkload {
  readonly namespace: string;
  readonly name: string;
  readonly queue?: string;
  readonly clusterQueue?: string;
  /** 1-based place among the ClusterQueue's pending workloads; with `of`, how many wait there. */
  readonly position?: number;
  readonly of?: number;
  readonly requests: Readonly<Record<string, number>>;
  readonly state: 'pending' | 'reserved';
  readonly message?: string;
}

/** Kueue's own count of a ClusterQueue's pending workloads (`kueue_pending_workloads`), GPU or not. */
export interface PendingCount {
  readonly clusterQueue: string;
  /** Waiting their turn. */
  readonly active: number;
  /** Kueue found them inadmissible (no quota, no LocalQueue, …). */
  readonly inadmissible: number;
}

export interface KueueReport {
  readonly queues: readonly QueueRow[];
  readonly pending: readonly PendingWorkload[];
  /** From Prometheus, when it scrapes Kueue: per ClusterQueue of the report. */
  readonly counts?: readonly PendingCount[];
}

/** The query whose samples `pendingCounts` reads. */
export const PENDING_WORKLOADS_QUERY = 'sum by (cluster_queue, status) (kueue_pending_workloads)';

/** `kueue_pending_workloads` samples (by `cluster_queue` and `status`) as counts for the ClusterQueues of `report`. */
export function withPendingCounts(
  report: KueueReport,
  samples: readonly { readonly labels: Readonly<Record<string, string>>; readonly value: number }[],
): KueueReport {
  const shown = new Set(report.queues.map((q) => q.clusterQueue));
  const counts = new Map<string, { active: number; inadmissible: number }>();
  for (const { labels, value } of samples) {
    const queue = labels['cluster_queue'];
    const status = labels['status'];
    if (!queue || !shown.has(queue) || !Number.isFinite(value) || (status !== 'active' && status !== 'inadmissible'))
      continue;
    const count = counts.get(queue) ?? { active: 0, inadmissible: 0 };
    count[status] += Math.round(value);
    counts.set(queue, count);
  }
  if (counts.size === 0) return report;
  return {
    ...report,
    counts: [...counts]
      .map(([clusterQueue, c]) => ({ clusterQueue, ...c }))
      .sort((a, b) => a.clusterQueue.localeCompare(b.clusterQueue)),
  };
}

/** The ClusterQueue of a workload: the one that admitted it, else its LocalQueue's. */
export function clusterQueueOf(snapshot: KueueSnapshot, w: WorkloadSummary): string | undefined {
  if (w.admittedBy) return w.admittedBy;
  return snapshot.localQueues.find((q) => q.namespace === w.namespace && q.name === w.queue)?.clusterQueue;
}

/**
 * Up to how much a ClusterQueue could borrow of a flavor's resource now: what the other members of its cohort
 * leave unused of what they lend (their lending limit, else all their nominal quota), less what members borrow
 * already, within its own borrowing limit. An estimate from the queues' status, as Kueue last wrote it.
 */
export function borrowable(queues: readonly ClusterQueueSummary[], queue: ClusterQueueSummary, q: FlavorQuota): number {
  if (!queue.cohort) return 0;
  const members = queues.filter((c) => c.cohort === queue.cohort);
  let lent = 0;
  let borrowedByAll = 0;
  for (const member of members)
    for (const other of member.quotas) {
      if (other.flavor !== q.flavor || other.resource !== q.resource) continue;
      borrowedByAll += other.borrowed;
      if (member.name === queue.name) continue;
      const ownUse = Math.min(other.nominal, other.used - other.borrowed);
      lent += Math.min(other.lendingLimit ?? other.nominal, Math.max(0, other.nominal - ownUse));
    }
  const pool = Math.max(0, lent - borrowedByAll);
  return q.borrowingLimit === undefined ? pool : Math.min(pool, Math.max(0, q.borrowingLimit - q.borrowed));
}

/**
 * The queues' pending workloads in the order Kueue takes them: its published order (v1beta1), else higher
 * priority first, then the older (Kueue's FIFO by creation). A workload whose quota is reserved is no longer in
 * the queue (Kueue's own pending lists and counts leave it out), so it takes no place ahead of the others.
 */
export function pendingOrder(snapshot: KueueSnapshot): Map<string, WorkloadSummary[]> {
  const byQueue = new Map<string, WorkloadSummary[]>();
  for (const w of snapshot.workloads) {
    if (w.state !== 'pending') continue;
    const cq = clusterQueueOf(snapshot, w) ?? '';
    byQueue.set(cq, [...(byQueue.get(cq) ?? []), w]);
  }
  for (const [name, waiting] of byQueue) {
    const published = snapshot.clusterQueues.find((c) => c.name === name)?.order;
    const rank = (w: WorkloadSummary) => published?.indexOf(`${w.namespace}/${w.name}`) ?? -1;
    waiting.sort(
      (a, b) =>
        (rank(a) < 0 ? Infinity : rank(a)) - (rank(b) < 0 ? Infinity : rank(b)) ||
        b.priority - a.priority ||
        (a.createdAt ?? '').localeCompare(b.createdAt ?? '') ||
        a.name.localeCompare(b.name),
    );
  }
  return byQueue;
}

/** The Kueue section of the GPU report: GPU quotas per queue and flavor, then pending GPU workloads in order. */
export function kueueReport(snapshot: KueueSnapshot): KueueReport {
  const queues = snapshot.clusterQueues.flatMap((cq) =>
    cq.quotas.map((q) => ({
      clusterQueue: cq.name,
      ...(cq.cohort && { cohort: cq.cohort }),
      ...q,
      borrowable: borrowable(snapshot.clusterQueues, cq, q),
    })),
  );
  const pending: PendingWorkload[] = [];
  for (const [cq, waiting] of pendingOrder(snapshot))
    waiting.forEach((w, i) =>
      pending.push({
        namespace: w.namespace,
        name: w.name,
        ...(w.queue && { queue: w.queue }),
        ...(cq && { clusterQueue: cq, position: i + 1, of: waiting.length }),
        requests: w.requests,
        state: 'pending',
        ...(w.message && { message: w.message }),
      }),
    );
  for (const w of snapshot.workloads) {
    if (w.state !== 'reserved') continue;
    const cq = clusterQueueOf(snapshot, w);
    pending.push({
      namespace: w.namespace,
      name: w.name,
      ...(w.queue && { queue: w.queue }),
      ...(cq && { clusterQueue: cq }),
      requests: w.requests,
      state: 'reserved',
      ...(w.message && { message: w.message }),
    });
  }
  // Per ClusterQueue: the queue in order, then those waiting for admission checks.
  pending.sort(
    (a, b) =>
      (a.clusterQueue ?? '').localeCompare(b.clusterQueue ?? '') ||
      (a.position ?? Infinity) - (b.position ?? Infinity) ||
      a.name.localeCompare(b.name),
  );
  return {
    queues: queues.sort(
      (a, b) =>
        a.clusterQueue.localeCompare(b.clusterQueue) ||
        a.flavor.localeCompare(b.flavor) ||
        a.resource.localeCompare(b.resource),
    ),
    pending,
  };
}

/** The report for one namespace: the ClusterQueues its LocalQueues feed, and its own pending workloads. */
export function kueueReportForNamespace(snapshot: KueueSnapshot, namespace: string): KueueReport {
  const report = kueueReport(snapshot);
  const fed = new Set(snapshot.localQueues.filter((q) => q.namespace === namespace).map((q) => q.clusterQueue));
  return {
    queues: report.queues.filter((q) => fed.has(q.clusterQueue)),
    pending: report.pending.filter((p) => p.namespace === namespace),
  };
}
