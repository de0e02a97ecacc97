import type { TopLevelSpec } from 'vega-lite';
import type { UsageReport } from '../domain/gpu-usage.js';
import type { Words } from '../i18n/index.js';
import { usageScopeWords } from './gpu-usage.js';

/** Namespaces drawn with their own colour; the rest are stacked as one. */
const MAX_STACKED = 8;
const DAY = 86_400;

/**
 * GPU-equivalent hours per UTC day, stacked by namespace (the largest first, the rest as "other"): a pure
 * Vega-Lite spec for renderChart, its words and dates in the reader's language.
 */
export function gpuUsageChartSpec(t: Words, report: UsageReport): TopLevelSpec {
  const totals = new Map<string, number>();
  for (const d of report.daily) totals.set(d.namespace, (totals.get(d.namespace) ?? 0) + d.hours);
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([ns]) => ns);
  const shown = new Set(ranked.slice(0, MAX_STACKED));
  const other = t('usage.chart.other');
  const label = new Intl.DateTimeFormat(t.locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  const days = Array.from({ length: report.period.days }, (_, i) =>
    label.format(new Date((report.period.start + i * DAY) * 1000)),
  );
  const dayOf = (iso: string) => label.format(new Date(`${iso}T00:00:00Z`));
  const legend = [...ranked.filter((ns) => shown.has(ns)), ...(ranked.length > MAX_STACKED ? [other] : [])];
  const values = report.daily.map((d) => {
    const namespace = shown.has(d.namespace) ? d.namespace : other;
    // The largest namespace at the bottom of each stack, in legend order.
    return { day: dayOf(d.day), namespace, rank: legend.indexOf(namespace), hours: Math.round(d.hours * 100) / 100 };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: Math.max(320, days.length * 24),
    height: 260,
    title: {
      text: t('usage.chart.title', { scope: usageScopeWords(t, report.scope), days: report.period.days }),
      subtitle: t('usage.chart.subtitle'),
    },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'day',
        type: 'ordinal',
        scale: { domain: days },
        axis: { labelAngle: days.length > 10 ? -45 : 0 },
        title: t('usage.chart.x'),
      },
      y: { field: 'hours', type: 'quantitative', aggregate: 'sum', stack: 'zero', title: t('usage.chart.y') },
      color: { field: 'namespace', type: 'nominal', scale: { domain: legend }, title: t('usage.chart.legend') },
      order: { field: 'rank', type: 'quantitative', sort: 'ascending' },
    },
  };
}
