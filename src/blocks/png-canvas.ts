import { PNG } from 'pngjs';

/*
 * The few drawing primitives the PNG charts share (canary-versus-stable, remaining error budget): an opaque
 * white canvas, a framed grid, and 2 px lines. Pure JavaScript through pngjs: see chart.ts for why.
 */

export type Rgb = readonly [number, number, number];

export const FRAME: Rgb = [0xc8, 0xc8, 0xc8];
export const GRID: Rgb = [0xeb, 0xeb, 0xeb];

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export interface Canvas {
  readonly png: PNG;
  /** Paints one pixel; outside the image it is ignored. */
  set(x: number, y: number, colour: Rgb): void;
}

/** A white, opaque canvas of that size. */
export function createCanvas(width: number, height: number): Canvas {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return {
    png,
    set(x, y, [r, g, b]) {
      if (x < 0 || y < 0 || x >= png.width || y >= png.height) return;
      const i = (y * png.width + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
    },
  };
}

/** Four light grid lines across, then the grey frame around `frame`. */
export function drawFrame(canvas: Canvas, frame: Box): void {
  for (let k = 1; k <= 4; k++) {
    const y = Math.round(frame.top + ((frame.bottom - frame.top) * k) / 5);
    for (let x = frame.left + 1; x < frame.right; x++) canvas.set(x, y, GRID);
  }
  for (let x = frame.left; x <= frame.right; x++) {
    canvas.set(x, frame.top, FRAME);
    canvas.set(x, frame.bottom, FRAME);
  }
  for (let y = frame.top; y <= frame.bottom; y++) {
    canvas.set(frame.left, y, FRAME);
    canvas.set(frame.right, y, FRAME);
  }
}

/** A 2 px line: a 2×2 stamp at every step of the longer axis. */
export function drawLine(canvas: Canvas, [x0, y0]: [number, number], [x1, y1]: [number, number], colour: Rgb): void {
  const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
  for (let s = 0; s <= steps; s++) {
    const x = Math.round(x0 + ((x1 - x0) * s) / steps);
    const y = Math.round(y0 + ((y1 - y0) * s) / steps);
    canvas.set(x, y, colour);
    canvas.set(x + 1, y, colour);
    canvas.set(x, y + 1, colour);
    canvas.set(x + 1, y + 1, colour);
  }
}
