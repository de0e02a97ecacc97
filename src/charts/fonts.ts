import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The fonts resvg draws chart text with. IPAexGothic comes first: it has Latin and Japanese, so one font serves
 * both languages; DejaVu Sans is the Latin fallback. They are looked up at the paths Debian's packages install
 * them to (fonts-ipaexfont-gothic, fonts-dejavu-core: the container image and .ci/run install both), or taken
 * from every font file in KANARIA_CHART_FONT_DIR when that is set; macOS' Hiragino counts as the CJK font too.
 */

/** The font-family list every chart's text names, first found wins (resvg falls back character by character). */
export const CHART_FONT_FAMILY = "IPAexGothic, 'Hiragino Sans', 'Noto Sans CJK JP', 'DejaVu Sans', sans-serif";

const CJK_FILES = [
  '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf',
  '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf',
  '/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc',
];
const LATIN_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];
const FONT_FILE = /\.(ttf|otf|ttc)$/i;

export interface ChartFonts {
  /** Font files to hand to resvg. */
  readonly files: readonly string[];
  /** Whether one of them draws Japanese; without one, resvg is left to the system's fonts. */
  readonly cjk: boolean;
}

/** The chart fonts found in `dir` (KANARIA_CHART_FONT_DIR), else at the known paths. */
export function findChartFonts(dir: string | undefined): ChartFonts {
  if (dir) {
    const files = fontFilesIn(dir);
    return { files, cjk: files.length > 0 };
  }
  const cjk = CJK_FILES.filter((f) => existsSync(f)).slice(0, 1);
  return { files: [...cjk, ...LATIN_FILES.filter((f) => existsSync(f))], cjk: cjk.length > 0 };
}

function fontFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => FONT_FILE.test(name))
      .map((name) => join(dir, name))
      .sort();
  } catch {
    return [];
  }
}
