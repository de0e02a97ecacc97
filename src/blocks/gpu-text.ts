import type { IdleGpu } from '../domain/dcgm.js';
import type { GpuReport } from '../domain/gpu.js';

/** Allocated but idle GPUs from DCGM, with the threshold and window they were judged by. */
export interface IdleSection {
  readonly gpus: readonly IdleGpu[];
  readonly thresholdPercent: number;
  /** A PromQL duration such as `1h`. */
  readonly window: string;
}

const pct = (v: number): string => `${Math.round(v * 100)}%`;
const ago = (seconds: number | undefined): string => {
  if (seconds === undefined) return '?';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
};

/** The idle-GPU section (empty when there are none): a header, at most `limit` GPUs, then how many more. */
export function idleGpuLines(idle: IdleSection, limit = 10): string[] {
  if (idle.gpus.length === 0) return [];
  const out = [`Allocated but idle (under ${idle.thresholdPercent} % over ${idle.window}):`];
  for (const g of idle.gpus.slice(0, limit)) {
    out.push(
      `  ${g.node} gpu ${g.gpu} (${g.model}): ${Math.round(g.utilisationPercent)} % util${g.memoryUsedMiB !== undefined ? `, ${Math.round(g.memoryUsedMiB)} MiB` : ''}${g.pod ? `, ${g.namespace}/${g.pod}` : ''}`,
    );
  }
  if (idle.gpus.length > limit) out.push(`  … and ${idle.gpus.length - limit} more`);
  return out;
}

/** The GPU report as plain text (the offline CLI): a table per product and pool, free first; idle GPUs when given. */
export function gpuReportText(
  report: GpuReport,
  limits = { rows: 50, pending: 20, namespaces: 10 },
  idle?: IdleSection,
): string {
  if (report.rows.length === 0) return 'No GPU nodes: no node reports nvidia.com/gpu (or MIG / shared GPU) capacity.\n';
  const out: string[] = [];
  const t = report.totals;
  out.push(
    `GPUs: ${t.free} free of ${t.allocatable} allocatable (${t.capacity} capacity) on ${t.nodes} nodes; ${t.requested} requested (${pct(t.allocatable ? t.requested / t.allocatable : 0)}).`,
  );
  out.push('');
  const header = [
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
  ];
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
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  for (const row of [header, ...rows])
    out.push(
      row
        .map((cell, i) => cell.padEnd(widths[i] as number))
        .join('  ')
        .trimEnd(),
    );
  if (report.rows.length > limits.rows) out.push(`… and ${report.rows.length - limits.rows} more rows`);
  const extra = report.rows.filter((r) => r.unavailable > 0 || r.unhealthy > 0);
  for (const r of extra.slice(0, limits.rows))
    out.push(
      `  ${r.product} / ${r.pool}: ${r.unavailable ? `${r.unavailable} idle on cordoned or NotReady nodes` : ''}${r.unavailable && r.unhealthy ? ', ' : ''}${r.unhealthy ? `${r.unhealthy} unhealthy (allocatable below capacity)` : ''}`,
    );
  if (extra.length > limits.rows)
    out.push(`  … and ${extra.length - limits.rows} more with unavailable or unhealthy GPUs`);
  if (report.cordonedOrNotReady.length)
    out.push(
      '',
      `Not taking pods: ${report.cordonedOrNotReady.slice(0, 20).join(', ')}${report.cordonedOrNotReady.length > 20 ? ` and ${report.cordonedOrNotReady.length - 20} more` : ''}`,
    );
  if (report.pending.length) {
    out.push('', `Pending pods asking for GPUs: ${report.pending.length}`);
    for (const p of report.pending.slice(0, limits.pending))
      out.push(
        `  ${p.namespace}/${p.name} (${Object.entries(p.requests)
          .map(([r, n]) => `${n} ${r}`)
          .join(', ')}), waiting ${ago(p.waitingSeconds)}: ${p.reason}`,
      );
    if (report.pending.length > limits.pending) out.push(`  … and ${report.pending.length - limits.pending} more`);
  }
  if (report.namespaces.length) {
    out.push('', 'Top namespaces by GPUs held:');
    for (const n of report.namespaces.slice(0, limits.namespaces))
      out.push(`  ${n.namespace}: ${n.gpus} in ${n.pods} pods`);
    if (report.namespaces.length > limits.namespaces)
      out.push(`  … and ${report.namespaces.length - limits.namespaces} more`);
  }
  const idleLines = idle ? idleGpuLines(idle) : [];
  if (idleLines.length) out.push('', ...idleLines);
  return `${out.join('\n')}\n`;
}
