import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { increase } from '../../src/domain/slo/counters.js';
import { PROMETHEUS_CASES, scrapes } from '../helpers/increase-cases.js';

const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

/**
 * increase() against Prometheus' own engine (`promtool test rules`, Debian's prometheus package): each case's
 * series is scraped once a minute and `increase(x[range])` evaluated at `end`; promtool must find exactly what
 * the pure code computes. (The cases avoid a sample exactly at the range start and the zero-point corner, where
 * Debian's Prometheus 2 and Prometheus 3 differ; the pure code follows Prometheus 3.)
 */
describe.skipIf(!hasPromtool && process.env['CI'] !== 'true')('increase() agrees with Prometheus (promtool)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanaria-increase-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: [] }));

  it('on every case, resets and extrapolation included; and promtool would notice a wrong value', () => {
    const series = PROMETHEUS_CASES.map((c, i) => ({
      series: `case_${i}_total`,
      values: c.values.map((v) => (v === null ? '_' : String(v))).join(' '),
    }));
    const tests = PROMETHEUS_CASES.map((c, i) => {
      const value = increase(scrapes(c.values), c.end, c.range);
      return {
        expr: `increase(case_${i}_total[${c.range}s])`,
        eval_time: `${c.end}s`,
        exp_samples: value === undefined ? [] : [{ labels: '{}', value }],
      };
    });
    const run = (expressions: typeof tests) => {
      const file = join(dir, `increase-${Math.random().toString(36).slice(2)}.test.yaml`);
      writeFileSync(
        file,
        stringify({
          rule_files: ['rules.yaml'],
          evaluation_interval: '1m',
          tests: [{ interval: '1m', input_series: series, promql_expr_test: expressions }],
        }),
      );
      return spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8' });
    };
    const agreed = run(tests);
    expect(agreed.status, agreed.stdout + agreed.stderr).toBe(0);
    const off = tests.map((t, i) =>
      i === 1 ? { ...t, exp_samples: t.exp_samples.map((s) => ({ ...s, value: s.value + 1 })) } : t,
    );
    expect(run(off).status).not.toBe(0);
  });
});
