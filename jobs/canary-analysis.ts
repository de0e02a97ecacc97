import { PrometheusUnavailable, type Prometheus } from '../src/adapters/prometheus.js';
import type { AnalysisRun } from '../src/domain/analysis-run.js';
import type { AnalysisSettings } from '../src/domain/analysis-config.js';
import { Refusal } from '../src/domain/errors.js';
import { judgeMetric, verdictOf, type MetricReason, type MetricResult } from '../src/domain/verdict.js';

export type { AnalysisRun } from '../src/domain/analysis-run.js';

const fill = (query: string, hash: string): string => query.replaceAll('{{hash}}', hash);

/**
 * Runs the app's queries for the canary and for stable over the same window and step, and judges them.
 * A query Prometheus rejects, or one that returns several series, makes that metric `nodata` with the
 * reason; Prometheus unreachable (after the adapter's retries) makes every metric `nodata`: never a pass.
 */
export async function analyze(
  prometheus: Prometheus,
  settings: AnalysisSettings,
  hashes: { canary: string; stable: string },
  endSeconds: number,
  windowSeconds = settings.windowSeconds,
): Promise<AnalysisRun> {
  const window = { start: endSeconds - windowSeconds, end: endSeconds, step: settings.stepSeconds };
  const series: AnalysisRun['series'][number][] = [];
  const results: MetricResult[] = [];
  let unavailable: MetricReason | undefined;
  for (const metric of settings.metrics) {
    const critical = metric.critical ?? false;
    if (unavailable) {
      results.push({
        name: metric.name,
        result: 'nodata',
        critical,
        reason: unavailable,
        points: { canary: 0, stable: 0 },
      });
      continue;
    }
    try {
      const [canary, stable] = await Promise.all([
        prometheus.rangeSeries(fill(metric.query, hashes.canary), window.start, window.end, window.step),
        prometheus.rangeSeries(fill(metric.query, hashes.stable), window.start, window.end, window.step),
      ]);
      series.push({ name: metric.name, canary, stable });
      results.push(judgeMetric({ ...metric, canary, stable }));
    } catch (error) {
      if (!(error instanceof PrometheusUnavailable) && !(error instanceof Refusal)) throw error;
      // The error's key and facts: worded where the verdict is shown, in its reader's language.
      const reason: MetricReason = { why: 'query-failed', error: { key: error.key, params: error.params } };
      if (error instanceof PrometheusUnavailable) unavailable = reason;
      results.push({ name: metric.name, result: 'nodata', critical, reason, points: { canary: 0, stable: 0 } });
    }
  }
  const weights = new Map(settings.metrics.map((m) => [m.name, m.weight ?? 1]));
  return { verdict: verdictOf(results, (name) => weights.get(name) ?? 1), series, window };
}
