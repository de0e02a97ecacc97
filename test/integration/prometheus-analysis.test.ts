import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPrometheus } from '../../src/adapters/prometheus.js';
import { analyze } from '../../jobs/canary-analysis.js';
import { metricReason, verdictReason } from '../../src/blocks/verdict.js';
import type { MetricResult } from '../../src/domain/verdict.js';
import { wordsFor } from '../../src/i18n/index.js';
import { analysisSettings } from '../../src/domain/analysis-config.js';
import { startMetricsApp, type MetricsApp } from '../helpers/metrics-app.js';
import { hasPrometheus, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

const EN = wordsFor('en');
/** A metric's reason as English readers see it. */
const worded = (metric: MetricResult | undefined): string | undefined => metric && metricReason(EN, metric.reason);

const available = hasPrometheus() || process.env['CI'] === 'true';

const SETTINGS = analysisSettings({
  window: '40s',
  step: '1s',
  successRate: {
    query:
      'sum(rate(http_requests_total{code!~"5..",rollouts_pod_template_hash="{{hash}}"}[5s])) / sum(rate(http_requests_total{rollouts_pod_template_hash="{{hash}}"}[5s]))',
    critical: true,
    allowedDecrease: 0.99,
  },
  latencyP90: {
    query:
      'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{rollouts_pod_template_hash="{{hash}}"}[5s])))',
    allowedIncrease: 1.2,
  },
});

describe.skipIf(!available)('canary analysis against a real Prometheus scraping prom-client apps', () => {
  let prometheus: RunningPrometheus;
  const apps: MetricsApp[] = [];
  let end = 0;

  beforeAll(async () => {
    apps.push(await startMetricsApp({ hash: 'stable111', errorEvery: 100, latencyMs: 50 }));
    apps.push(await startMetricsApp({ hash: 'good222', errorEvery: 100, latencyMs: 50 }));
    apps.push(await startMetricsApp({ hash: 'bad333', errorEvery: 4, latencyMs: 150 }));
    prometheus = await startPrometheus(apps.map((a) => a.target));
    // Enough scrapes for the 40 s window (plus the 5 s rate window).
    await new Promise((r) => setTimeout(r, 50_000));
    end = Math.floor(Date.now() / 1000);
  }, 80_000);
  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all(apps.map((a) => a.stop()));
  });

  it('a healthy canary passes', async () => {
    const run = await analyze(
      new HttpPrometheus(prometheus.url),
      SETTINGS,
      { canary: 'good222', stable: 'stable111' },
      end,
    );
    expect(run.verdict.verdict).toBe('pass');
    expect(run.verdict.score).toBe(100);
    expect(run.series[0]?.canary.length).toBeGreaterThanOrEqual(30);
  });

  it('a canary with errors and slower responses fails, naming the metrics', async () => {
    const run = await analyze(
      new HttpPrometheus(prometheus.url),
      SETTINGS,
      { canary: 'bad333', stable: 'stable111' },
      end,
    );
    expect(run.verdict.verdict).toBe('fail');
    expect(verdictReason(EN, run.verdict.reason)).toBe('critical metric successRate failed');
    const [success, latency] = run.verdict.metrics;
    expect(success).toMatchObject({ result: 'fail', classification: 'low' });
    expect(success?.canaryMedian).toBeCloseTo(0.75, 2);
    expect(success?.stableMedian).toBeCloseTo(0.99, 2);
    expect(latency).toMatchObject({ result: 'fail', classification: 'high' });
  });

  it('a canary without data is inconclusive, never a pass', async () => {
    const run = await analyze(
      new HttpPrometheus(prometheus.url),
      SETTINGS,
      { canary: 'missing444', stable: 'stable111' },
      end,
    );
    expect(run.verdict).toMatchObject({ verdict: 'inconclusive', score: 0 });
    expect(run.verdict.metrics.map((m) => metricReason(EN, m.reason))).toEqual([
      'no data for canary',
      'no data for canary',
    ]);
  });

  it('names a query Prometheus rejects, with its error', async () => {
    const settings = analysisSettings({
      window: '40s',
      step: '1s',
      broken: 'sum(rate(http_requests_total{rollouts_pod_template_hash="{{hash}}"}[5s]',
      latencyP90: SETTINGS.metrics[1]?.query ?? '',
    });
    const run = await analyze(
      new HttpPrometheus(prometheus.url),
      settings,
      { canary: 'good222', stable: 'stable111' },
      end,
    );
    expect(run.verdict.verdict).toBe('inconclusive');
    expect(worded(run.verdict.metrics[0])).toMatch(
      /^Prometheus rejected the query `sum\(rate\(http_requests_total\{rollouts_pod_template_hash="(good222|stable111)"\}\[5s\]`: .*parse error/,
    );
  });

  it('refuses a query that returns several series where one is expected', async () => {
    const settings = analysisSettings({
      window: '40s',
      step: '1s',
      perCode: 'rate(http_requests_total{rollouts_pod_template_hash="{{hash}}"}[5s])',
      latencyP90: SETTINGS.metrics[1]?.query ?? '',
    });
    const run = await analyze(
      new HttpPrometheus(prometheus.url),
      settings,
      { canary: 'bad333', stable: 'stable111' },
      end,
    );
    expect(run.verdict.verdict).toBe('inconclusive');
    expect(worded(run.verdict.metrics[0])).toMatch(/returns 2 series \(.*code="(200|500)".*\) where one is expected/);
  });

  it('Prometheus down: retried with backoff, then inconclusive with the reason', async () => {
    const down = new HttpPrometheus('http://127.0.0.1:9', { attempts: 3, backoffMs: 10 });
    const run = await analyze(down, SETTINGS, { canary: 'good222', stable: 'stable111' }, end);
    expect(run.verdict).toMatchObject({ verdict: 'inconclusive', score: 0 });
    expect(worded(run.verdict.metrics[0])).toMatch(
      /^Prometheus at http:\/\/127\.0\.0\.1:9 did not answer after 3 attempts/,
    );
  });
});
