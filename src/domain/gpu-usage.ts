/**
 * Showback in GPU-hours (`/gpu usage`), pure: the PromQL it asks, and what it makes of the answers.
 *
 * Integration: Prometheus sums the 5-minute samples of each UTC day (a subquery `[86399s:5m]`, 288 samples, the
 * same on Prometheus 2 and 3 whatever their range bounds), evaluated by a range query with a 1-day step at each
 * day's end; a sample stands for the 5 minutes before it, so a day's GPU-hours are its sum × 5/60. A series
 * missing for a while (a gap, a pod gone) counts 0 there; Prometheus' 5-minute lookback holds the last value.
 * Allocated and busy are gauges: there are no counter resets to mend.
 *
 * Allocated, day by day (gpu-usage-sources.ts): Kanaria's own gauges (`kanaria_gpu_allocated*`, set from the GPU
 * inventory by every alert check) on the days its readings cover, else kube-state-metrics' pod requests of
 * `nvidia_com_*` resources (app containers of pods bound to a node and not finished; KSM has no init-container
 * view here). Busy: DCGM's
 * `DCGM_FI_PROF_GR_ENGINE_ACTIVE` (0–1, relative to a MIG instance) else `DCGM_FI_DEV_GPU_UTIL`/100 for whole
 * GPUs, split evenly between the pods the exporter maps to one GPU (time-slicing), × the instance's
 * GPU-equivalent for MIG: busy is always in GPU-equivalent hours.
 */
import type { GpuKind } from './gpu.js';
import { kindByName, migProfile, migSlicesPerGpu, unitEquivalent } from './gpu-equivalent.js';
import {
  RESOLUTION_SECONDS,
  type AllocationSource,
  type DailySeries,
  type DaySource,
  type UsagePeriod,
} from './gpu-usage-sources.js';
import { closest } from './suggest.js';

export { RESOLUTION_SECONDS, type DailySeries, type UsagePeriod };

/** The periods `/gpu usage` takes, in days. */
export const USAGE_PERIODS = { '7d': 7, '30d': 30 } as const;
export type UsagePeriodName = keyof typeof USAGE_PERIODS;

const DAY = 86_400;

/** Whole UTC days, in unix seconds: [start, end), end the last midnight (UTC) at or before now. */
export function usagePeriod(days: number, nowMs: number): UsagePeriod {
  const end = Math.floor(nowMs / 1000 / DAY) * DAY;
  return { start: end - days * DAY, end, days };
}

/** The range query's bounds: one point per day, at each day's end. */
export const dailySteps = (period: UsagePeriod): { start: number; end: number; step: number } => ({
  start: period.start + DAY,
  end: period.end,
  step: DAY,
});

