/**
 * `/gpu why` in the pure core: why a GPU pod (or a Kueue workload) waits. What it asks for in GPU terms (the
 * resource, the product it selects, the MIG profile), which nodes could hold it and, of those that cannot, why
 * (full, cordoned or NotReady, a taint it does not tolerate), and Kueue's side (quota of which flavor, how much
 * borrowing could give, its place in the queue). The scheduler's and Kueue's own messages are kept as they are.
 */
import { migProfile } from './gpu-equivalent.js';
import { quantity, summarizePod, type RestingNode } from './gpu.js';
import { list, obj, str, strings, type Json } from './json.js';
import {
  clusterQueueOf,
  isGpuResource,
  kueueReport,
  pendingOrder,
  type KueueSnapshot,
  type QueueRow,
  type WorkloadSummary,
} from './kueue.js';

export const PRODUCT_LABEL = 'nvidia.com/gpu.product';
/** The label Kueue reads on a pod or job to know its LocalQueue. */
export const QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A node as `/gpu why` sees it: its labels and taints, and its GPUs allocatable and free. */
export interface WhyNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly cordoned: boolean;
  readonly ready: boolean;
  readonly allocatable: Readonly<Record<string, number>>;
  /** Allocatable less what pods bound to it hold. */
  readonly free: Readonly<Record<string, number>>;
}

/** What one pod asks for and where it may go. */
export interface Ask {
  /** GPUs per pod. */
  readonly requests: Readonly<Record<string, number>>;
  /** How many such pods (a workload's pod set); 1 for a pod. */
  readonly pods: number;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Required node affinity: any term, all of its requirements. */
  readonly terms: readonly (readonly Requirement[])[];
  readonly tolerations: readonly Toleration[];
}

/** The pod or workload asked about, as facts. */
export interface WhyTarget {
  readonly kind: 'pod' | 'workload';
  readonly namespace: string;
  readonly name: string;
  readonly ask: Ask;
  /** The node it runs on (or is bound to). */
  readonly node?: string;
  /** PodScheduled=False: the scheduler's message (or reason). */
  readonly scheduler?: string;
  /** Scheduling gates on the pod (Kueue holds pods it has not admitted with one). */
  readonly gated?: readonly string[];
  /** Kueue's LocalQueue label. */
  readonly queue?: string;
  /** What created it (a Job's name): Kueue's Workload for a Job's pods is the Job's. */
  readonly owners?: readonly string[];
}

const requirements = (value: unknown): Requirement[] =>
  list(value).map((e) => ({
    key: str(e['key']) ?? '',
    operator: str(e['operator']) ?? 'In',
    values: Array.isArray(e['values']) ? (e['values'] as unknown[]).map(String) : [],
  }));

/** What a pod spec (a pod's, or a workload pod set's template) asks of nodes. */
function askOf(spec: Json, pods: number): Ask {
  const required = obj(obj(obj(spec['affinity'])['nodeAffinity'])['requiredDuringSchedulingIgnoredDuringExecution']);
  return {
    requests: summarizePod({ spec })?.requests ?? {},
    pods,
    nodeSelector: strings(spec['nodeSelector']),
    terms: list(required['nodeSelectorTerms']).map((t) => requirements(t['matchExpressions'])),
    tolerations: list(spec['tolerations']).map((t) => ({
      ...(str(t['key']) && { key: str(t['key']) }),
      ...(str(t['operator']) && { operator: str(t['operator']) }),
      ...(str(t['value']) && { value: str(t['value']) }),
      ...(str(t['effect']) && { effect: str(t['effect']) }),
    })),
  };
}

