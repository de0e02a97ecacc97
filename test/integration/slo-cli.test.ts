import { describe, expect, it } from 'vitest';
import { collect, runTs, tempFiles } from '../helpers/cli.js';

/** `node src/cli/slo.ts <args>`, through tsx as the project runs TypeScript. */
const slo = (args: readonly string[], input?: string, env?: NodeJS.ProcessEnv) =>
  runTs('src/cli/slo.ts', args, input, env);

interface Printed {
  budgetRemaining: number | null;
  burnRates: Record<string, number | null>;
  alerts: string[];
  exhaustsAt: number | null;
}

const NOW = 1_800_000_000;
const DAY = 86_400;

/**
 * A 99.9 % service scraped every `step` seconds over a whole SLO window: 1,000 requests a step, errors at half
 * the budget (0.5 a step) until the last `burstSteps` steps, then at 20× the budget (20 a step).
 */
function service(windowSeconds: number, step: number, burstSteps: number) {
  const steps = windowSeconds / step;
  const requests: [number, number][] = [];
  const errors: [number, number][] = [];
  let bad = 0;
  for (let i = 0; i <= steps; i++) {
    requests.push([NOW - windowSeconds + i * step, i * 1000]);
    errors.push([NOW - windowSeconds + i * step, bad]);
    bad += steps - i <= burstSteps ? 20 : 0.5;
  }
  return { objective: 99.9, now: NOW, requests, errors };
}

/*
 * The expected numbers for service(30 d, 60 s, 60): both counters are extrapolated by the same factor over each
 * window, so a burn rate is (errors ÷ requests sampled in the window) ÷ 0.001; the window's first sample is left
 * out (the range is open at its start). Over the SLO window both counters extrapolate back to their zero point.
 */
const minutes = (m: number, burst = 60) =>
  ((m - 1 - Math.min(m - 1, burst)) * 0.5 + Math.min(m - 1, burst) * 20) / ((m - 1) * 1000) / 0.001;
const EXPECTED = {
  burnRates: {
    '5m': 20,
    '30m': 20,
    '1h': 20,
    '2h': minutes(120),
    '6h': minutes(360),
    '1d': minutes(1440),
    '3d': minutes(4320),
  },
  // 22,770 errors (43,140 minutes at 0.5, 60 at 20) in 43,200,000 requests: 52.7 % of the budget spent.
  budgetRemaining: 1 - 22_770 / 43_200_000 / 0.001,
  alerts: ['page-1h'],
};