/** How kube-state-metrics names a Kubernetes label: `label_` and every other character an underscore. */
export const ksmLabel = (label: string): string => `label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/** Aggregated inside the subquery too: it holds `by`'s series, not every pod's, at each of its steps. */
const daily = (inner: string, by: string): string =>
  `sum by (${by}) (sum_over_time((sum by (${by}) (${inner}))[${DAY - 1}s:${RESOLUTION_SECONDS / 60}m]))`;

/**
 * Kanaria's labels as they may reach Prometheus: a scrape that attaches its target's `namespace` (Prometheus
 * Operator's ServiceMonitor does) renames Kanaria's own to `exported_namespace`.
 */
const KANARIA_BY = 'namespace, exported_namespace, pool, product, resource, kind';

/** Kanaria's series from the replica that read the inventory last (every replica exports the gauges it set). */
export const latestReading = (metric: 'kanaria_gpu_allocated' | 'kanaria_gpu_allocated_equivalents'): string =>
  `max by (${KANARIA_BY}) (${metric} and on (instance, job) ` +
  `(kanaria_gpu_inventory_read_timestamp_seconds == on () group_left () max (kanaria_gpu_inventory_read_timestamp_seconds)))`;

const KSM_ALLOCATED =
  'kube_pod_container_resource_requests{resource=~"nvidia_com_.*",node!=""} * on (namespace, pod) group_left () ' +
  '(max by (namespace, pod) (kube_pod_status_phase{phase=~"Pending|Running|Unknown"}) > 0)';

/**
 * A DCGM metric's series held by pods, with the pod's namespace as `namespace`: a scrape that attaches its target's
 * own (Prometheus Operator's ServiceMonitor with honorLabels off, as dcgm-exporter's chart has it) renames the
 * exporter's to `exported_namespace`, and a GPU no pod holds then carries only the exporter's namespace.
 */
const heldByPods = (metric: string, matchers = ''): string =>
  `(label_replace(${metric}{exported_namespace!=""${matchers}}, "namespace", "$1", "exported_namespace", "(.+)") ` +
  `or ${metric}{namespace!="",exported_namespace="",exported_pod=""${matchers}})`;

const ACTIVITY =
  `${heldByPods('DCGM_FI_PROF_GR_ENGINE_ACTIVE')} or on (Hostname, UUID) ` +
  `(${heldByPods('DCGM_FI_DEV_GPU_UTIL', ',GPU_I_PROFILE=""')} / 100)`;
const BUSY = `(${ACTIVITY}) / on (Hostname, UUID, GPU_I_ID) group_left () count by (Hostname, UUID, GPU_I_ID) (${ACTIVITY})`;

/** How many 5-minute steps of each day a source answered at (a subquery like {@link daily}'s). */
const coverage = (inner: string): string => `count_over_time((${inner})[${DAY - 1}s:${RESOLUTION_SECONDS / 60}m])`;

/** Every query of a showback over `period` (`poolLabel`: the node label naming pools, as kanaria.yaml gives it). */
export function usageQueries(period: UsagePeriod, poolLabel: string) {
  const range = `[${period.days}d]`;
  const pool = ksmLabel(poolLabel);
  return {
    /** Daily sums by namespace, pool, product, resource, kind. */
    kanariaAllocated: daily(latestReading('kanaria_gpu_allocated'), KANARIA_BY),
    kanariaEquivalents: daily(latestReading('kanaria_gpu_allocated_equivalents'), KANARIA_BY),
    /** Daily steps with a reading by Kanaria (a replica that never read exports 0) or kube-state-metrics. */
    kanariaCoverage: coverage('max(kanaria_gpu_inventory_read_timestamp_seconds) > 0'),
    ksmCoverage: coverage('max(kube_pod_status_phase)'),
    /** Daily sums by namespace, node, resource (KSM's sanitised name). */
    ksmAllocated: daily(KSM_ALLOCATED, 'namespace, node, resource'),
    /** Daily sums by namespace, node (`Hostname`), MIG profile and model. */
    busy: daily(BUSY, 'namespace, Hostname, GPU_I_PROFILE, modelName'),
    /** Instant queries at the period's end: every node seen in it, with pool and product. */
    kanariaNodes: `max by (node, exported_node, pool, product) (max_over_time(kanaria_gpu_nodes${range}))`,
    ksmNodes:
      `max by (node, ${pool}, label_nvidia_com_gpu_product, label_nvidia_com_gpu_replicas) ` +
      `(max_over_time(kube_node_labels${range}))`,
    ksmPoolLabel: pool,
  };
}

/** A series of daily sums of 5-minute samples: [day end (unix s), sum]. */
export interface NodeInfo {
  readonly node: string;
  readonly pool: string;
  readonly product: string;
  readonly replicas?: number;
}

/** `gpu.prices` of kanaria.yaml. */
export interface GpuPrices {
  readonly currency: string;
  readonly perGpuHour: Readonly<Record<string, number>>;
}

export type UsageScope = { readonly kind: 'namespace' | 'pool'; readonly name: string };

/** One source's allocation: its daily sums and the nodes it names. */
export interface AllocationSeries {
  readonly allocated: readonly DailySeries[];
  /** Kanaria's equivalents, in the same labels as `allocated` (absent for KSM: worked out from the nodes). */
  readonly equivalents?: readonly DailySeries[];
  readonly nodes: readonly NodeInfo[];
}

export interface UsageInput {
  readonly period: UsagePeriod;
  /** Every day of the period with the source that counts for it (`chooseSources`); other sources' days are ignored. */
  readonly days: readonly DaySource[];
  readonly kanaria?: AllocationSeries;
  readonly ksm?: AllocationSeries;
  readonly busy: readonly DailySeries[];
  readonly prices?: GpuPrices;
  readonly scope?: UsageScope;
}

export interface UsageRow {
  readonly namespace: string;
  readonly product: string;
  readonly resource: string;
  readonly kind: GpuKind;
  /** The source of the days that gave the row its hours; absent for busy hours with nothing allocated. */
  readonly source?: AllocationSource | 'mixed';
  /** In the resource's own unit: GPU-hours, MIG-slice-hours or replica-hours. */
  readonly allocatedHours: number;
  readonly equivalentHours: number;
  /** GPU-equivalent hours busy; absent when DCGM said nothing for this row. */
  readonly busyHours?: number;
  /** busy ÷ equivalent allocated (0–1), when both are known. */
  readonly efficiency?: number;
  readonly pricePerGpuHour?: number;
  readonly cost?: number;
}

export interface UsageFigure {
  readonly equivalentHours: number;
  readonly busyHours?: number;
  readonly efficiency?: number;
  readonly cost?: number;
}

export interface NamespaceUsage extends UsageFigure {
  readonly namespace: string;
  /** Whole GPU-hours, MIG slice-hours by profile and replica-hours stay apart; their sum is `equivalentHours`. */
  readonly gpuHours: number;
  readonly migHours: Readonly<Record<string, number>>;
  readonly sharedHours: number;
}

export interface UsageReport {
  readonly period: UsagePeriod;
  /** The period's days and the source that counted for each (none: no allocation data that day). */
  readonly days: readonly DaySource[];
  readonly scope?: UsageScope;
  readonly rows: readonly UsageRow[];
  readonly namespaces: readonly NamespaceUsage[];
  readonly totals: UsageFigure;
  /** GPU-equivalent hours per UTC day (its start, `YYYY-MM-DD`) and namespace, for the chart. */
  readonly daily: readonly { readonly day: string; readonly namespace: string; readonly hours: number }[];
  /** Currency of the costs; absent when no row has a price. */
  readonly currency?: string;
  /** No DCGM series in the period: busy and efficiency are unknown, never 0. */
  readonly noBusy: boolean;
}

/** The scope's name is not in the period's data: the closest known ones. */
export interface UnknownScope {
  readonly unknown: UsageScope;
  readonly near: readonly string[];
  readonly known: readonly string[];
}

/** `nvidia_com_mig_1g_10gb` (kube-state-metrics) → `nvidia.com/mig-1g.10gb`; a renamed `…_shared` → `….shared`. */
export function resourceFromKsm(name: string): string {
  const mig = /^nvidia_com_mig_(\d+)g_(\d+)gb(_me)?(_shared)?$/.exec(name);
  if (mig) return `nvidia.com/mig-${mig[1]}g.${mig[2]}gb${mig[3] ? '+me' : ''}${mig[4] ? '.shared' : ''}`;
  if (name === 'nvidia_com_gpu_shared') return 'nvidia.com/gpu.shared';
  if (name === 'nvidia_com_gpu') return 'nvidia.com/gpu';
  return name.replace(/^nvidia_com_/, 'nvidia.com/');
}

/**
 * The replicas of `resource` a node's `nvidia.com/gpu.replicas` gives: GFD's full-GPU labels describe
 * `nvidia.com/gpu` (also under single-strategy MIG), not a mixed-strategy slice (whose own label KSM lacks).
 */
const replicasFor = (resource: string, replicas?: number): number | undefined =>
  resource.startsWith('nvidia.com/mig-') ? undefined : replicas;

/** The kind of a resource on a node with `product` and `replicas` (as the report classes it: shared first). */
export function resourceKind(resource: string, product: string, replicas?: number): GpuKind {
  return (replicasFor(resource, replicas) ?? 1) > 1 ? 'shared' : kindByName(resource, product);
}

/** The physical GPU a product label names: without GFD's `-MIG-<profile>` or `-SHARED` suffix. */
export const baseProduct = (product: string): string => product.replace(/-MIG-.*$/, '').replace(/-SHARED$/, '');
/** dcgm-exporter's `modelName` (`NVIDIA A100-SXM4-80GB`) as GFD writes products (`NVIDIA-A100-SXM4-80GB`). */
const productOfModel = (model: string): string => model.trim().replace(/\s+/g, '-');

/** The price of one GPU-hour of `product`: its own, its physical GPU's, else `*`. */
export function priceOf(prices: GpuPrices | undefined, product: string): number | undefined {
  const table = prices?.perGpuHour;
  if (!table) return undefined;
  return table[product] ?? table[baseProduct(product)] ?? table['*'];
}

const hoursOf = (sum: number): number => (sum * RESOLUTION_SECONDS) / 3600;
const dayOf = (end: number): string => new Date((end - DAY) * 1000).toISOString().slice(0, 10);
const inPeriod = (period: UsagePeriod, t: number): boolean => t > period.start && t <= period.end;

interface Cell {
  namespace: string;
  pool: string;
  product: string;
  resource: string;
  kind: GpuKind;
  allocated: number;
  equivalent: number;
  busy?: number;
  /** Equivalent hours by day end. */
  days: Map<number, number>;
  /** The sources whose days gave the cell hours. */
  sources: Set<AllocationSource>;
}

/**
 * Allocated cells by namespace, pool, product, resource, kind: each source's series count only on the days
 * chosen for that source.
 */
function allocatedCells(input: UsageInput): Cell[] {
  const cells = new Map<string, Cell>();
  const cellOf = (namespace: string, pool: string, product: string, resource: string, kind: GpuKind): Cell => {
    const key = [namespace, pool, product, resource, kind].join('\u0000');
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        namespace,
        pool,
        product,
        resource,
        kind,
        allocated: 0,
        equivalent: 0,
        days: new Map(),
        sources: new Set(),
      };
      cells.set(key, cell);
    }
    return cell;
  };
  const sourceOf = new Map(input.days.map((d) => [d.end, d.source]));
  const add = (
    source: AllocationSource,
    series: DailySeries,
    cell: Cell,
    perUnit: (t: number, units: number) => number,
  ) => {
    for (const [t, sum] of series.points) {
      if (!inPeriod(input.period, t) || sourceOf.get(t) !== source || !Number.isFinite(sum)) continue;
      const equivalent = hoursOf(perUnit(t, sum));
      cell.allocated += hoursOf(sum);
      cell.equivalent += equivalent;
      cell.days.set(t, (cell.days.get(t) ?? 0) + equivalent);
      cell.sources.add(source);
    }
  };

  const kanaria = input.kanaria;
  const equivalents = new Map<string, DailySeries>();
  for (const s of kanaria?.equivalents ?? []) equivalents.set(labelKey(s.labels), s);
  for (const series of kanaria?.allocated ?? []) {
    const l = series.labels;
    const kind = (['gpu', 'mig', 'shared'] as const).find((k) => k === l['kind']) ?? 'gpu';
    const cell = cellOf(kanariaNamespace(l), l['pool'] ?? '', l['product'] ?? 'unknown', l['resource'] ?? '?', kind);
    const eq = new Map(equivalents.get(labelKey(l))?.points ?? []);
    // Without the equivalents series, whole units count 1 each (never less than held).
    add('kanaria', series, cell, (t, units) => eq.get(t) ?? units);
  }

  const nodes = new Map((input.ksm?.nodes ?? []).map((n) => [n.node, n]));
  for (const series of input.ksm?.allocated ?? []) {
    const l = series.labels;
    const node = nodes.get(l['node'] ?? '');
    const product = node?.product ?? 'unknown';
    const resource = resourceFromKsm(l['resource'] ?? '');
    const kind = resourceKind(resource, product, node?.replicas);
    const cell = cellOf(l['namespace'] ?? '', node?.pool ?? '(no pool)', product, resource, kind);
    const replicas = replicasFor(resource, node?.replicas);
    const each = unitEquivalent({ kind, resource, product, ...(replicas && { replicas }) });
    add('ksm', series, cell, (_t, units) => units * each);
  }
  return [...cells.values()];
}

/** The namespace of one of Kanaria's series, renamed or not by the scrape. */
const kanariaNamespace = (labels: Readonly<Record<string, string>>): string =>
  labels['exported_namespace'] || labels['namespace'] || '';

const labelKey = (labels: Readonly<Record<string, string>>): string =>
  [kanariaNamespace(labels), ...['pool', 'product', 'resource', 'kind'].map((k) => labels[k] ?? '')].join('\u0000');

/**
 * Adds DCGM's busy GPU-equivalent hours to the allocated cell of the same namespace, pool (from the node),
 * physical product and MIG profile (whole GPUs before shared replicas); busy hours without such a cell get one
 * of their own, with nothing allocated (none when they are 0).
 */
function addBusy(cells: Cell[], input: UsageInput): void {
  const nodes = new Map([...(input.ksm?.nodes ?? []), ...(input.kanaria?.nodes ?? [])].map((n) => [n.node, n]));
  const order: Record<GpuKind, number> = { gpu: 0, mig: 1, shared: 2 };
  for (const series of input.busy) {
    const l = series.labels;
    const namespace = l['namespace'] ?? '';
    const model = l['modelName'] ?? 'unknown';
    const profile = l['GPU_I_PROFILE'] || undefined;
    const pool = nodes.get(l['Hostname'] ?? '')?.pool;
    const product = productOfModel(model);
    const share = profile ? Math.min(1, (migProfile(profile)?.slices ?? 1) / migSlicesPerGpu(model)) : 1;
    let busy = 0;
    for (const [t, sum] of series.points)
      if (inPeriod(input.period, t) && Number.isFinite(sum)) busy += hoursOf(sum) * share;
    const matches = cells
      .filter(
        (c) =>
          c.namespace === namespace &&
          (pool === undefined || c.pool === pool) &&
          // A node without a product label (KSM without GFD labels) matches any model.
          (baseProduct(c.product) === product || c.product === 'unknown') &&
          // A MIG slice's profile, shared (time-sliced) or not; whole GPUs have none.
          (c.kind === 'gpu' ? undefined : (migProfile(c.resource)?.profile ?? migProfile(c.product)?.profile)) ===
            profile,
      )
      .sort(
        (a, b) => Number(a.product === 'unknown') - Number(b.product === 'unknown') || order[a.kind] - order[b.kind],
      );
    let cell = matches[0];
    if (!cell) {
      // Nothing allocated and nothing busy (an idle GPU no pod holds, as a ServiceMonitor's scrape labels it).
      if (busy === 0) continue;
      const kind: GpuKind = profile ? 'mig' : 'gpu';
      const resource = profile ? `nvidia.com/mig-${profile}` : 'nvidia.com/gpu';
      cell = {
        namespace,
        pool: pool ?? '(no pool)',
        product,
        resource,
        kind,
        allocated: 0,
        equivalent: 0,
        days: new Map(),
        sources: new Set(),
      };
      cells.push(cell);
    }
    cell.busy = (cell.busy ?? 0) + busy;
  }
}

/**
 * Totals of rows: efficiency only over the rows that have one, busy and allocated both known (unknown is not
 * idle, and busy hours without their allocation would lift it past 100 %).
 */
function figure(rows: readonly UsageRow[]): UsageFigure {
  const sum = (of: readonly UsageRow[], value: (r: UsageRow) => number) => of.reduce((s, r) => s + value(r), 0);
  const equivalentHours = sum(rows, (r) => r.equivalentHours);
  const known = rows.filter((r) => r.busyHours !== undefined);
  const busyHours = known.length ? sum(known, (r) => r.busyHours ?? 0) : undefined;
  const rated = rows.filter((r) => r.efficiency !== undefined);
  const cost = rows.reduce<number | undefined>((s, r) => addKnown(s, r.cost), undefined);
  return {
    equivalentHours,
    ...(busyHours !== undefined && { busyHours }),
    ...(rated.length && {
      efficiency: sum(rated, (r) => r.busyHours ?? 0) / sum(rated, (r) => r.equivalentHours),
    }),
    ...(cost !== undefined && { cost }),
  };
}

/** Sums that stay undefined unless some part is defined (unknown is not 0). */
const addKnown = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : a + b;

/** Narrows the cells to the scope, or names the closest known names when the scope's is not among them. */
function scoped(cells: Cell[], scope: UsageScope | undefined): Cell[] | UnknownScope {
  if (!scope) return cells;
  const of = (c: Cell) => (scope.kind === 'pool' ? c.pool : c.namespace);
  const known = [...new Set(cells.map(of))].sort();
  if (!known.includes(scope.name)) return { unknown: scope, near: closest(scope.name, known), known };
  return cells.filter((c) => of(c) === scope.name);
}

/** The showback: rows per namespace and product/resource, namespace figures, totals, days for the chart. */
export function gpuUsage(input: UsageInput): UsageReport | UnknownScope {
  const all = allocatedCells(input);
  addBusy(all, input);
  const cells = scoped(all, input.scope);
  if (!Array.isArray(cells)) return cells;

  // Pools fold away once scoped: a row is one namespace's use of one product and resource.
  const rows = new Map<string, UsageRow & { days: Map<number, number>; sources: Set<AllocationSource> }>();
  for (const c of cells) {
    const key = [c.namespace, c.product, c.resource, c.kind].join('\u0000');
    const prev = rows.get(key);
    const days = new Map(prev?.days ?? []);
    for (const [t, h] of c.days) days.set(t, (days.get(t) ?? 0) + h);
    const sources = new Set([...(prev?.sources ?? []), ...c.sources]);
    const source = sources.size > 1 ? 'mixed' : [...sources][0];
    const allocatedHours = (prev?.allocatedHours ?? 0) + c.allocated;
    const equivalentHours = (prev?.equivalentHours ?? 0) + c.equivalent;
    const busyHours = addKnown(prev?.busyHours, c.busy);
    const price = priceOf(input.prices, c.product);
    rows.set(key, {
      namespace: c.namespace,
      product: c.product,
      resource: c.resource,
      kind: c.kind,
      ...(source && { source }),
      allocatedHours,
      equivalentHours,
      ...(busyHours !== undefined && { busyHours }),
      ...(busyHours !== undefined && equivalentHours > 0 && { efficiency: busyHours / equivalentHours }),
      ...(price !== undefined && { pricePerGpuHour: price, cost: equivalentHours * price }),
      days,
      sources,
    });
  }
  const sorted = [...rows.values()].sort(
    (a, b) =>
      a.namespace.localeCompare(b.namespace) ||
      b.equivalentHours - a.equivalentHours ||
      a.product.localeCompare(b.product) ||
      a.resource.localeCompare(b.resource),
  );

  const byNamespace = new Map<string, (typeof sorted)[number][]>();
  for (const r of sorted) byNamespace.set(r.namespace, [...(byNamespace.get(r.namespace) ?? []), r]);
  const namespaces: NamespaceUsage[] = [...byNamespace].map(([namespace, own]) => {
    const migHours: Record<string, number> = {};
    for (const r of own.filter((x) => x.kind === 'mig')) {
      const profile = migProfile(r.resource)?.profile ?? migProfile(r.product)?.profile ?? r.resource;
      migHours[profile] = (migHours[profile] ?? 0) + r.allocatedHours;
    }
    const sumOf = (kind: GpuKind) => own.filter((x) => x.kind === kind).reduce((s, x) => s + x.allocatedHours, 0);
    return {
      namespace,
      gpuHours: sumOf('gpu'),
      migHours,
      sharedHours: sumOf('shared'),
      ...figure(own),
    };
  });
  namespaces.sort((a, b) => b.equivalentHours - a.equivalentHours || a.namespace.localeCompare(b.namespace));

  const daily: { day: string; namespace: string; hours: number }[] = [];
  for (const [namespace, own] of byNamespace) {
    const days = new Map<number, number>();
    for (const r of own) for (const [t, h] of r.days) days.set(t, (days.get(t) ?? 0) + h);
    for (const [t, hours] of [...days].sort(([a], [b]) => a - b)) daily.push({ day: dayOf(t), namespace, hours });
  }

  const priced = sorted.some((r) => r.cost !== undefined);
  return {
    period: input.period,
    days: input.days,
    ...(input.scope && { scope: input.scope }),
    rows: sorted.map(({ days: _days, sources: _sources, ...row }) => row),
    namespaces,
    totals: figure(sorted),
    daily,
    ...(priced && input.prices && { currency: input.prices.currency }),
    noBusy: input.busy.length === 0,
  };
}

export const isUnknownScope = (x: UsageReport | UnknownScope): x is UnknownScope => 'unknown' in x;

/** Nodes from the instant vectors of {@link usageQueries}' `kanariaNodes` or `ksmNodes`. */
export function nodesFrom(
  samples: readonly { readonly labels: Readonly<Record<string, string>> }[],
  source: AllocationSource,
  ksmPoolLabel: string,
): NodeInfo[] {
  return samples.flatMap(({ labels }) => {
    const node = (source === 'kanaria' && labels['exported_node']) || labels['node'];
    if (!node) return [];
    if (source === 'kanaria')
      return [{ node, pool: labels['pool'] || '(no pool)', product: labels['product'] || 'unknown' }];
    const replicas = Number(labels['label_nvidia_com_gpu_replicas']);
    return [
      {
        node,
        pool: labels[ksmPoolLabel] || '(no pool)',
        product: labels['label_nvidia_com_gpu_product'] || 'unknown',
        ...(Number.isInteger(replicas) && replicas > 1 && { replicas }),
      },
    ];
  });
}