/** A pod as `/gpu why` needs it. */
export function podTarget(raw: unknown): WhyTarget {
  const p = obj(raw);
  const metadata = obj(p['metadata']);
  const spec = obj(p['spec']);
  const status = obj(p['status']);
  const scheduled = list(status['conditions']).find((c) => c['type'] === 'PodScheduled');
  const said = scheduled?.['status'] === 'False' ? (str(scheduled['message']) ?? str(scheduled['reason'])) : undefined;
  const gates = list(spec['schedulingGates']).flatMap((g) => str(g['name']) ?? []);
  const node = str(spec['nodeName']);
  const queue = strings(metadata['labels'])[QUEUE_LABEL];
  const owners = list(metadata['ownerReferences']).flatMap((o) => str(o['name']) ?? []);
  return {
    kind: 'pod',
    namespace: str(metadata['namespace']) ?? 'default',
    name: str(metadata['name']) ?? '?',
    ask: askOf(spec, 1),
    ...(node && { node }),
    ...(said && { scheduler: said }),
    ...(gates.length > 0 && { gated: gates }),
    ...(queue && { queue }),
    ...(owners.length > 0 && { owners }),
  };
}

/** A Kueue Workload: its first pod set that asks for GPUs (its pods do not exist until Kueue admits it). */
export function workloadTarget(raw: unknown): WhyTarget {
  const w = obj(raw);
  const metadata = obj(w['metadata']);
  const sets = list(obj(w['spec'])['podSets']);
  const set = sets.find((s) => summarizePod({ spec: obj(obj(s['template'])['spec']) })) ?? sets[0] ?? {};
  const queue = str(obj(w['spec'])['queueName']);
  return {
    kind: 'workload',
    namespace: str(metadata['namespace']) ?? 'default',
    name: str(metadata['name']) ?? '?',
    ask: askOf(obj(obj(set['template'])['spec']), quantity(set['count']) || 1),
    ...(queue && { queue }),
  };
}

/** A node's labels, taints and GPUs; `held` is what pods bound to it hold, by resource. */
export function whyNode(raw: unknown, held: Readonly<Record<string, number>>): WhyNode {
  const n = obj(raw);
  const status = obj(n['status']);
  const allocatable = Object.fromEntries(
    Object.entries(obj(status['allocatable']))
      .filter(([r]) => isGpuResource(r))
      .map(([r, v]) => [r, quantity(v)] as const),
  );
  return {
    name: str(obj(n['metadata'])['name']) ?? '?',
    labels: strings(obj(n['metadata'])['labels']),
    taints: list(obj(n['spec'])['taints']).map((t) => ({
      key: str(t['key']) ?? '',
      ...(str(t['value']) && { value: str(t['value']) }),
      effect: str(t['effect']) ?? 'NoSchedule',
    })),
    cordoned: obj(n['spec'])['unschedulable'] === true,
    ready: list(status['conditions']).some((c) => c['type'] === 'Ready' && c['status'] === 'True'),
    allocatable,
    free: Object.fromEntries(Object.entries(allocatable).map(([r, v]) => [r, Math.max(0, v - (held[r] ?? 0))])),
  };
}

const satisfies = (labels: Readonly<Record<string, string>>, r: Requirement): boolean => {
  const value = labels[r.key];
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(r.values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(r.values[0]);
    default:
      return false;
  }
};

/** The node's labels allow the pod: its nodeSelector and its required node affinity. */
export const selects = (ask: Ask, node: WhyNode): boolean =>
  Object.entries(ask.nodeSelector).every(([k, v]) => node.labels[k] === v) &&
  (ask.terms.length === 0 || ask.terms.some((term) => term.every((r) => satisfies(node.labels, r))));

const tolerates = (tolerations: readonly Toleration[], taint: Taint): boolean =>
  tolerations.some(
    (t) =>
      (t.key === undefined ? t.operator === 'Exists' : t.key === taint.key) &&
      (t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '')) &&
      (t.effect === undefined || t.effect === taint.effect),
  );

/** The node controller's own taints say what `cordoned` and `ready` say already. */
const NODE_STATE_TAINT = /^node\.kubernetes\.io\/(unschedulable|not-ready|unreachable)$/;

/** Taints that keep the pod off the node. */
export const untolerated = (ask: Ask, node: WhyNode): Taint[] =>
  node.taints.filter(
    (t) =>
      (t.effect === 'NoSchedule' || t.effect === 'NoExecute') &&
      !NODE_STATE_TAINT.test(t.key) &&
      !tolerates(ask.tolerations, t),
  );

