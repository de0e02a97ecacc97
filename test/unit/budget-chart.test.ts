import { describe, expect, it } from 'vitest';
import { BUDGET_LINE, budgetChartSpec, OVERSPENT, ZERO_LINE, type BudgetPoint } from '../../src/blocks/budget-chart.js';
import { MAX_CHART_BYTES, renderChart, renderSvg } from '../../src/charts/render.js';
import { wordsFor } from '../../src/i18n/index.js';
import { decode } from '../helpers/png.js';
import { textsOf } from '../helpers/svg.js';

const en = wordsFor('en');
const ja = wordsFor('ja');
const hex = (colour: string) => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
const [LINE, ZERO, SHADE] = [hex(BUDGET_LINE), hex(ZERO_LINE), hex(OVERSPENT)];

/** One point an hour over 30 days from unix time 1.7e9 (2023-11-14 22:13:20 UTC), valued by `f(hour)`. */
const budget = (f: (hour: number) => number, hours = 720): BudgetPoint[] =>
  Array.from({ length: hours + 1 }, (_, h) => [1_700_000_000 + 3600 * h, f(h)] as const);
const chart = (points: BudgetPoint[], t = en) => budgetChartSpec(t, { app: 'web', slo: 'availability', points });
/** The image, with the zero line's rows, the plot's columns (the zero line spans it) and where the legend ends. */
async function render(points: BudgetPoint[]) {
  const image = decode(await renderChart(chart(points), { locale: 'en' }));
  // Grey text is anti-aliased through #505050 too: the zero line is the rows with that colour across the plot.
  const zero = image.rows(ZERO).filter((y) => image.count(ZERO, 0, image.width, y, y + 1) > 1000);
  const plot = image.columns(ZERO, zero[0], (zero.at(-1) ?? 0) + 1);
  const legendEnd = image.bands(LINE)[0]?.[1] ?? 0; // the legend's blue square, above the plot
  return { image, zero, left: Math.min(...plot), right: Math.max(...plot), legendEnd };
}

type Layer = {
  data: { values: { time: number; value: number | null }[] };
  encoding: { y: { scale?: { domain: number[] } } };
};
const layers = (points: BudgetPoint[]) => (JSON.parse(JSON.stringify(chart(points))) as { layer: Layer[] }).layer;

describe('budgetChartSpec', () => {
  it('keeps the full budget and zero in view however healthy or overspent', () => {
    expect(layers(budget(() => 0.99))[2]?.encoding.y.scale?.domain).toEqual([0, 1]);
    expect(layers(budget(() => -49))[2]?.encoding.y.scale?.domain).toEqual([-49, 1]);
    expect(layers([])[2]?.encoding.y.scale?.domain).toEqual([0, 1]);
  });

  it('shades from exactly where the budget crosses zero, and only below it', () => {
    // From full to 1.5 budgets overspent, linearly: zero is crossed at hour 288.
    const area = layers(budget((h) => 1 - (2.5 * h) / 720))[0]?.data.values ?? [];
    expect(area.filter((p) => p.value !== null && p.value > 0)).toEqual([]);
    expect(area).toContainEqual({ time: (1_700_000_000 + 288 * 3600) * 1000, value: 0 });
    expect(Math.min(...area.map((p) => p.value ?? 0))).toBeCloseTo(-1.5);
  });

  it('breaks the line and the shading where values are missing', () => {
    const [area, , line] = layers(budget((h) => (h >= 300 && h < 420 ? NaN : -0.5)));
    expect(line?.data.values.filter((p) => p.value === null)).toHaveLength(120);
    expect(area?.data.values.filter((p) => p.value === null)).toHaveLength(120);
  });
});

describe('the error budget chart, rendered', () => {
  it('holds the title, the percent axis, dates, the zone and the legend in both languages', async () => {
    const points = budget((h) => 1 - (2.5 * h) / 720);
    expect(textsOf(await renderSvg(chart(points), { locale: 'en' }))).toEqual(
      expect.arrayContaining([
        'Error budget left: availability (web)',
        'Budget left',
        'Overspent',
        'Time (UTC)',
        '100%',
        '0%',
        '−100%',
        'Nov 15',
        'Dec 13',
      ]),
    );
    expect(textsOf(await renderSvg(chart(points, ja), { locale: 'ja' }))).toEqual(
      expect.arrayContaining([
        'エラーバジェット残り: availability（web）',
        'バジェット残り',
        '超過',
        '時刻（UTC）',
        '100%',
        '11月15日',
        '12月13日',
      ]),
    );
  });

  it('draws an untouched budget at the top, the zero line below it, nothing overspent', async () => {
    const { image, zero, left, right, legendEnd } = await render(budget(() => 1));
    const line = image.rows(LINE).filter((y) => y > legendEnd);
    expect(line.length).toBeGreaterThan(0);
    expect(Math.max(...line)).toBeLessThan(Math.min(...zero) - 300); // 100 % is far above 0 %
    expect(right - left).toBeGreaterThan(1200); // across the plot
    expect(image.count(SHADE, 0, image.width, legendEnd + 1)).toBe(0);
  });

  it('shades the overspent part below the zero line, only after the crossing', async () => {
    const { image, zero: zeroRows, left, right, legendEnd } = await render(budget((h) => 1 - (2.5 * h) / 720));
    const zero = Math.min(...zeroRows);
    const crossing = left + ((right - left) * 288) / 720;
    expect(image.count(SHADE, 0, image.width, legendEnd + 1)).toBeGreaterThan(10_000);
    expect(image.count(SHADE, 0, image.width, legendEnd + 1, zero)).toBe(0); // nothing above zero
    expect(image.count(SHADE, 0, Math.floor(crossing) - 2, legendEnd + 1)).toBe(0); // nothing before the crossing
    expect(image.count(SHADE, Math.ceil(crossing) + 10, right, zero)).toBeGreaterThan(0);
  });

  it('leaves a gap where values are missing, and draws on either side', async () => {
    const { image, left, right, legendEnd } = await render(budget((h) => (h >= 300 && h < 420 ? NaN : 0.5)));
    const x = (hour: number) => Math.round(left + ((right - left) * hour) / 720);
    const line = image.columns(LINE, legendEnd + 1);
    expect(line.filter((c) => c > x(299) + 4 && c < x(420) - 4)).toEqual([]);
    expect(line.some((c) => c < x(299))).toBe(true);
    expect(line.some((c) => c > x(420))).toBe(true);
  });

  it('draws a lone point between gaps as a dot, and only the axes and zero without points', async () => {
    const lone = await render([
      [1_700_000_000, NaN],
      [1_700_003_600, 0.5],
      [1_700_007_200, NaN],
    ]);
    expect(lone.image.count(LINE, 0, lone.image.width, lone.legendEnd + 1)).toBeGreaterThan(0);
    for (const points of [[], [[1, NaN]]] as BudgetPoint[][]) {
      const { image, legendEnd, left, right } = await render(points);
      expect(image.count(LINE, 0, image.width, legendEnd + 1) + image.count(SHADE, 0, image.width, legendEnd + 1)).toBe(
        0,
      );
      expect(right - left).toBeGreaterThan(1200);
    }
  });

  it('stays within the size budget and gives the same bytes for the same input', async () => {
    const input = chart(budget((h) => Math.cos(h / 50)));
    const png = await renderChart(input, { locale: 'en' });
    expect(png.length).toBeLessThan(MAX_CHART_BYTES);
    expect(png.equals(await renderChart(input, { locale: 'en' }))).toBe(true);
  });
});
