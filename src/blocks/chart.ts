import type { TopLevelSpec } from 'vega-lite';
import { linePoints, lonePointLayer } from '../charts/series.js';
import { timeAxis } from '../charts/time.js';
import type { Words } from '../i18n/index.js';

/*
 * The canary-versus-stable chart posted with a verdict: one panel per metric (faceted, each on its own y scale),
 * canary in red and stable in blue over the same window, with a title, the metric and its unit over each panel,
 * the time axis in the chart's zone and a legend, all in the reader's language. A pure Vega-Lite spec:
 * src/charts/render.ts draws it.
 */

/** `[unix time, value]`, in time order as Prometheus returns them; a non-finite value breaks the line. */
export type ChartPoint = readonly [number, number];

export interface ChartPanel {
  readonly name: string;
  readonly canary: readonly ChartPoint[];
  readonly stable: readonly ChartPoint[];
}

export interface AnalysisChart {
  readonly app: string;
  readonly panels: readonly ChartPanel[];
  /** A metric's unit by its name (`analysis.<metric>.unit`), shown over its panel. */
  readonly units?: Readonly<Record<string, string>>;
  /** The zone the time axis is in (default UTC). */
  readonly timeZone?: string;
}

/** The upload's title. */
export const chartTitle = (t: Words, app: string): string => t('blocks.analysis.chart', { app });

/** Panels beyond this are left out (Slack shows the image scaled down; more would be unreadable). */
export const MAX_CHART_PANELS = 6;

export const CANARY_COLOUR = '#d62728';
export const STABLE_COLOUR = '#1f77b4';

/** Chart units: 800 wide (a 1600 px PNG) with room for the axis, 130 per panel. */
const PLOT_WIDTH = 720;
const PANEL_HEIGHT = 110;

export function analysisChartSpec(t: Words, chart: AnalysisChart): TopLevelSpec {
  const zone = chart.timeZone ?? 'UTC';
  const shown = chart.panels.slice(0, MAX_CHART_PANELS);
  const canary = t('blocks.charts.analysis.canary');
  const stable = t('blocks.charts.analysis.stable');
  const header = (name: string) => {
    const unit = chart.units?.[name];
    return unit
      ? t('blocks.charts.analysis.metricUnit', { metric: name, unit })
      : t('blocks.charts.analysis.metric', { metric: name });
  };
  const values = shown.flatMap((panel, order) =>
    (
      [
        [stable, panel.stable],
        [canary, panel.canary],
      ] as const
    ).flatMap(([series, points]) =>
      linePoints(points, zone).map((point) => ({ metric: header(panel.name), order, series, ...point })),
    ),
  );
  const hidden = chart.panels.length - shown.length;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: t('blocks.charts.analysis.title', { app: chart.app }),
      ...(hidden > 0 && { subtitle: t('blocks.charts.analysis.more', { count: hidden }) }),
      anchor: 'start',
    },
    data: { values },
    facet: {
      row: {
        field: 'metric',
        type: 'nominal',
        sort: { field: 'order', op: 'min' },
        header: {
          title: null,
          labelAngle: 0,
          labelOrient: 'top',
          labelAnchor: 'start',
          labelAlign: 'left',
          labelFontSize: 12,
          labelFontWeight: 'bold',
          labelLimit: PLOT_WIDTH,
          labelPadding: 0,
          labelBaseline: 'bottom',
        },
      },
    },
    spec: {
      width: PLOT_WIDTH,
      height: PANEL_HEIGHT,
      encoding: {
        x: { field: 'time', type: 'temporal', ...timeAxis(t.locale, t('blocks.charts.time', { zone })) },
        y: { field: 'value', type: 'quantitative', scale: { zero: false }, axis: { title: null, tickCount: 4 } },
        color: {
          field: 'series',
          type: 'nominal',
          scale: { domain: [canary, stable], range: [CANARY_COLOUR, STABLE_COLOUR] },
          legend: { title: null, orient: 'top', direction: 'horizontal', symbolType: 'stroke' },
        },
      },
      layer: [{ mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-filter-domains' } }, lonePointLayer],
    },
    resolve: { scale: { y: 'independent' } },
  };
}
