import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  HttpPrometheus,
  PrometheusQueryRejected,
  PrometheusTooManySeries,
  PrometheusUnavailable,
} from '../../src/adapters/prometheus.js';
import { PrometheusSloSource, type SloDefinition, type SourcedReadings } from '../../src/adapters/slo-source.js';
import { BURN_WINDOWS } from '../../src/domain/slo/types.js';
import { startMetricsApp, type ControlledMetricsApp } from '../helpers/metrics-app.js';
import { hasPrometheus, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';
import { pyrraRules, slothRules } from '../helpers/sloth-rules.js';

/*
 * A 12h SLO window is a 30-day one sped up 60×: the Workbook's 1h window is read over [1m], 5m over [5s],
 * 3d over [1h12m]. With a 1 s scrape a budget can be spent within seconds.
 */
const WINDOW = '12h';
const WINDOW_SECONDS = 12 * 3600;
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

const sli = (hash: string) => ({
  errors: `sum(rate(http_requests_total{rollouts_pod_template_hash="${hash}",code=~"5.."}[{{window}}]))`,
  total: `sum(rate(http_requests_total{rollouts_pod_template_hash="${hash}"}[{{window}}]))`,
});
const raw = (hash: string): SloDefinition => ({ objective: 99, window: WINDOW, sli: sli(hash) });
const viaSloth = (hash: string): SloDefinition => ({ ...raw(hash), rules: { sloth: `shop-${hash}` } });

const rulesFor = (hash: string) =>
  slothRules({ id: `shop-${hash}`, service: 'shop', name: hash, windowSeconds: WINDOW_SECONDS, ...sli(hash) });

/** Polls `read` until `done` holds for its answer (Prometheus scrapes and evaluates every second). */
async function readUntil(
  read: () => Promise<SourcedReadings>,
  done: (r: SourcedReadings) => boolean,
): Promise<SourcedReadings> {
  for (let tries = 0; ; tries++) {
    const readings = await read();
    if (done(readings)) return readings;
    if (tries > 300) throw new Error(`never got there: ${JSON.stringify(readings)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const allFromRules = (r: SourcedReadings) =>
  Object.values(r.sources).length === BURN_WINDOWS.length + 1 &&
  Object.values(r.sources).every((s) => s === 'rules') &&
  Object.keys(r.ratios).length === BURN_WINDOWS.length &&
  r.windowRatio !== undefined;

describe.skipIf(!hasPrometheus() && process.env['CI'] !== 'true')(
  'PrometheusSloSource: an SLO read from a real Prometheus scraping a prom-client app',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanaria-slo-rules-'));
    let steady: ControlledMetricsApp;
    let controlled: ControlledMetricsApp;
    let prometheus: RunningPrometheus;
    let source: PrometheusSloSource;

    beforeAll(async () => {
      // `steady` fails one request in 10 from the start; `controlled` is healthy until the test says otherwise.
      steady = await startMetricsApp({ hash: 'steady', errorEvery: 10, latencyMs: 50 });
      controlled = await startMetricsApp({ hash: 'controlled', latencyMs: 50 });
      const files = ['steady', 'controlled'].map((hash) => {
        const file = join(dir, `sloth-${hash}.yaml`);
        writeFileSync(file, rulesFor(hash));
        return file;
      });
      files.push(join(dir, 'pyrra-steady.yaml'));
      writeFileSync(
        files.at(-1)!,
        pyrraRules({
          name: 'steady-availability',
          windowSeconds: WINDOW_SECONDS,
          metric: 'http_requests_total',
          total: 'rollouts_pod_template_hash="steady"',
          errors: 'rollouts_pod_template_hash="steady",code=~"5.."',
        }),
      );
      prometheus = await startPrometheus([steady.target, controlled.target], [], { ruleFiles: files });
      source = new PrometheusSloSource(new HttpPrometheus(prometheus.url, { attempts: 1 }));
    }, 30_000);
    afterAll(async () => {
      await prometheus?.stop();
      await steady?.stop();
      await controlled?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it.skipIf(!hasPromtool && process.env['CI'] !== 'true')(
      'the Sloth-style rules load and record errors ÷ total per window, the SLO window as their average (promtool)',
      () => {
        writeFileSync(join(dir, 'rules.yaml'), rulesFor('unit'));
        const series = (code: string, values: string) => ({
          series: `http_requests_total{rollouts_pod_template_hash="unit",code="${code}"}`,
          values,
        });
        /** The recorded series of window `w` at `at` should be `value`. */
        const recorded = (w: string, at: string, value: number) => ({
          expr: `slo:sli_error:ratio_rate${w}`,
          eval_time: at,
          exp_samples: [
            {
              labels: `slo:sli_error:ratio_rate${w}{sloth_id="shop-unit",sloth_service="shop",sloth_slo="unit",sloth_window="${w}"}`,
              value,
            },
          ],
        });
        writeFileSync(
          join(dir, 'rules.test.yaml'),
          stringify({
            rule_files: ['rules.yaml'],
            evaluation_interval: '1s',
            tests: [
              {
                interval: '1s',
                // 1 error and 9 successes a second for 300 s, then only successes.
                input_series: [series('500', '0+1x300 300+0x299'), series('200', '0+9x300 2710+10x299')],
                promql_expr_test: [
                  // One error in ten over every window while it lasts (the 12h window averages the 5m rule)…
                  ...['5m', '30m', '1h', '2h', '12h'].map((w) => recorded(w, '4m', 0.1)),
                  // …none over the 5m (5 s) and 30m (30 s) windows once it stopped; 2h (2 min) still sees half.
                  recorded('5m', '6m', 0),
                  recorded('30m', '6m', 0),
                  recorded('2h', '6m', 0.05),
                ],
              },
            ],
          }),
        );
        const run = spawnSync('promtool', ['test', 'rules', 'rules.test.yaml'], { cwd: dir, encoding: 'utf8' });
        expect(`${run.stdout}${run.stderr}`).toContain('SUCCESS');
      },
    );

    it('reads every window from the Sloth rules, and the raw queries give the same numbers', async () => {
      const viaRules = await readUntil(() => source.read('steady', viaSloth('steady')), allFromRules);
      const viaQueries = await source.read('steady', raw('steady'), viaRules.now);
      expect(Object.values(viaQueries.sources).every((s) => s === 'queries')).toBe(true);
      for (const w of BURN_WINDOWS) {
        // One request in ten fails, whichever way it is read (scrape and evaluation timing aside).
        expect(viaRules.ratios[w], w).toBeCloseTo(0.1, 2);
        expect(viaQueries.ratios[w], w).toBeCloseTo(0.1, 2);
      }
      expect(viaRules.windowRatio).toBeCloseTo(0.1, 2);
      expect(viaQueries.windowRatio).toBeCloseTo(0.1, 2);
    });

    it("reads Pyrra's burn-rate rules where its windows are the Workbook's, and the raw queries for 3d (Pyrra records 4d) and the SLO window", async () => {
      const viaPyrra: SloDefinition = { ...raw('steady'), rules: { pyrra: 'steady-availability' } };
      const readings = await readUntil(
        () => source.read('steady', viaPyrra),
        (r) => r.sources['1d'] === 'rules' && r.ratios['1d'] !== undefined,
      );
      expect(readings.sources).toEqual({
        ...Object.fromEntries(BURN_WINDOWS.map((w) => [w, w === '3d' ? 'queries' : 'rules'])),
        window: 'queries',
      });
      for (const w of BURN_WINDOWS) expect(readings.ratios[w], w).toBeCloseTo(0.1, 2);
    });

    it('charts the budget remaining over time: a 99 % SLO at 10 % errors has spent it ten times over', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const slo of [viaSloth('steady'), raw('steady')]) {
        const series = await source.budgetSeries('steady', slo, now - 30, now, 5);
        expect(series.length).toBeGreaterThan(0);
        const [t, remaining] = series.at(-1)!;
        expect(t).toBeLessThanOrEqual(now);
        expect(remaining).toBeCloseTo(1 - 0.1 / 0.01, 0);
      }
    });

    it('a window whose rule has no series (no error counted yet) falls back to the raw queries, which read no errors; errors then show', async () => {
      const healthy = await readUntil(
        () => source.read('controlled', viaSloth('controlled')),
        (r) => r.ratios['5m'] !== undefined,
      );
      // Sloth's errors ÷ total has no series while the error counter has never been incremented.
      expect(healthy.sources['5m']).toBe('queries');
      expect(healthy.ratios).toEqual(Object.fromEntries(BURN_WINDOWS.map((w) => [w, 0])));
      expect(healthy.windowRatio).toBe(0);

      controlled.setErrorEvery(2);
      const burning = await readUntil(
        () => source.read('controlled', viaSloth('controlled')),
        // The 30m window (30 s) nearly all inside the failing time: the 5m one (5 s) wholly inside it.
        (r) => r.sources['5m'] === 'rules' && (r.ratios['30m'] ?? 0) > 0.45,
      );
      // Half the requests fail: 50× the 1 % budget over the sped-up 5m window.
      expect(burning.ratios['5m']).toBeCloseTo(0.5, 2);
      expect(burning.windowRatio).toBeGreaterThan(0);
    });

    it('no series at all is no data (absent ratios), never a healthy zero', async () => {
      const nothing: SloDefinition = { objective: 99.9, window: WINDOW, sli: sli('no-such-app') };
      const readings = await source.read('nothing', nothing);
      expect(readings.ratios).toEqual({});
      expect(readings.windowRatio).toBeUndefined();
      const viaRules = await source.read('nothing', { ...nothing, rules: { sloth: 'no-such-slo' } });
      expect(viaRules.ratios).toEqual({});
      expect(viaRules.sources['1h']).toBe('queries');
      expect(await source.budgetSeries('nothing', nothing, viaRules.now - 10, viaRules.now, 1)).toEqual([]);
      const ratioForm: SloDefinition = {
        objective: 99.9,
        window: WINDOW,
        sli: { errorRatio: 'sum(rate(nothing_failed_total[{{window}}])) / sum(rate(nothing_total[{{window}}]))' },
      };
      expect((await source.read('nothing', ratioForm)).ratios).toEqual({});
    });

    it('a query Prometheus rejects is a PrometheusQueryRejected naming it', async () => {
      const broken: SloDefinition = {
        objective: 99.9,
        window: WINDOW,
        sli: {
          errors: 'sum(rate(http_requests_total[{{window}}]',
          total: 'sum(rate(http_requests_total[{{window}}]))',
        },
      };
      const error = await source.read('broken', broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrometheusQueryRejected);
      // The query as sent, with its range: the unclosed `rate(` the operator wrote is in it.
      expect((error as PrometheusQueryRejected).query).toMatch(/\(sum\(rate\(http_requests_total\[\w+\]\) or on\(\)/);
    });

    it('a ratio that answers several series (grouped by code) is refused, naming them, not read as one of them', async () => {
      const grouped: SloDefinition = {
        objective: 99,
        window: WINDOW,
        sli: {
          errorRatio: 'sum by (code) (rate(http_requests_total{rollouts_pod_template_hash="steady"}[{{window}}]))',
        },
      };
      // Both codes have been scraped by now (the tests above waited for the steady app's data).
      const error = await source.read('grouped', grouped).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrometheusTooManySeries);
      expect((error as PrometheusTooManySeries).series).toEqual(
        expect.arrayContaining(['{code="200"}', '{code="500"}']),
      );
    });

    it('Prometheus stopped: PrometheusUnavailable, not a reading', async () => {
      const gone = await startPrometheus([]);
      const url = gone.url;
      await gone.stop();
      const unreachable = new PrometheusSloSource(new HttpPrometheus(url, { attempts: 2, backoffMs: 10 }));
      await expect(unreachable.read('steady', viaSloth('steady'))).rejects.toBeInstanceOf(PrometheusUnavailable);
      await expect(unreachable.budgetSeries('steady', raw('steady'), 0, 60, 10)).rejects.toBeInstanceOf(
        PrometheusUnavailable,
      );
    });
  },
);
