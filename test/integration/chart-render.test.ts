import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { analysisChartSpec } from '../../src/blocks/chart.js';
import { findChartFonts } from '../../src/charts/fonts.js';
import { MAX_CHART_BYTES, renderChart, renderSvg } from '../../src/charts/render.js';
import { textWidth } from '../../src/charts/text-width.js';
import { wordsFor } from '../../src/i18n/index.js';
import { decode } from '../helpers/png.js';
import { sizeOf, textsOf } from '../helpers/svg.js';

/*
 * The renderer with the real fonts: what resvg draws text with, how wide Vega thinks text is against how wide it
 * is drawn, time zones and formats, and the PNG's size budget. CI installs IPAexGothic (.ci/run).
 */

const IPAEX = '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf';
const fonts = findChartFonts(undefined);

/** A minute-by-minute metric over two hours with slow waves and a little noise, like a request rate. */
const metric = (base: number, seed: number) =>
  Array.from(
    { length: 121 },
    (_, m) =>
      [1_700_000_000 + 60 * m, base * (1 + 0.2 * Math.sin(m / 9 + seed) + 0.03 * Math.sin(m * 2.7 + seed))] as const,
  );

describe.skipIf(!existsSync(IPAEX) && process.env['CI'] !== 'true')('chart rendering with the Debian fonts', () => {
  it('finds IPAexGothic (Japanese and Latin) and DejaVu Sans at the Debian paths', () => {
    expect(fonts.cjk).toBe(true);
    expect(fonts.files[0]).toBe(IPAEX);
    expect(fonts.files.some((f) => f.endsWith('DejaVuSans.ttf'))).toBe(true);
  });

  it('never measures text narrower than resvg draws it, nor much wider, in either language', () => {
    const samples = [
      'Canary vs stable: shop',
      'NVIDIA-H100-80GB-HBM3 · h100 · mig-1g.10gb',
      'Idle on cordoned/NotReady nodes',
      'Time (Asia/Tokyo)',
      '0123456789 %,.−',
      'カナリアと安定版の比較: shop',
      'cordon済み/NotReadyのノード上で未使用',
      'エラーバジェット残り: web-availability（web）',
      '11月15日 12:00',
    ];
    for (const text of samples) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="200"><text x="0" y="100" font-family="IPAexGothic" font-size="100">${text}</text></svg>`;
      const drawn =
        new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [...fonts.files] } }).getBBox()?.width ?? 0;
      expect(drawn, text).toBeGreaterThan(0);
      expect(textWidth(text, 100), text).toBeGreaterThanOrEqual(drawn);
      expect(textWidth(text, 100), text).toBeLessThan(drawn * 1.3);
    }
  });

  it('keeps a long Japanese title whole: the SVG is wide enough for it', async () => {
    const t = wordsFor('ja');
    const app = 'とても長いアプリケーションの名前がここに入ります';
    const svg = await renderSvg(
      analysisChartSpec(t, { app, panels: [{ name: 'エラー率', canary: metric(1, 0), stable: metric(1, 1) }] }),
      {
        locale: 'ja',
      },
    );
    const title = `カナリアと安定版の比較: ${app}`;
    expect(textsOf(svg)).toContain(title);
    expect(sizeOf(svg).width).toBeGreaterThanOrEqual(textWidth(title, 13, true));
  });

  it('writes times in the zone asked for (the labels move by its offset) and names it', async () => {
    const t = wordsFor('en');
    const panels = [{ name: 'rps', canary: metric(100, 0), stable: metric(100, 1) }];
    const utc = textsOf(await renderSvg(analysisChartSpec(t, { app: 'shop', panels }), { locale: 'en' }));
    const tokyo = textsOf(
      await renderSvg(analysisChartSpec(t, { app: 'shop', panels, timeZone: 'Asia/Tokyo' }), { locale: 'en' }),
    );
    // 1.7e9 is 22:13 UTC, 07:13 in Tokyo.
    expect(utc).toEqual(expect.arrayContaining(['22:30', '23:00', 'Time (UTC)']));
    expect(tokyo).toEqual(expect.arrayContaining(['07:30', '08:00', 'Time (Asia/Tokyo)']));
    expect(tokyo).not.toContain('22:30');
  });

  it('draws an 800 × 400 chart as a 1600 × 800 PNG within the size budget, and at the scale asked for', async () => {
    const spec: TopLevelSpec = {
      width: 800,
      height: 400,
      autosize: { type: 'fit', contains: 'padding' },
      title: 'リクエスト数 / requests per second',
      data: {
        values: [...metric(120, 0), ...metric(100, 2)].map(([time, value], i) => ({
          time: time * 1000,
          value,
          series: i < 121 ? 'canary' : 'stable',
        })),
      },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x: { field: 'time', type: 'temporal', scale: { type: 'utc' } },
        y: { field: 'value', type: 'quantitative' },
        color: { field: 'series', type: 'nominal' },
      },
    };
    const png = await renderChart(spec, { locale: 'ja' });
    const image = decode(png);
    expect([image.width, image.height]).toEqual([1600, 800]);
    expect(png.length).toBeLessThanOrEqual(MAX_CHART_BYTES);
    // Not blank: lines and text are drawn on the white.
    let inked = 0;
    for (let y = 0; y < image.height; y += 4)
      for (let x = 0; x < image.width; x += 4) if (image.pixel(x, y)[0] !== 255) inked++;
    expect(inked).toBeGreaterThan(1000);
    const one = decode(await renderChart(spec, { locale: 'ja', scale: 1 }));
    expect([one.width, one.height]).toEqual([800, 400]);
  });

  it('takes its fonts from a directory when told (KANARIA_CHART_FONT_DIR), and draws the same', async () => {
    const spec = analysisChartSpec(wordsFor('ja'), {
      app: 'shop',
      panels: [{ name: 'rps', canary: metric(1, 0), stable: metric(1, 1) }],
    });
    const warnings: string[] = [];
    const logger = { warn: (_: object, message: string) => void warnings.push(message) };
    const fromDir = await renderChart(spec, {
      locale: 'ja',
      fontDir: '/usr/share/fonts/opentype/ipaexfont-gothic',
      logger,
    });
    expect(warnings).toEqual([]);
    expect(decode(fromDir).width).toBe(decode(await renderChart(spec, { locale: 'ja' })).width);
  });
});
