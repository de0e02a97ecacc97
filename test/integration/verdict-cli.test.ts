import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, runTs, tempFiles } from '../helpers/cli.js';

/** `node src/cli/verdict.ts <args>`, through tsx as the project runs TypeScript. */
const verdict = (args: readonly string[], input?: string) => runTs('src/cli/verdict.ts', args, input);

type Value = number | string;
/** [timestamp, value] points, one every 15 s. */
const points = (values: readonly Value[]): [number, Value][] => values.map((v, i) => [1_700_000_000 + 15 * i, v]);
/** 40 values around `level`, a deterministic wiggle of ±2 %. */
const wiggle = (level: number, phase = 0): number[] =>
  Array.from({ length: 40 }, (_, i) => level * (1 + 0.02 * Math.sin(i * 1.3 + phase)));

interface Printed {
  verdict: string;
  score: number;
  reason: string;
  metrics: {
    name: string;
    result: string;
    classification?: string;
    reason: string;
    ratio?: number | null;
    points: { canary: number; stable: number };
  }[];
}

describe('npm run verdict', () => {
  const { dir, file } = tempFiles('kanaria-verdict-');

  const valid = {
    metrics: [
      { name: 'latency-p99', direction: 'increase', canary: points(wiggle(0.5, 1)), stable: points(wiggle(0.5)) },
      {
        name: 'error-rate',
        direction: 'increase',
        critical: true,
        canary: points(wiggle(0.03, 1)),
        stable: points(wiggle(0.02)),
      },
    ],
  };

  it('prints exactly one JSON line with the verdict, the score and every metric', async () => {
    const run = await verdict([file('valid.json', valid)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const printed = JSON.parse(run.stdout) as Printed;
    expect(printed).toMatchObject({ verdict: 'fail', score: 0, reason: 'critical metric error-rate failed' });
    expect(printed.metrics.map((m) => [m.name, m.result, m.classification])).toEqual([
      ['latency-p99', 'pass', 'same'],
      ['error-rate', 'fail', 'high'],
    ]);
    expect(printed.metrics[1]!.ratio).toBeCloseTo(1.5, 1);
  });

  it('words the reasons in the terminal’s language (LANG=ja_JP.UTF-8), the facts unchanged', async () => {
    const saved = { LANG: process.env['LANG'], LC_ALL: process.env['LC_ALL'] };
    process.env['LANG'] = 'ja_JP.UTF-8';
    process.env['LC_ALL'] = 'ja_JP.UTF-8';
    try {
      const run = await verdict([file('valid-ja.json', valid)]);
      expect(run.code).toBe(1);
      const printed = JSON.parse(run.stdout) as Printed;
      expect(printed).toMatchObject({ verdict: 'fail', score: 0, reason: '重要メトリクス error-rate が不合格です' });
      expect(printed.metrics.map((m) => m.reason)).toEqual([
        '有意な差はありません',
        expect.stringMatching(/^カナリアのほうが有意に高くなっています（比 1\.\d{3}）$/),
      ]);
    } finally {
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
  });

  it('passes options through to the judge', async () => {
    const run = await verdict([
      file('options.json', {
        ...valid,
        metrics: [{ ...valid.metrics[1], allowedIncrease: 1.6 }],
        options: { confidence: 0.9, passScore: 90 },
      }),
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      verdict: 'pass',
      score: 100,
      metrics: [{ result: 'pass', classification: 'high' }],
    });
  });

  it('reads the file from stdin with -', async () => {
    const run = await verdict(['-'], JSON.stringify(valid));
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'fail', score: 0 });
  });

  it("takes Prometheus' values as strings, dropping NaN", async () => {
    const canary = points([...wiggle(0.5, 1).map(String), 'NaN', '+Inf']);
    const stable = points(['NaN', ...wiggle(0.5).map(String)]);
    const run = await verdict([
      file('strings.json', {
        metrics: [
          { name: 'latency', direction: 'either', canary, stable },
          {
            name: 'half',
            direction: 'increase',
            canary: points(Array(20).fill('0.5')),
            stable: points(Array(20).fill(0.5)),
          },
        ],
      }),
    ]);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as Printed;
    expect(printed).toMatchObject({ verdict: 'pass', score: 100 });
    expect(printed.metrics[0]).toMatchObject({ result: 'pass', points: { canary: 40, stable: 40 } });
    expect(printed.metrics[1]).toMatchObject({ result: 'pass', classification: 'same', ratio: 1 });
  });

  it('prints an infinite ratio (stable mean 0) as null', async () => {
    const run = await verdict([
      file('zero.json', {
        metrics: [
          {
            name: 'errors',
            direction: 'increase',
            canary: points(Array.from({ length: 20 }, (_, i) => (i % 2 ? 0.01 : 0.02))),
            stable: points(Array(20).fill(0)),
          },
        ],
      }),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('"ratio":null');
    expect(run.stdout).not.toMatch(/:(-?Infinity|NaN)[,}]/); // no bare non-JSON numbers (the reason text may say "ratio Infinity")
    expect(JSON.parse(run.stdout)).toMatchObject({
      verdict: 'fail',
      metrics: [{ name: 'errors', result: 'fail', ratio: null }],
    });
  });

  it('says nodata, not pass, for a metric without data and names the side', async () => {
    const run = await verdict([
      file('nodata.json', {
        metrics: [
          { name: 'errors', direction: 'increase', canary: points(['NaN', 'NaN']), stable: points([0.1, 0.2]) },
        ],
      }),
    ]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      verdict: 'inconclusive',
      score: 0,
      metrics: [{ result: 'nodata', reason: 'no data for canary' }],
    });
  });

  it.each<[string, unknown, RegExp]>([
    [
      'a bad direction',
      { metrics: [{ name: 'e', direction: 'up', canary: [[0, 1]], stable: [[0, 1]] }] },
      /metrics\.0\.direction: .*increase.*decrease.*either/,
    ],
    ['a missing stable', { metrics: [{ name: 'e', direction: 'increase', canary: [[0, 1]] }] }, /metrics\.0\.stable: /],
    [
      'a second metric without a name',
      {
        metrics: [
          { name: 'e', direction: 'increase', canary: [], stable: [] },
          { direction: 'increase', canary: [], stable: [] },
        ],
      },
      /metrics\.1\.name: /,
    ],
    [
      'a point that is not a pair',
      { metrics: [{ name: 'e', direction: 'increase', canary: [[0, 1, 2]], stable: [] }] },
      /metrics\.0\.canary\.0/,
    ],
    [
      'an unknown field',
      { metrics: [{ name: 'e', direction: 'increase', canary: [], stable: [], treshold: 2 }] },
      /metrics\.0: .*treshold/,
    ],
    ['a confidence of 1', { metrics: [], options: { confidence: 1 } }, /options\.confidence: /],
    ['no metrics at all', {}, /metrics: /],
  ])('exits 64 naming the field for %s', async (_, content, message) => {
    const path = file('invalid.json', content);
    const run = await verdict([path]);
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${path}: `);
    expect(run.stderr).toMatch(message);
  });

  it('exits 64 on a file that is not JSON', async () => {
    const path = file('broken.json', '{"metrics": [');
    const run = await verdict([path]);
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*JSON`));
  });

  it('exits 64 on a missing file', async () => {
    const path = join(dir, 'nope.json');
    const run = await verdict([path]);
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${path}: ENOENT`);
  });

  it('exits 64 with the usage without an argument', async () => {
    const run = await verdict([]);
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('usage: npm run -s verdict -- <file.json>\n');
  });

  it.each<[string, readonly string[], string]>([
    ['an unknown option', ['--bogus', 'x.json'], "Unknown option '--bogus'"],
    ['two files', ['a.json', 'b.json'], 'one file at a time'],
  ])('exits 64 with the error and the usage for %s', async (_, args, message) => {
    const run = await verdict(args);
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.endsWith('\nusage: npm run -s verdict -- <file.json>\n')).toBe(true);
  });

  it.each([['--help'], ['-h']])('%s prints the usage, the input and the exit codes, and exits 0', async (flag) => {
    const run = await verdict([flag]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[0]).toBe('usage: npm run -s verdict -- <file.json>');
    expect(run.stdout).toMatch(/^ {2}0 +the verdict is pass$/m);
    expect(run.stdout).toMatch(/^ {2}1 +the verdict is fail$/m);
    expect(run.stdout).toMatch(/^ {2}2 +the verdict is inconclusive/m);
    expect(run.stdout).toMatch(/^ {2}64 +bad input/m);
  });

  it('runs as documented, npm run -s verdict -- <file.json>, with only the JSON line on stdout', async () => {
    const run = await collect('npm', ['run', '-s', 'verdict', '--', file('npm.json', valid)]);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'fail', score: 0 });
    const invalid = await collect('npm', ['run', '-s', 'verdict', '--', join(dir, 'nope.json')]);
    expect(invalid.code).toBe(64);
  });
});

describe('npm run verdict under LANG=ja_JP.UTF-8', () => {
  const { file } = tempFiles('kanaria-verdict-ja-');
  const japanese = { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const inJapanese = (args: readonly string[]) => runTs('src/cli/verdict.ts', args, undefined, japanese);

  // The fields and values a pipeline reads stay as they are; the reasons are words for people.
  it('prints the same verdict, score and results with the same exit code', async () => {
    const input = {
      metrics: [{ name: 'errors', direction: 'increase', canary: points(['NaN', 'NaN']), stable: points([0.1, 0.2]) }],
    };
    const [english, run] = await Promise.all([verdict([file('en.json', input)]), inJapanese([file('ja.json', input)])]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    const facts = (stdout: string) => {
      const { verdict, score, metrics } = JSON.parse(stdout) as Printed;
      return { verdict, score, metrics: metrics.map(({ name, result, points }) => ({ name, result, points })) };
    };
    expect(english.code).toBe(2);
    expect(facts(run.stdout)).toEqual(facts(english.stdout));
    expect(facts(run.stdout)).toMatchObject({
      verdict: 'inconclusive',
      metrics: [{ name: 'errors', result: 'nodata' }],
    });
  });

  it('refuses bad input in Japanese, exiting 64', async () => {
    const two = await inJapanese(['a.json', 'b.json']);
    expect(two.code).toBe(64);
    expect(two.stdout).toBe('');
    expect(two.stderr).toBe(
      'ファイルが 2 個指定されました: 判定は一度に 1 ファイルだけ読みます\n使い方: npm run -s verdict -- <file.json>\n',
    );
    const path = file('root.json', []);
    const shape = await inJapanese([path]);
    expect(shape.code).toBe(64);
    expect(shape.stderr).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\(ルート\\): `));
  });

  it('explains the exit codes in Japanese with --help', async () => {
    const run = await inJapanese(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('使い方: npm run -s verdict -- <file.json>');
    expect(run.stdout).toMatch(/^ {2}0 +判定は pass$/m);
    expect(run.stdout).toMatch(/^ {2}64 +入力が不正/m);
  });
});
