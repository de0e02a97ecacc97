import type { IdleGpu } from '../domain/dcgm.js';
import type { GpuHolding, GpuReport, PendingReason, RestingNode } from '../domain/gpu.js';
import type { Words } from '../i18n/index.js';

/** A node that takes no new pods: "gpu-3 (cordoned)", "gpu-4 (NotReady)". */
export const restingNode = (t: Words, n: RestingNode): string =>
  t(`jobs.gpu.resting.${n.cordoned ? (n.ready ? 'cordoned' : 'both') : 'notReady'}`, { node: n.node });

/** Why a GPU pod waits: the scheduler's own words as Kubernetes gave them, else ours. */
export const pendingReason = (t: Words, reason: PendingReason): string =>
  reason.why === 'scheduler'
    ? reason.message
    : t(`jobs.gpu.pending.${reason.why === 'waiting' ? 'waiting' : 'notScheduled'}`);

/** The report with its facts in words of `t`, as the gpu-report CLI prints it as JSON. */
export const wordedReport = (t: Words, report: GpuReport) => ({
  ...report,
  pending: report.pending.map((p) => ({ ...p, reason: pendingReason(t, p.reason) })),
  cordonedOrNotReady: report.cordonedOrNotReady.map((n) => restingNode(t, n)),
});

/** Allocated but idle GPUs from DCGM, with the threshold and window they were judged by. */
export interface IdleSection {
  readonly gpus: readonly IdleGpu[];
  readonly thresholdPercent: number;
  /** A PromQL duration such as `1h`. */
  readonly window: string;
}

const pct = (v: number): string => `${Math.round(v * 100)}%`;
const ago = (t: Words, seconds: number | undefined): string => {
  if (seconds === undefined) return t('blocks.gpu.wait.unknown');
  if (seconds < 120) return t('blocks.gpu.wait.seconds', { count: seconds });
  if (seconds < 7200) return t('blocks.gpu.wait.minutes', { count: Math.round(seconds / 60) });
  return t('blocks.gpu.wait.hours', { count: Math.round(seconds / 3600) });
};

/** The idle-GPU section (empty when there are none): a header, at most `limit` GPUs, then how many more. */
export function idleGpuLines(t: Words, idle: IdleSection, limit = 10): string[] {
  if (idle.gpus.length === 0) return [];
  const out = [t('blocks.gpu.idle', { threshold: idle.thresholdPercent, window: idle.window })];
  for (const g of idle.gpus.slice(0, limit)) {
    const gpu = t('blocks.gpu.idleGpu', {
      node: g.node,
      gpu: g.gpu,
      model: g.model,
      utilisation: Math.round(g.utilisationPercent),
    });
    const memory = g.memoryUsedMiB !== undefined ? `, ${Math.round(g.memoryUsedMiB)} MiB` : '';
    out.push(`  ${gpu}${memory}${g.pod ? `, ${g.namespace}/${g.pod}` : ''}`);
  }
  if (idle.gpus.length > limit) out.push(`  ${t('common.andMore', { count: idle.gpus.length - limit })}`);
  return out;
}

/**
 * What a holding is, each kind in its own unit, then the sum: "5 GPUs + 2× 1g.10gb = 5.29 GPU-eq" (whole GPUs
 * alone too, "1 GPU = 1 GPU-eq", so the sums line up in one column to compare).
 */
export function heldText(t: Words, holding: GpuHolding): string {
  const parts = [
    ...(holding.gpus > 0 ? [t('blocks.gpu.held.gpus', { count: holding.gpus })] : []),
    ...Object.entries(holding.mig)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([profile, count]) => t('blocks.gpu.held.mig', { profile, count })),
    ...(holding.shared > 0 ? [t('blocks.gpu.held.shared', { count: holding.shared })] : []),
  ];
  return t('blocks.gpu.held.total', { parts: parts.join(' + '), equivalents: holding.equivalents });
}

/** One unit in GPUs as a fraction where it is one ("1/7", "1/4", "1"), else to the hundredth. */
export function unitText(unit: number): string {
  for (let d = 1; d <= 64; d++) {
    const n = Math.round(unit * d);
    if (n > 0 && Math.abs(n / d - unit) < 1e-9) return d === 1 ? String(n) : `${n}/${d}`;
  }
  return String(Math.round(unit * 100) / 100);
}

