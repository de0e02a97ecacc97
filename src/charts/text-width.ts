/*
 * Text widths for Vega's layout when no canvas measures them (headless rendering). Vega's own estimate gives every
 * character 0.8 em: Japanese (1 em wide in IPAexGothic) comes out too narrow, so titles and legends are clipped.
 * This one goes by character class, checked against what resvg draws with IPAexGothic and DejaVu Sans
 * (test/unit/chart-render.test.ts): never narrower, at most about a third wider.
 */

/** East Asian wide and full-width characters: CJK, kana, hangul, full-width forms, CJK punctuation. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const NARROW = /[ .,:;'|!ijlI()[\]{}`"]/;
const BROAD = /[MWmw@%]/;

/** The width in px of one line of `text` at `fontSize` px. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (WIDE.test(ch)) em += 1;
    else if (NARROW.test(ch)) em += 0.36;
    else if (BROAD.test(ch)) em += 0.92;
    else if (/[A-Z0-9]/.test(ch)) em += 0.68;
    else em += 0.6;
  }
  return Math.ceil(em * fontSize * (bold ? 1.08 : 1));
}