const hasRoom = (ask: Ask, node: WhyNode): boolean =>
  Object.entries(ask.requests).every(([r, n]) => (node.free[r] ?? 0) >= n);
/** How many pods of the ask fit in the node's free GPUs. */
const podsOn = (ask: Ask, node: WhyNode): number =>
  Math.min(...Object.entries(ask.requests).map(([r, n]) => (n > 0 ? Math.floor((node.free[r] ?? 0) / n) : Infinity)));
const offers = (ask: Ask, node: WhyNode): boolean =>
  Object.keys(ask.requests).every((r) => (node.allocatable[r] ?? 0) > 0);

/** The product the pod selects (nodeSelector, else a required `In` on the product label), and its MIG profile. */
export function askedProduct(ask: Ask): { product?: string; products?: readonly string[]; profile?: string } {
  const selected = ask.nodeSelector[PRODUCT_LABEL];
  const listed = ask.terms.flatMap((t) => t.filter((r) => r.key === PRODUCT_LABEL && r.operator === 'In'))[0]?.values;
  const products = selected ? [selected] : listed;
  const profile =
    Object.keys(ask.requests)
      .map((r) => migProfile(r)?.profile)
      .find(Boolean) ?? products?.map((p) => migProfile(p)?.profile).find(Boolean);
  return {
    ...(products?.length === 1 && { product: products[0] }),
    ...(products && products.length > 1 && { products }),
    ...(profile && { profile }),
  };
}

/** The capacity that could hold one pod of the ask, by what stands in the way. */
export interface Capacity {
  /** Nodes that take pods, allow it, and have room for one pod now. */
  readonly fits: readonly string[];
  /** How many pods of the ask those nodes have room for now, several to a node where there is room. */
  readonly podsFit: number;
  /** Free GPUs of the asked resources on nodes that take pods and allow it. */
  readonly free: Readonly<Record<string, number>>;
  /** Nodes it selects that offer the resources: how many. */
  readonly offering: number;
  /** Of those, with room but not taking pods. */
  readonly resting: readonly RestingNode[];
  /** Of those, with room but a taint it does not tolerate. */
  readonly tainted: readonly { readonly node: string; readonly taints: readonly string[] }[];
  /** Free units of the asked resources on nodes it does not select (another product), by product. */
  readonly elsewhere: readonly { readonly product: string; readonly free: number }[];
}