/**
 * The table's columns, as kubectl would name them: identifiers, and CJK text would break the alignment. EACH is
 * what one unit of the resource is in GPUs (a `1g.10gb` slice of an A100 is 1/7 GPU).
 */
const HEADER = [
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
];

/** The GPU report as plain text (the offline CLI): a table per product and pool, free first; idle GPUs when given. */
export function gpuReportText(
  t: Words,
  report: GpuReport,
  limits = { rows: 50, pending: 20, namespaces: 10 },
  idle?: IdleSection,
): string {
  if (report.rows.length === 0) return `${t('blocks.gpu.none')}\n`;
  const out: string[] = [];
  const list = (items: readonly string[]) => items.join(t('common.listSeparator'));
  const totals = report.totals;
  out.push(
    t('blocks.gpu.totals', { ...totals, use: pct(totals.allocatable ? totals.requested / totals.allocatable : 0) }),
    t('blocks.gpu.totalsEquivalents', { ...report.equivalents }),
  );
  out.push('');
  const rows = report.rows
    .slice(0, limits.rows)
    .map((r) => [
      String(r.free),
      String(r.requested),
      String(r.allocatable),
      String(r.capacity),
      pct(r.utilisation),
      String(r.nodes),
      r.kind,
      r.product,
      r.pool,
      r.resource,
      `${unitText(r.unit)} GPU`,
    ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  for (const row of [HEADER, ...rows])
    out.push(
      row
        .map((cell, i) => cell.padEnd(widths[i] as number))
        .join('  ')
        .trimEnd(),
    );
  if (report.rows.length > limits.rows) out.push(t('blocks.gpu.moreRows', { count: report.rows.length - limits.rows }));
  const extra = report.rows.filter((r) => r.unavailable > 0 || r.unhealthy > 0);
  for (const r of extra.slice(0, limits.rows)) {
    const notFree = [
      r.unavailable && t('blocks.gpu.idleOnUnusable', { count: r.unavailable }),
      r.unhealthy && t('blocks.gpu.unhealthy', { count: r.unhealthy }),
    ].filter((part): part is string => typeof part === 'string');
    out.push(`  ${r.product} / ${r.pool}: ${list(notFree)}`);
  }
  if (extra.length > limits.rows) out.push(`  ${t('blocks.gpu.moreNotFree', { count: extra.length - limits.rows })}`);
  const resting = report.cordonedOrNotReady.map((n) => restingNode(t, n));
  if (resting.length)
    out.push(
      '',
      resting.length > 20
        ? t('blocks.gpu.notTakingPodsMore', { nodes: list(resting.slice(0, 20)), count: resting.length - 20 })
        : t('blocks.gpu.notTakingPods', { nodes: list(resting) }),
    );
  if (report.pending.length) {
    out.push('', t('blocks.gpu.pending', { count: report.pending.length }));
    for (const p of report.pending.slice(0, limits.pending)) {
      const requests = list(Object.entries(p.requests).map(([r, n]) => `${n} ${r}`));
      const line = t('blocks.gpu.pendingPod', {
        pod: `${p.namespace}/${p.name}`,
        requests,
        wait: ago(t, p.waitingSeconds),
        reason: pendingReason(t, p.reason),
      });
      out.push(`  ${line}`);
    }
    if (report.pending.length > limits.pending)
      out.push(`  ${t('common.andMore', { count: report.pending.length - limits.pending })}`);
  }
  if (report.namespaces.length) {
    out.push('', t('blocks.gpu.namespaces'));
    const shown = report.namespaces.slice(0, limits.namespaces);
    const width = Math.max(...shown.map((n) => n.namespace.length));
    for (const n of shown)
      out.push(
        `  ${t('blocks.gpu.namespace', { namespace: n.namespace.padEnd(width), held: heldText(t, n), count: n.pods })}`,
      );
    if (report.namespaces.length > limits.namespaces)
      out.push(`  ${t('common.andMore', { count: report.namespaces.length - limits.namespaces })}`);
  }
  const idleLines = idle ? idleGpuLines(t, idle) : [];
  if (idleLines.length) out.push('', ...idleLines);
  return `${out.join('\n')}\n`;
}
