import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createMetrics, queueDepthGauge } from '../../src/adapters/metrics.js';

type Rule = {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
const rule = parse(
  readFileSync(new URL('../../deploy/components/monitoring/prometheusrule.yaml', import.meta.url), 'utf8'),
) as { spec: { groups: { name: string; rules: Rule[] }[] } };
const rules = rule.spec.groups.flatMap((g) => g.rules);
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

/**
 * The PrometheusRule's alerts, evaluated by Prometheus's own rule engine (`promtool test rules`, from Debian's
 * prometheus package that .ci/run installs) on series shaped like two Kanaria replicas' /metrics.
 */
describe.skipIf(!hasPromtool && process.env['CI'] !== 'true')(
  'deploy/components/monitoring: the alerts fire when they should, and only then (promtool)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanaria-rules-'));
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: rule.spec.groups }));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** Runs one promtool unit test; returns its output when it fails. */
    const promtoolTest = (
      series: { series: string; values: string }[],
      evalTime: string,
      alertname: string,
      fired: Record<string, string>[],
    ): string | undefined => {
      const rule = rules.find((r) => r.alert === alertname)!;
      const file = join(dir, `${alertname}-${Math.random().toString(36).slice(2)}.test.yaml`);
      writeFileSync(
        file,
        stringify({
          rule_files: ['rules.yaml'],
          evaluation_interval: '1m',
          tests: [
            {
              interval: '1m',
              input_series: series,
              alert_rule_test: [
                {
                  eval_time: evalTime,
                  alertname,
                  // promtool compares annotations too: give them as Prometheus expands them.
                  exp_alerts: fired.map((labels) => ({
                    exp_labels: { ...rule.labels, ...labels },
                    exp_annotations: expand(rule.annotations ?? {}, labels),
                  })),
                },
              ],
            },
          ],
        }),
      );
      const run = spawnSync('promtool', ['test', 'rules', file], { cwd: dir, encoding: 'utf8' });
      return run.status === 0 ? undefined : `${run.stdout}${run.stderr}`;
    };
    const expand = (annotations: Record<string, string>, labels: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(annotations).map(([k, v]) => [
          k,
          v.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, l: string) => labels[l] ?? ''),
        ]),
      );

    it('the rules load (promtool check rules) and use only metrics Kanaria exports (or up)', async () => {
      expect(execFileSync('promtool', ['check', 'rules', join(dir, 'rules.yaml')], { encoding: 'utf8' })).toContain(
        `SUCCESS: ${rules.length} rules found`,
      );
      const metrics = createMetrics({ processMetrics: false });
      queueDepthGauge(metrics.registry, []);
      const exported = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
      for (const r of rules)
        for (const [name] of r.expr.matchAll(/\bkanaria_[a-z_]+/g))
          expect(exported, `${r.alert}: ${name}`).toContain(name);
    });

    it('KanariaJobsFailing: a job that fails for good alerts, per queue; retries alone do not', () => {
      const series = [
        {
          series: 'kanaria_jobs_total{queue="reconcile",outcome="failed",instance="a"}',
          values: '0 0 1 1 1 1 1 1 1 1 1 1',
        },
        { series: 'kanaria_jobs_total{queue="gitops",outcome="retried",instance="b"}', values: '0+3x11' },
      ];
      expect(promtoolTest(series, '10m', 'KanariaJobsFailing', [{ queue: 'reconcile' }])).toBeUndefined();
      // Not before `for: 5m` has passed since the failure.
      expect(promtoolTest(series, '4m', 'KanariaJobsFailing', [])).toBeUndefined();
    });

    it('KanariaQueueGrowing: counts a queue once however many replicas report it', () => {
      // Both replicas read the same Redis queue: 30 waiting, growing slowly. 30 jobs, not 60.
      const thirty = ['a', 'b'].map((i) => ({
        series: `kanaria_queue_jobs{queue="gitops",state="waiting",instance="${i}"}`,
        values: '10+1x40',
      }));
      expect(promtoolTest(thirty, '30m', 'KanariaQueueGrowing', [])).toBeUndefined();
      const growing = ['a', 'b'].map((i) => ({
        series: `kanaria_queue_jobs{queue="gitops",state="waiting",instance="${i}"}`,
        values: '10+5x40',
      }));
      expect(promtoolTest(growing, '30m', 'KanariaQueueGrowing', [{ queue: 'gitops' }])).toBeUndefined();
      // A long backlog that is draining is not growing.
      const draining = ['a', 'b'].map((i) => ({
        series: `kanaria_queue_jobs{queue="gitops",state="waiting",instance="${i}"}`,
        values: '400-5x40',
      }));
      expect(promtoolTest(draining, '30m', 'KanariaQueueGrowing', [])).toBeUndefined();
    });

    it('KanariaSlackErrors: more than 10 failed Slack calls in 15 minutes', () => {
      const failing = [
        { series: 'kanaria_slack_api_errors_total{method="chat.postMessage",instance="a"}', values: '0+2x20' },
      ];
      expect(promtoolTest(failing, '15m', 'KanariaSlackErrors', [{}])).toBeUndefined();
      const few = [
        {
          series: 'kanaria_slack_api_errors_total{method="chat.update",instance="a"}',
          values: '0 1 2 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3',
        },
      ];
      expect(promtoolTest(few, '15m', 'KanariaSlackErrors', [])).toBeUndefined();
    });

    it('KanariaReceiversDown and KanariaWorkersDown: none of that side up, including when no target is left; one up is enough', () => {
      const up = (service: string, instance: string, values: string) => ({
        series: `up{job="kanaria",service="${service}",instance="${instance}"}`,
        values,
      });
      const receiversDown = [
        up('kanaria', 'r1', '0x10'),
        up('kanaria', 'r2', '0x10'),
        up('kanaria-worker', 'w1', '1x10'),
      ];
      expect(promtoolTest(receiversDown, '6m', 'KanariaReceiversDown', [{}])).toBeUndefined();
      expect(promtoolTest(receiversDown, '6m', 'KanariaWorkersDown', [])).toBeUndefined();
      // The workers' Deployment scaled to zero: no worker target at all.
      const noWorkers = [up('kanaria', 'r1', '1x10')];
      expect(promtoolTest(noWorkers, '6m', 'KanariaWorkersDown', [{}])).toBeUndefined();
      expect(promtoolTest(noWorkers, '6m', 'KanariaReceiversDown', [])).toBeUndefined();
      const oneEach = [
        up('kanaria', 'r1', '0x10'),
        up('kanaria', 'r2', '1x10'),
        up('kanaria-worker', 'w1', '0x10'),
        up('kanaria-worker', 'w2', '1x10'),
      ];
      expect(promtoolTest(oneEach, '6m', 'KanariaReceiversDown', [])).toBeUndefined();
      expect(promtoolTest(oneEach, '6m', 'KanariaWorkersDown', [])).toBeUndefined();
    });
  },
);
