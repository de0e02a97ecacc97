import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Locale } from '../i18n/index.js';

/*
 * Every chart Kanaria posts: a Vega-Lite spec (built by a pure function in src/blocks) compiled to Vega,
 * rendered headless to SVG (no canvas), then rasterised to PNG with resvg, which ships its binary in its npm
 * package. Text needs fonts: resvg reads the system's, and Japanese needs a CJK one (IPAexGothic from Debian's
 * fonts-ipaexfont-gothic, installed by .ci/run and the container image).
 */

export interface RenderOptions {
  readonly locale: Locale;
}

/** The font every chart names first; the others are fallbacks resvg looks for among the system's fonts. */
export const CHART_FONT = 'IPAexGothic';

/** A Vega-Lite spec as a PNG. */
export async function renderChart(spec: TopLevelSpec, options: RenderOptions): Promise<Buffer> {
  void options;
  const vega = compile({ ...spec, config: { font: CHART_FONT, ...spec.config } }).spec;
  const view = new View(parse(vega), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      background: 'white',
      font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT },
    }).render();
    return png.asPng();
  } finally {
    view.finalize();
  }
}
