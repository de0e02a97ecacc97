import type { TopLevelSpec } from 'vega-lite';
import { linePoints, lonePointLayer } from '../charts/series.js';
import { chartTime, timeAxis } from '../charts/time.js';
import type { Words } from '../i18n/index.js';

/*
 * The error budget remaining over an SLO's window (`/slo <app>`): the budget as a line from full (100 %, the top)
 * down, a zero line, and the overspent part (below zero) shaded red, with a title, a percent axis, the time axis
 * in the chart's zone and a legend, in the reader's language. A pure Vega-Lite spec: src/charts/render.ts draws it.
 */

/** `[unix seconds, budget remaining as a fraction]` (1 = untouched, 0 = spent, negative = overspent). */
export type BudgetPoint = readonly [number, number];

export interface BudgetChart {
  readonly app: string;
  readonly slo: string;
  readonly points: readonly BudgetPoint[];
  /** The zone the time axis is in (default UTC). */
  readonly timeZone?: string;
}

export const BUDGET_LINE = '#1f77b4';
export const ZERO_LINE = '#505050';
export const OVERSPENT = '#f6c6c6';

const isFinitePoint = ([t, v]: BudgetPoint): boolean => Number.isFinite(t) && Number.isFinite(v);

export function budgetChartSpec(t: Words, chart: BudgetChart): TopLevelSpec {
  const zone = chart.timeZone ?? 'UTC';
  const left = t('blocks.charts.budget.left');
  const overspent = t('blocks.charts.budget.overspent');
  const colours = { domain: [left, overspent], range: [BUDGET_LINE, OVERSPENT] };
  const finite = chart.points.filter(isFinitePoint);
  // The scale always holds the full budget and zero, so the zero line is always there.
  const low = Math.min(0, ...finite.map(([, v]) => v));
  const high = Math.max(1, ...finite.map(([, v]) => v));
  const line = linePoints(chart.points, zone);
  const x = { field: 'time', type: 'temporal', ...timeAxis(t.locale, t('blocks.charts.time', { zone })) } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t('blocks.charts.budget.title', { slo: chart.slo, app: chart.app }), anchor: 'start' },
    width: 720,
    height: 220,
    layer: [
      {
        data: { values: overspentArea(chart.points, zone) },
        mark: { type: 'area', opacity: 1, invalid: 'break-paths-filter-domains' },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative' },
          y2: { datum: 0 },
          color: { datum: overspent, scale: colours },
        },
      },
      {
        data: { values: [{}] },
        mark: { type: 'rule', color: ZERO_LINE, strokeWidth: 1.5 },
        encoding: { y: { datum: 0, type: 'quantitative' } },
      },
      {
        data: { values: line },
        encoding: {
          x,
          y: {
            field: 'value',
            type: 'quantitative',
            scale: { domain: [low, high], nice: true },
            axis: { title: t('blocks.charts.budget.axis'), format: '.0%', tickCount: 5 },
          },
          color: { datum: left, scale: colours },
        },
        layer: [{ mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-filter-domains' } }, lonePointLayer],
      },
    ],
    resolve: { scale: { y: 'shared' } },
    config: { legend: { orient: 'top', title: null, direction: 'horizontal', symbolType: 'square' } },
  };
}

/**
 * The overspent part as an area between zero and the line where it is below zero, with the points where the
 * line crosses zero added, so the shading starts and ends exactly there; a gap in the data breaks it.
 */
function overspentArea(points: readonly BudgetPoint[], zone: string): { time: number; value: number | null }[] {
  const out: { time: number; value: number | null }[] = [];
  let previous: BudgetPoint | undefined;
  for (const point of points) {
    if (!isFinitePoint(point)) {
      out.push({ time: chartTime(Number.isFinite(point[0]) ? point[0] : (previous?.[0] ?? 0), zone), value: null });
      previous = undefined;
      continue;
    }
    const [time, value] = point;
    if (previous && previous[1] < 0 !== value < 0 && previous[1] !== 0 && value !== 0) {
      const crossing = previous[0] + ((time - previous[0]) * previous[1]) / (previous[1] - value);
      out.push({ time: chartTime(crossing, zone), value: 0 });
    }
    out.push({ time: chartTime(time, zone), value: Math.min(0, value) });
    previous = point;
  }
  return out;
}
