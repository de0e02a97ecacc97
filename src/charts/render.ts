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
 * high-density screens) of at most 200 KB, well under what Slack previews inline.
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

/** The PNG's budget, asserted by the tests: Slack previews an image inline up to a few MB; this stays far below. */
export const MAX_CHART_BYTES = 200 * 1024;

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
  const png = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
    font: {
      // Only the chart fonts when they are all there: loading every system font takes longer than the render.
      loadSystemFonts: !fonts.cjk,
      fontFiles: [...fonts.files],
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
  }).render();
  return png.asPng();
}

function chartFonts(dir: string): ChartFonts {
  let fonts = fontsByDir.get(dir);
  if (!fonts) {
    fonts = findChartFonts(dir || undefined);
    fontsByDir.set(dir, fonts);
  }
  return fonts;
}
