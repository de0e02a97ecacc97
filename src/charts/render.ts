import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Locale } from '../domain/locale.js';
import { CHART_FONT_FAMILY, findChartFonts, type ChartFonts } from './fonts.js';
import { NUMBER_LOCALES, TIME_LOCALES } from './locale.js';
import { textWidth } from './text-width.js';

/*
 * Every chart Kanaria posts: a Vega-Lite spec (built by a pure function in src/blocks) compiled to Vega, rendered
 * headless to SVG (no canvas), then rasterised to PNG with resvg, which ships its binary in its npm package.
 * Numbers and month/day names follow the reader's language (Vega's number and time format locales); the spec
 * builders say the time zone. Size budget: an 800 × 400 chart is a 1600 × 800 PNG (2× for sharp text on
 * high-density screens) of at most 200 KB, and a larger chart (six canary panels) at most that per 800 × 400 of its
 * area; Slack previews such images inline. Very jagged lines compress badly: over budget, the chart is drawn again
 * with crisp edges (no anti-aliasing of shapes; text stays smooth), then smaller.
 */

/** The font every chart names first (fonts.ts says where it comes from). */
export const CHART_FONT = 'IPAexGothic';

/** Something to warn through (a pino logger fits). */
export interface ChartLogger {
  warn(facts: object, message: string): void;
}

export interface RenderOptions {
  readonly locale: Locale;
  /** Pixels per chart unit in the PNG (default 2). */
  readonly scale?: number;
  /** Where the fonts are, instead of the known paths (default: KANARIA_CHART_FONT_DIR). */
  readonly fontDir?: string;
  /** Told once per process when Japanese text has no CJK font to be drawn with. */
  readonly logger?: ChartLogger;
}

/** The PNG's budget for an 800 × 400 chart (chart units), asserted by the tests. */
export const MAX_CHART_BYTES = 200 * 1024;
const BUDGET_AREA = 800 * 400;

/** The byte budget of a chart of that size in chart units: MAX_CHART_BYTES per 800 × 400, never less. */
export const chartBudget = (width: number, height: number): number =>
  Math.round(MAX_CHART_BYTES * Math.max(1, (width * height) / BUDGET_AREA));

// Vega measures text for its layout; headless it can only estimate, and its estimate is too narrow for Japanese.
// The estimate is swapped for ours once for the process (vega's textMetrics is module state, as in vl-convert).
interface TextItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
}
// Not in vega's typings, but exported (vega-scenegraph's textMetrics).
const { textMetrics } = vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } };
textMetrics.width = (item, text) =>
  textWidth(
    String(text ?? '').trim(),
    item.fontSize ?? 11,
    item.fontWeight === 'bold' || Number(item.fontWeight) >= 600,
  );

const fontsByDir = new Map<string, ChartFonts>();
let warnedNoCjk = false;

/** A Vega-Lite spec as SVG text, laid out as the PNG will be (for tests that read the words). */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions): Promise<string> {
  const compiled = compile({
    ...spec,
    // customFormatTypes: time axes pass a multi-format (charts/locale.ts) through to Vega.
    config: { font: CHART_FONT_FAMILY, background: 'white', customFormatTypes: true, ...spec.config },
  }).spec;
  // The View takes d3 locale definitions here (its typings say formatters: those are for view.locale()).
  const locale = { number: NUMBER_LOCALES[options.locale], time: TIME_LOCALES[options.locale] };
  const view = new vega.View(vega.parse(compiled), {
    renderer: 'none',
    locale: locale as unknown as vega.LocaleFormatters,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A Vega-Lite spec as a PNG. */
export async function renderChart(spec: TopLevelSpec, options: RenderOptions): Promise<Buffer> {
  const svg = await renderSvg(spec, options);
  const fonts = chartFonts(options.fontDir ?? process.env['KANARIA_CHART_FONT_DIR'] ?? '');
  if (!fonts.cjk && options.locale === 'ja' && !warnedNoCjk) {
    warnedNoCjk = true;
    const warn = options.logger?.warn.bind(options.logger) ?? ((_: object, m: string) => process.emitWarning(m));
    warn(
      { fonts: fonts.files.length },
      'charts: no Japanese (CJK) font found, so Japanese chart text may show as boxes; falling back to the system fonts. Install fonts-ipaexfont-gothic or set KANARIA_CHART_FONT_DIR',
    );
  }
  const scale = options.scale ?? 2;
  const draw = (zoom: number, crisp: boolean): Buffer =>
    new Resvg(svg, {
      fitTo: { mode: 'zoom', value: zoom },
      background: 'white',
      shapeRendering: crisp ? 1 : 2,
      font: {
        // Only the chart fonts when they are all there: loading every system font takes longer than the render.
        loadSystemFonts: !fonts.cjk,
        fontFiles: [...fonts.files],
        defaultFontFamily: CHART_FONT,
        sansSerifFamily: CHART_FONT,
      },
    })
      .render()
      .asPng();
  const { width, height } = svgSize(svg);
  const budget = chartBudget(width, height) * (scale / 2) ** 2;
  let png = draw(scale, false);
  for (const [zoom, crisp] of [
    [scale, true],
    [scale * 0.75, true],
    [scale / 2, true],
  ] as const) {
    if (png.length <= budget) break;
    png = draw(zoom, crisp);
  }
  return png;
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /^<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  return { width: Number(match?.[1] ?? 0), height: Number(match?.[2] ?? 0) };
}

function chartFonts(dir: string): ChartFonts {
  let fonts = fontsByDir.get(dir);
  if (!fonts) {
    fonts = findChartFonts(dir || undefined);
    fontsByDir.set(dir, fonts);
  }
  return fonts;
}