function expectNumbers(printed: Printed, exhaustsIn: number): void {
  expect(Object.keys(printed.burnRates)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  for (const [window, rate] of Object.entries(EXPECTED.burnRates))
    expect(printed.burnRates[window], window).toBeCloseTo(rate, 6);
  expect(printed.budgetRemaining).toBeCloseTo(EXPECTED.budgetRemaining, 9);
  expect(printed.alerts).toEqual(EXPECTED.alerts);
  expect(printed.exhaustsAt).toBe(NOW + exhaustsIn);
}

describe('npm run slo', () => {
  const { file } = tempFiles('kanaria-slo-');

  it('prints one JSON line: budget left, the burn rate of every Workbook window, the alerts, when it runs out', async () => {
    const run = await collect('npm', [
      'run',
      '-s',
      'slo',
      '--',
      file('month.json', { ...service(30 * DAY, 60, 60), windowDays: 30 }),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const printed = JSON.parse(run.stdout) as Printed;
    // 20× over 1h and 5m pages; 6h is at 3.75×, under 6×; 3d at 0.77×, under 1×.
    expect(printed.burnRates['6h']).toBeCloseTo(3.75, 1);
    // 47.3 % left at 20× (the 1 h rate): 0.4729 × 30 d ÷ 20 = 61,290 s.
    expectNumbers(printed, 61_290);
  });

  it('treats a window under 28 days as a 30-day one sped up: 1 day at 2-second scrapes gives the same numbers', async () => {
    const run = await slo([file('day.json', { ...service(DAY, 2, 60), windowDays: 1 })]);
    expect(run.stderr).toBe('');
    expectNumbers(JSON.parse(run.stdout) as Printed, 61_290 / 30);
  });

  it('handles counter resets as increase() does: a restart changes nothing', async () => {
    const steady = { ...service(30 * DAY, 60, 60), windowDays: 30 };
    // The process restarts 20 minutes ago, right after a scrape: both counters start again from what they
    // counted since.
    const restart = NOW - 20 * 60;
    const reset = (samples: [number, number][]): [number, number][] => {
      const before = samples.find(([t]) => t === restart - 60)![1];
      return samples.map(([t, v]) => [t, t >= restart ? v - before : v]);
    };
    const run = await slo([
      file('reset.json', { ...steady, requests: reset(steady.requests), errors: reset(steady.errors) }),
    ]);
    expect(run.stderr).toBe('');
    expectNumbers(JSON.parse(run.stdout) as Printed, 61_290);
  });

  it('says null where there is no data, never a healthy number', async () => {
    const { requests } = service(30 * DAY, 3600, 0);
    const run = await slo([
      file('no-errors.json', { objective: 99.9, windowDays: 30, now: NOW, requests, errors: [] }),
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      budgetRemaining: null,
      burnRates: { '5m': null, '30m': null, '1h': null, '2h': null, '6h': null, '1d': null, '3d': null },
      alerts: [],
      exhaustsAt: null,
    });
  });

  it('reads standard input with -', async () => {
    const input = JSON.stringify({ ...service(DAY, 60, 0), windowDays: 1 });
    const run = await slo(['-'], input);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Printed).burnRates['1h']).toBeCloseTo(0.5, 9);
  });

  const good = {
    objective: 99.9,
    windowDays: 30,
    now: NOW,
    requests: [
      [NOW - 60, 0],
      [NOW, 10],
    ],
    errors: [
      [NOW - 60, 0],
      [NOW, 0],
    ],
  };

  it.each<[string, () => string[], RegExp]>([
    ['a missing file', () => ['/nonexistent/slo.json'], /^\/nonexistent\/slo\.json: ENOENT: no such file or directory/],
    ['a file that is not JSON', () => [file('bad.json', '{"objective": 99.9,')], /bad\.json: .*JSON/],
    [
      'an objective of 100',
      () => [file('100.json', { ...good, objective: 100 })],
      /100\.json: objective: must be between 0 and 100, e\.g\. 99\.9/,
    ],
    [
      'an objective of 0',
      () => [file('0.json', { ...good, objective: 0 })],
      /0\.json: objective: must be between 0 and 100/,
    ],
    [
      'samples that are not [ts, value] pairs',
      () => [file('pairs.json', { ...good, errors: [[NOW, 0, 1]] })],
      /pairs\.json: errors\.0: /,
    ],
    [
      'a value that is not a number',
      () => [file('string.json', { ...good, requests: [[NOW, '10']] })],
      /string\.json: requests\.0\.1: .*number/,
    ],
    [
      'unsorted timestamps',
      () => [
        file('unsorted.json', {
          ...good,
          requests: [
            [NOW - 60, 0],
            [NOW, 10],
            [NOW - 30, 12],
          ],
        }),
      ],
      /unsorted\.json: requests\.2\.0: timestamps must increase from one sample to the next/,
    ],
    [
      'a missing field',
      () => [file('nowindow.json', { ...good, windowDays: undefined })],
      /nowindow\.json: windowDays: /,
    ],
    [
      'two files',
      () => [file('a.json', good), file('b.json', good)],
      /^2 files given: the calculator reads one file at a time\nusage: npm run -s slo -- <file\.json>\n$/,
    ],
    ['no file', () => [], /^usage: npm run -s slo -- <file\.json>\n$/],
  ])('refuses %s with a clear message, exit 64 and nothing on stdout', async (_, args, message) => {
    const run = await slo(args());
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('words refusals and help in the terminal’s language (LANG=ja_JP.UTF-8)', async () => {
    const ja = { LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8' };
    const unsorted = file('unsorted-ja.json', {
      ...good,
      errors: [
        [NOW, 0],
        [NOW, 1],
      ],
    });
    const run = await slo([unsorted], undefined, ja);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('errors.1.0: タイムスタンプはサンプルごとに増えていく必要があります');
    const help = await slo(['--help'], undefined, ja);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^使い方: npm run -s slo -- <file\.json>\n\nSLO のエラーバジェットを/);
  });
});
