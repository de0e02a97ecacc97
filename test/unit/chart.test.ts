import { describe, expect, it } from 'vitest';
import {
  analysisChartSpec,
  CANARY_COLOUR,
  MAX_CHART_PANELS,
  STABLE_COLOUR,
  type ChartPanel,
  type ChartPoint,
} from '../../src/blocks/chart.js';
import { chartBudget, MAX_CHART_BYTES, renderChart, renderSvg } from '../../src/charts/render.js';
import { wordsFor } from '../../src/i18n/index.js';
import { decode } from '../helpers/png.js';
import { sizeOf, textsOf } from '../helpers/svg.js';

const RED = [0xd6, 0x27, 0x28] as const;
const BLUE = [0x1f, 0x77, 0xb4] as const;
const en = wordsFor('en');
const ja = wordsFor('ja');

/** One point a minute over an hour, from unix time 1.7e9 (2023-11-14 22:13:20 UTC), valued by `f`. */
const series = (f: (minute: number) => number, minutes = 60): ChartPoint[] =>
  Array.from({ length: minutes + 1 }, (_, m) => [1_700_000_000 + 60 * m, f(m)] as const);
const panel = (canary: ChartPoint[], stable: ChartPoint[] = [], name = 'error rate'): ChartPanel => ({
  name,
  canary,
  stable,
});
const twoPanels = [
  panel(
    series((m) => 0.02 + m / 1000),
    series(() => 0.01),
  ),
  panel(
    series((m) => 0.12 + (m % 5) / 100),
    series((m) => 0.11 + (m % 3) / 100),
    'p99 latency',
  ),
];
/** Rows below the title and legend (2× PNG): where the panels are. */
const BELOW_LEGEND = 150;

describe('analysisChartSpec', () => {
  it('titles the chart, names each panel with its unit and the time axis with its zone, in the reader language', () => {
    for (const [t, title, canary, stable, latency, time] of [
      [en, 'Canary vs stable: shop', 'Canary', 'Stable', 'p99 latency (s)', 'Time (UTC)'],
      [ja, 'カナリアと安定版の比較: shop', 'カナリア', '安定版', 'p99 latency（s）', '時刻（UTC）'],
    ] as const) {
      const spec = JSON.parse(
        JSON.stringify(analysisChartSpec(t, { app: 'shop', panels: twoPanels, units: { 'p99 latency': 's' } })),
      );
      expect(spec.title.text).toBe(title);
      expect(spec.spec.encoding.color.scale).toEqual({
        domain: [canary, stable],
        range: [CANARY_COLOUR, STABLE_COLOUR],
      });
      expect(spec.spec.encoding.x.axis.title).toBe(time);
      expect([...new Set(spec.data.values.map((v: { metric: string }) => v.metric))]).toEqual(['error rate', latency]);
    }
  });

  it('draws times in the zone asked for, and says which', () => {
    const spec = JSON.parse(
      JSON.stringify(
        analysisChartSpec(en, { app: 'shop', panels: [panel(series(() => 1, 0))], timeZone: 'Asia/Tokyo' }),
      ),
    );
    expect(spec.spec.encoding.x.axis.title).toBe('Time (Asia/Tokyo)');
    expect(spec.data.values[0].time).toBe((1_700_000_000 + 9 * 3600) * 1000);
  });

  it('turns a missing value (NaN, infinite) into null, which breaks the line', () => {
    const spec = JSON.parse(
      JSON.stringify(
        analysisChartSpec(en, {
          app: 'shop',
          panels: [
            panel(
              [
                [1, 2],
                [2, NaN],
                [3, Infinity],
                [4, 5],
              ],
              [],
            ),
          ],
        }),
      ),
    );
    expect(spec.data.values.map((v: { value: number | null }) => v.value)).toEqual([2, null, null, 5]);
    expect(spec.data.values.map((v: { lone: boolean }) => v.lone)).toEqual([true, false, false, true]);
    expect(spec.spec.layer[0].mark.invalid).toBe('break-paths-filter-domains');
  });

  it(`shows at most ${MAX_CHART_PANELS} panels and says how many are left out`, () => {
    const seven = Array.from({ length: 7 }, (_, i) =>
      panel(
        series((m) => m * (i + 1)),
        series(() => i),
        `metric ${i}`,
      ),
    );
    const spec = JSON.parse(JSON.stringify(analysisChartSpec(en, { app: 'shop', panels: seven })));
    expect(new Set(spec.data.values.map((v: { metric: string }) => v.metric)).size).toBe(6);
    expect(spec.title.subtitle).toBe('… and 1 more metrics not shown');
    expect(
      JSON.parse(JSON.stringify(analysisChartSpec(en, { app: 'shop', panels: twoPanels }))).title,
    ).not.toHaveProperty('subtitle');
  });
});

