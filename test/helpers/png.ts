import { PNG } from 'pngjs';

/** The decoded image with a few questions about its pixels. */
export function decode(buffer: Buffer) {
  const png = PNG.sync.read(buffer);
  const pixel = (x: number, y: number): number[] => [
    ...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4),
  ];
  const is = (x: number, y: number, [r, g, b]: readonly number[]) => {
    const i = (y * png.width + x) * 4;
    return png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b;
  };
  /** The pixels of one colour inside [x0, x1) × [y0, y1). */
  const count = (colour: readonly number[], x0 = 0, x1 = png.width, y0 = 0, y1 = png.height): number => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (is(x, y, colour)) n++;
    return n;
  };
  /** The rows that hold at least one pixel of the colour. */
  const rows = (colour: readonly number[]): number[] => {
    const found: number[] = [];
    for (let y = 0; y < png.height; y++) if (count(colour, 0, png.width, y, y + 1) > 0) found.push(y);
    return found;
  };
  /** The columns that hold at least one pixel of the colour inside rows [y0, y1). */
  const columns = (colour: readonly number[], y0 = 0, y1 = png.height): number[] => {
    const found: number[] = [];
    for (let x = 0; x < png.width; x++) if (count(colour, x, x + 1, y0, y1) > 0) found.push(x);
    return found;
  };
  /** Runs of consecutive rows holding the colour, as [first, last]. */
  const bands = (colour: readonly number[]): [number, number][] => {
    const runs: [number, number][] = [];
    for (const y of rows(colour)) {
      const last = runs.at(-1);
      if (last && last[1] === y - 1) last[1] = y;
      else runs.push([y, y]);
    }
    return runs;
  };
  return { width: png.width, height: png.height, pixel, count, rows, columns, bands };
}
