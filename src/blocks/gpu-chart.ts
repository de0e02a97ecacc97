import type { TopLevelSpec } from 'vega-lite';
import type { CapacityRow } from '../domain/gpu.js';
import type { Words } from '../i18n/index.js';

/*
 * The GPU report's chart: one horizontal stacked bar per report row (product and pool, and the resource for MIG
 * and shared rows), requested / free / idle on unusable nodes / unhealthy, with a title, an axis and a legend in
 * the reader's language. Each row counts in its own unit (GPUs, MIG slices or shared replicas), as the table does.
 * A pure Vega-Lite spec: src/charts/render.ts draws it.
 */

/** The upload's title. */
export const gpuChartTitle = (t: Words): string => t('blocks.gpu.chart');

export const GPU_COLOURS = {
  requested: '#1f77b4',
  free: '#2ca02c',
  unavailable: '#999999',
  unhealthy: '#d62728',
} as const;

/** Bars beyond this are left out (the subtitle says how many). */
export const MAX_GPU_BARS = 12;

const PARTS = ['requested', 'free', 'unavailable', 'unhealthy'] as const;

/** A row's label: product and pool, and the resource where the product alone does not say what is counted. */
export function gpuRowLabel(t: Words, row: CapacityRow): string {
  return row.kind === 'gpu'
    ? t('blocks.charts.gpu.row', { product: row.product, pool: row.pool })
    : t('blocks.charts.gpu.rowResource', {
        product: row.product,
        pool: row.pool,
        resource: row.resource.replace(/^nvidia\.com\//, ''),
      });
}

export function gpuChartSpec(t: Words, rows: readonly CapacityRow[]): TopLevelSpec {
  const shown = rows.slice(0, MAX_GPU_BARS);
  const names = PARTS.map((part) => t(`blocks.charts.gpu.${part}`));
  // Rows that read alike (one product and pool split by how the GPUs are shared) stay separate bars.
  const seen = new Map<string, number>();
  const labels = shown.map((row) => {
    const label = gpuRowLabel(t, row);
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} (${count})`;
  });
  const values = shown.flatMap((row, i) =>
    PARTS.map((part, order) => ({ row: labels[i], part: names[order], order, value: row[part] })),
  );
  const hidden = rows.length - shown.length;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: t('blocks.charts.gpu.title'),
      ...(hidden > 0 && { subtitle: t('blocks.charts.gpu.more', { count: hidden }) }),
      anchor: 'start',
    },
    data: { values },
    width: 480,
    height: { step: 28 },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'row', type: 'nominal', sort: labels, axis: { title: null, labelLimit: 400 } },
      x: {
        field: 'value',
        type: 'quantitative',
        stack: 'zero',
        axis: { title: t('blocks.charts.gpu.axis'), format: ',d', tickMinStep: 1 },
      },
      color: {
        field: 'part',
        type: 'nominal',
        scale: { domain: names, range: PARTS.map((part) => GPU_COLOURS[part]) },
        legend: { title: null, orient: 'top', direction: 'horizontal', labelLimit: 400, symbolType: 'square' },
      },
      order: { field: 'order', type: 'quantitative' },
    },
  };
}