export function capacityFor(ask: Ask, nodes: readonly WhyNode[]): Capacity {
  const offering = nodes.filter((n) => offers(ask, n));
  const selected = offering.filter((n) => selects(ask, n));
  const usable = selected.filter((n) => n.ready && !n.cordoned);
  const free: Record<string, number> = {};
  for (const n of usable.filter((n) => untolerated(ask, n).length === 0))
    for (const r of Object.keys(ask.requests)) free[r] = (free[r] ?? 0) + (n.free[r] ?? 0);
  const elsewhere = new Map<string, number>();
  for (const n of offering.filter((n) => !selects(ask, n))) {
    const units = Object.keys(ask.requests).reduce((s, r) => s + (n.free[r] ?? 0), 0);
    const product = n.labels[PRODUCT_LABEL] ?? 'unknown';
    if (units > 0 && n.ready && !n.cordoned) elsewhere.set(product, (elsewhere.get(product) ?? 0) + units);
  }
  const fits = usable.filter((n) => hasRoom(ask, n) && untolerated(ask, n).length === 0);
  return {
    fits: fits.map((n) => n.name),
    podsFit: fits.reduce((sum, n) => sum + podsOn(ask, n), 0),
    free,
    offering: selected.length,
    resting: selected
      .filter((n) => hasRoom(ask, n) && (!n.ready || n.cordoned))
      .map((n) => ({ node: n.name, cordoned: n.cordoned, ready: n.ready })),
    tainted: usable.flatMap((n) => {
      const taints = untolerated(ask, n);
      return hasRoom(ask, n) && taints.length > 0
        ? [{ node: n.name, taints: taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`) }]
        : [];
    }),
    elsewhere: [...elsewhere].map(([product, f]) => ({ product, free: f })).sort((a, b) => b.free - a.free),
  };
}

/** Kueue's side: the workload, its place, Kueue's words, the quota of its ClusterQueue for what it asks. */
export interface KueueSide {
  readonly workload: string;
  readonly state: WorkloadSummary['state'];
  readonly queue?: string;
  readonly clusterQueue?: string;
  readonly position?: number;
  readonly of?: number;
  readonly message?: string;
  readonly quotas: readonly QueueRow[];
}

/** Why it waits, most telling first; the words are in the catalog (`kueue.why.reasons.*`). */
export type WhyReason =
  | 'running'
  | 'kueue'
  | 'kueue-checks'
  | 'gated'
  | 'no-gpu'
  | 'no-such-capacity'
  | 'full'
  | 'resting'
  | 'tainted'
  | 'short'
  | 'room';

export interface WhyAnswer {
  readonly target: WhyTarget;
  readonly asks: ReturnType<typeof askedProduct>;
  readonly capacity: Capacity;
  readonly kueue?: KueueSide;
  readonly reasons: readonly WhyReason[];
}

/** The Workload Kueue made for a pod or job: by name, or owned by what is asked about. */
export function workloadFor(snapshot: KueueSnapshot, target: WhyTarget): WorkloadSummary | undefined {
  const same = snapshot.workloads.filter((w) => w.namespace === target.namespace);
  const owners = new Set([target.name, ...(target.owners ?? [])]);
  return (
    same.find((w) => w.name === target.name) ?? same.find((w) => w.owner !== undefined && owners.has(w.owner.name))
  );
}

/** A flavor whose nodes are of another product than the one asked for cannot hold it. */
const flavorFits = (snapshot: KueueSnapshot, flavor: string, product: string | undefined): boolean => {
  const labelled = snapshot.flavors.find((f) => f.name === flavor)?.nodeLabels[PRODUCT_LABEL];
  return product === undefined || labelled === undefined || labelled === product;
};

function kueueSide(snapshot: KueueSnapshot, w: WorkloadSummary, product: string | undefined): KueueSide {
  const cq = clusterQueueOf(snapshot, w);
  const waiting = cq !== undefined ? pendingOrder(snapshot).get(cq) : undefined;
  const index = waiting?.findIndex((x) => x.namespace === w.namespace && x.name === w.name) ?? -1;
  const quotas = kueueReport(snapshot).queues.filter(
    (q) => q.clusterQueue === cq && Object.hasOwn(w.requests, q.resource) && flavorFits(snapshot, q.flavor, product),
  );
  return {
    workload: w.name,
    state: w.state,
    ...(w.queue && { queue: w.queue }),
    ...(cq && { clusterQueue: cq }),
    ...(index >= 0 && waiting && { position: index + 1, of: waiting.length }),
    ...(w.message && { message: w.message }),
    quotas,
  };
}

/** Everything `/gpu why` says about one target, as facts. */
export function explainWait(target: WhyTarget, nodes: readonly WhyNode[], snapshot?: KueueSnapshot): WhyAnswer {
  const asks = askedProduct(target.ask);
  const capacity = capacityFor(target.ask, nodes);
  const workload = snapshot && workloadFor(snapshot, target);
  const kueue = snapshot && workload && kueueSide(snapshot, workload, asks.product);
  const reasons: WhyReason[] = [];
  if (target.node) reasons.push('running');
  else {
    if (kueue?.state === 'pending') reasons.push('kueue');
    if (kueue?.state === 'reserved') reasons.push('kueue-checks');
    if (target.gated) reasons.push('gated');
    if (Object.keys(target.ask.requests).length === 0) reasons.push('no-gpu');
    else if (capacity.offering === 0) reasons.push('no-such-capacity');
    else if (capacity.fits.length === 0) {
      if (capacity.resting.length === 0 && capacity.tainted.length === 0) reasons.push('full');
      if (capacity.resting.length > 0) reasons.push('resting');
      if (capacity.tainted.length > 0) reasons.push('tainted');
    } else reasons.push(capacity.podsFit < target.ask.pods ? 'short' : 'room');
  }
  return { target, asks, capacity, ...(kueue && { kueue }), reasons };
}
