import { describe, expect, it } from 'vitest';
import { renderChart, type ChartPanel, type ChartPoint } from '../../src/blocks/chart.js';
import { decode } from '../helpers/png.js';

const RED = [0xd6, 0x27, 0x28] as const;
const BLUE = [0x1f, 0x77, 0xb4] as const;

/** One point a minute over an hour, from unix time 1.7e9, valued by `f`. */
const series = (f: (minute: number) => number, minutes = 60): ChartPoint[] =>
  Array.from({ length: minutes + 1 }, (_, m) => [1_700_000_000 + 60 * m, f(m)] as const);
const panel = (canary: ChartPoint[], stable: ChartPoint[] = [], name = 'error rate'): ChartPanel => ({
  name,
  canary,
  stable,
});

describe('renderChart', () => {
  it('is 800 px wide and 160 px per panel by default, and follows the options', () => {
    const one = decode(renderChart([panel(series(() => 1))]));
    expect([one.width, one.height]).toEqual([800, 160]);
    const three = decode(renderChart([panel([]), panel([]), panel([])]));
    expect([three.width, three.height]).toEqual([800, 480]);
    const small = decode(renderChart([panel([]), panel([])], { width: 400, panelHeight: 100 }));
    expect([small.width, small.height]).toEqual([400, 200]);
  });

  it('draws on an opaque white background with a grey frame', () => {
    const image = decode(renderChart([panel(series(() => 1))]));
    expect(image.pixel(0, 0)).toEqual([255, 255, 255, 255]);
    expect(image.pixel(799, 159)).toEqual([255, 255, 255, 255]);
    expect(image.pixel(400, 40)).toEqual([255, 255, 255, 255]); // inside the plot, away from lines and grid
    const [r, g, b] = image.pixel(8, 80); // the frame's left edge
    expect(r).toBe(g);
    expect(g).toBe(b);
    expect(r).toBeGreaterThan(150);
    expect(r).toBeLessThan(255);
  });

  it('draws a canary above a lower stable in red, the stable in blue below it', () => {
    const image = decode(
      renderChart([
        panel(
          series((m) => 10 + Math.sin(m / 5)),
          series((m) => 1 + Math.cos(m / 5)),
        ),
      ]),
    );
    expect(image.count(RED, 0, 800, 0, 80)).toBeGreaterThan(500);
    expect(image.count(RED, 0, 800, 80, 160)).toBe(0);
    expect(image.count(BLUE, 0, 800, 80, 160)).toBeGreaterThan(500);
    expect(image.count(BLUE, 0, 800, 0, 80)).toBe(0);
    // With 5 % padding the extremes stay inside the frame (rows 8 and 151), clear of it.
    expect(Math.min(...image.rows(RED))).toBeGreaterThan(8);
    expect(Math.max(...image.rows(BLUE))).toBeLessThan(151);
  });

  it('leaves a gap where values are NaN or infinite, and draws on either side', () => {
    const gap = (m: number, v: number) => (m >= 25 && m < 35 ? (m % 2 ? NaN : Infinity) : v);
    const image = decode(
      renderChart([
        panel(
          series((m) => gap(m, 5 + (m % 3))),
          series((m) => gap(m, 2)),
        ),
      ]),
    );
    // Minutes 24 and 35 are the last and first points drawn: x ≈ 10 + 778·24/60 = 321 and 10 + 778·35/60 = 464.
    expect(image.count(RED, 325, 460) + image.count(BLUE, 325, 460)).toBe(0);
    expect(image.count(RED, 0, 320)).toBeGreaterThan(0);
    expect(image.count(RED, 470, 800)).toBeGreaterThan(0);
    expect(image.count(BLUE, 0, 320)).toBeGreaterThan(0);
    expect(image.count(BLUE, 470, 800)).toBeGreaterThan(0);
  });

  it('puts a flat series on a horizontal line across the vertical middle of its panel', () => {
    const image = decode(renderChart([panel(series(() => 0.25))]));
    const rows = image.rows(RED);
    expect(rows.length).toBe(2); // 2 px thick
    for (const y of rows) expect(Math.abs(y - 80)).toBeLessThanOrEqual(2);
    expect(image.count(RED, 0, 800, rows[0], (rows[0] ?? 0) + 1)).toBeGreaterThan(700); // nearly the full width
  });

  it('shares the axes between canary and stable, and between panels each its own', () => {
    const image = decode(
      renderChart([
        panel(
          series(() => 3),
          series(() => 1),
        ),
        panel(
          series(() => 100),
          series(() => 200),
        ),
      ]),
    );
    // Panel 1: canary high (top), stable low. Panel 2 (rows 160..319): canary low, stable high.
    expect(image.count(RED, 0, 800, 0, 80)).toBeGreaterThan(0);
    expect(image.count(BLUE, 0, 800, 80, 160)).toBeGreaterThan(0);
    expect(image.count(RED, 0, 800, 240, 320)).toBeGreaterThan(0);
    expect(image.count(BLUE, 0, 800, 160, 240)).toBeGreaterThan(0);
  });

  it('draws only the frame for a panel without points, and one blank panel for no panels', () => {
    for (const buffer of [
      renderChart([panel([], [])]),
      renderChart([panel([[1, NaN]], [[2, Infinity]])]),
      renderChart([]),
    ]) {
      const image = decode(buffer);
      expect([image.width, image.height]).toEqual([800, 160]);
      expect(image.count(RED) + image.count(BLUE)).toBe(0);
      expect(image.pixel(8, 80)).not.toEqual([255, 255, 255, 255]);
    }
  });

  it('draws a single point, or points all at one time, as a dot in the middle', () => {
    const image = decode(renderChart([panel([[1_700_000_000, 4]], [[1_700_000_000, 2]])]));
    expect(image.count(RED)).toBeGreaterThan(0);
    expect(image.count(BLUE)).toBeGreaterThan(0);
    expect(image.count(RED, 0, 390) + image.count(RED, 410, 800)).toBe(0);
  });

  it('renders at most 6 panels', () => {
    const seven = Array.from({ length: 7 }, (_, i) =>
      panel(
        series((m) => m * (i + 1)),
        series(() => i),
        `metric ${i}`,
      ),
    );
    const image = decode(renderChart(seven));
    expect(image.height).toBe(6 * 160);
    expect(image.count(RED, 0, 800, 5 * 160, 6 * 160)).toBeGreaterThan(0);
  });

  it('gives the same bytes for the same input', () => {
    const input = [
      panel(
        series((m) => Math.sin(m)),
        series((m) => Math.cos(m)),
      ),
      panel(series(() => 1)),
    ];
    expect(renderChart(input).equals(renderChart(input))).toBe(true);
  });
});