describe('the canary analysis chart, rendered', () => {
  it('holds the title, legend, panel names with units, axis title and tick values in both languages', async () => {
    for (const [locale, words] of [
      ['en', ['Canary vs stable: shop', 'Canary', 'Stable', 'error rate', 'p99 latency (s)', 'Time (UTC)']],
      ['ja', ['カナリアと安定版の比較: shop', 'カナリア', '安定版', 'error rate', 'p99 latency（s）', '時刻（UTC）']],
    ] as const) {
      const t = wordsFor(locale);
      const texts = textsOf(
        await renderSvg(analysisChartSpec(t, { app: 'shop', panels: twoPanels, units: { 'p99 latency': 's' } }), {
          locale,
        }),
      );
      expect(texts).toEqual(expect.arrayContaining([...words, '22:15', '23:10', '0.02', '0.16']));
    }
  });

  it('is a 2× PNG of the laid-out chart, opaque white, about 800 units wide, within the size budget', async () => {
    const spec = analysisChartSpec(en, { app: 'shop', panels: twoPanels });
    const { width, height } = sizeOf(await renderSvg(spec, { locale: 'en' }));
    const png = await renderChart(spec, { locale: 'en' });
    const image = decode(png);
    expect([image.width, image.height]).toEqual([Math.ceil(2 * width), Math.ceil(2 * height)]);
    expect(width).toBeGreaterThan(720);
    expect(width).toBeLessThan(880);
    expect(image.pixel(0, 0)).toEqual([255, 255, 255, 255]);
    expect(image.pixel(image.width - 1, image.height - 1)).toEqual([255, 255, 255, 255]);
    expect(png.length).toBeLessThan(MAX_CHART_BYTES);
  });

  it('draws a canary above a lower stable in red, the stable in blue below it', async () => {
    const image = decode(
      await renderChart(
        analysisChartSpec(en, {
          app: 'shop',
          panels: [
            panel(
              series((m) => 10 + Math.sin(m / 5)),
              series((m) => 1 + Math.cos(m / 5)),
            ),
          ],
        }),
        { locale: 'en' },
      ),
    );
    const red = image.rows(RED).filter((y) => y > BELOW_LEGEND);
    const blue = image.rows(BLUE).filter((y) => y > BELOW_LEGEND);
    expect(red.length).toBeGreaterThan(20);
    expect(blue.length).toBeGreaterThan(20);
    expect(Math.max(...red)).toBeLessThan(Math.min(...blue));
  });

  it('leaves a gap where values are NaN or infinite, and draws on either side', async () => {
    const gap = (m: number, v: number) => (m >= 25 && m < 35 ? (m % 2 ? NaN : Infinity) : v);
    const image = decode(
      await renderChart(
        analysisChartSpec(en, {
          app: 'shop',
          panels: [
            panel(
              series((m) => gap(m, 5 + (m % 3))),
              series(() => 2),
            ),
          ],
        }),
        { locale: 'en' },
      ),
    );
    // The stable line spans the whole plot: minutes 0..60 map onto its columns.
    const plot = image.columns(BLUE, BELOW_LEGEND);
    const [left, right] = [Math.min(...plot), Math.max(...plot)];
    const x = (minute: number) => Math.round(left + ((right - left) * minute) / 60);
    const red = image.columns(RED, BELOW_LEGEND);
    expect(red.filter((c) => c > x(24) + 4 && c < x(35) - 4)).toEqual([]);
    expect(red.some((c) => c < x(24))).toBe(true);
    expect(red.some((c) => c > x(35))).toBe(true);
  });

  it('draws a single point, or points all at one time, as a dot in the middle', async () => {
    const image = decode(
      await renderChart(
        analysisChartSpec(en, { app: 'shop', panels: [panel([[1_700_000_000, 4]], [[1_700_000_000, 2]])] }),
        { locale: 'en' },
      ),
    );
    const red = image.columns(RED, BELOW_LEGEND);
    const blue = image.columns(BLUE, BELOW_LEGEND);
    expect(red.length).toBeGreaterThan(0);
    expect(blue.length).toBeGreaterThan(0);
    const middle = (Math.min(...red) + Math.max(...red)) / 2;
    expect(Math.abs(middle - image.width / 2)).toBeLessThan(60); // the plot's middle, offset by the axis on its left
    expect(Math.max(...red) - Math.min(...red)).toBeLessThan(20); // a dot, not a line
  });

  it('draws no line for a panel without points, and only the title for no panels', async () => {
    for (const panels of [[panel([], [])], [panel([[1, NaN]], [[2, Infinity]])], []]) {
      const spec = analysisChartSpec(en, { app: 'shop', panels });
      const image = decode(await renderChart(spec, { locale: 'en' }));
      expect(image.count(RED, 0, image.width, BELOW_LEGEND) + image.count(BLUE, 0, image.width, BELOW_LEGEND)).toBe(0);
      expect(textsOf(await renderSvg(spec, { locale: 'en' }))).toContain('Canary vs stable: shop');
    }
  });

  it('gives the same bytes for the same input', async () => {
    const spec = analysisChartSpec(en, { app: 'shop', panels: twoPanels });
    expect((await renderChart(spec, { locale: 'en' })).equals(await renderChart(spec, { locale: 'en' }))).toBe(true);
  });

  it(`stays within its size budget at ${MAX_CHART_PANELS} panels of very jagged data`, async () => {
    const noisy = Array.from({ length: 8 }, (_, i) =>
      panel(
        series((m) => Math.sin(m * 7 + i) * 100 + ((m * 31 + i) % 17), 240),
        series((m) => Math.cos(m * 3) * 90, 240),
        `metric ${i}`,
      ),
    );
    const spec = analysisChartSpec(ja, { app: 'shop', panels: noisy });
    const { width, height } = sizeOf(await renderSvg(spec, { locale: 'ja' }));
    const png = await renderChart(spec, { locale: 'ja' });
    expect(png.length).toBeLessThanOrEqual(chartBudget(width, height));
    // Still a picture of the lines: drawn smaller or with crisp edges, never blank.
    expect(decode(png).count(RED)).toBeGreaterThan(1000);
  });
});
