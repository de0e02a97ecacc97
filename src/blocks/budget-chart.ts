import { PNG } from 'pngjs';
import { createCanvas, drawFrame, drawLine, type Box, type Rgb } from './png-canvas.js';

/*
 * The error budget remaining over an SLO's window as a PNG for Slack (`/slo <app>`): the budget as a line from
 * full (1, the top) down, a zero line, and the overspent part (below zero) shaded red. No text in the image:
 * the message around it gives the numbers.
 */

/** `[unix seconds, budget remaining as a fraction]` (1 = untouched, 0 = spent, negative = overspent). */
export type BudgetPoint = readonly [number, number];

export interface BudgetChartOptions {
  readonly width?: number;
  readonly height?: number;
}

export const BUDGET_LINE: Rgb = [0x1f, 0x77, 0xb4];
export const ZERO_LINE: Rgb = [0x50, 0x50, 0x50];
export const OVERSPENT: Rgb = [0xf6, 0xc6, 0xc6];
const MARGIN = 8;
const INSET = 2;

const isFinitePoint = ([t, v]: BudgetPoint): boolean => Number.isFinite(t) && Number.isFinite(v);

export function renderBudgetChart(points: readonly BudgetPoint[], options: BudgetChartOptions = {}): Buffer {
  const width = Math.max(4 * MARGIN, Math.round(options.width ?? 800));
  const height = Math.max(4 * MARGIN, Math.round(options.height ?? 200));
  const canvas = createCanvas(width, height);
  const frame: Box = { left: MARGIN, top: MARGIN, right: width - 1 - MARGIN, bottom: height - 1 - MARGIN };
  drawFrame(canvas, frame);

  // The scale always holds the full budget (1) and zero, so the zero line is always drawn; loops, not Math.min(...).
  let [t0, t1, lo, hi] = [Infinity, -Infinity, 0, 1];
  for (const [t, v] of points.filter(isFinitePoint))
    [t0, t1, lo, hi] = [Math.min(t0, t), Math.max(t1, t), Math.min(lo, v), Math.max(hi, v)];
  [lo, hi] = [lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05];

  const plot: Box = {
    left: frame.left + INSET,
    top: frame.top + INSET,
    right: frame.right - INSET - 1,
    bottom: frame.bottom - INSET - 1,
  };
  const xOf = (t: number) =>
    Math.round(t1 <= t0 ? (plot.left + plot.right) / 2 : plot.left + ((t - t0) / (t1 - t0)) * (plot.right - plot.left));
  const yOf = (v: number) => Math.round(plot.bottom - ((v - lo) / (hi - lo)) * (plot.bottom - plot.top));
  const zero = yOf(0);

  // Shade between zero and the line wherever the line is below zero (interpolated column by column).
  forEachSegment(points, (a, b) => {
    const [xa, xb] = [xOf(a[0]), xOf(b[0])];
    for (let x = xa; x <= xb; x++) {
      const v = xb === xa ? b[1] : a[1] + ((b[1] - a[1]) * (x - xa)) / (xb - xa);
      if (v >= 0) continue;
      for (let y = zero + 2; y <= yOf(v); y++) {
        canvas.set(x, y, OVERSPENT);
        canvas.set(x + 1, y, OVERSPENT);
      }
    }
  });
  drawLine(canvas, [plot.left, zero], [plot.right, zero], ZERO_LINE);
  // A point alone between gaps is drawn as a dot (a segment from itself to itself).
  forEachSegment(points, (a, b) => drawLine(canvas, [xOf(a[0]), yOf(a[1])], [xOf(b[0]), yOf(b[1])], BUDGET_LINE), true);
  return PNG.sync.write(canvas.png);
}

/**
 * Each pair of consecutive finite points; a non-finite value breaks the line (a gap in the data). With `dots`,
 * the first point after a gap also comes as a pair with itself.
 */
function forEachSegment(
  points: readonly BudgetPoint[],
  each: (a: BudgetPoint, b: BudgetPoint) => void,
  dots = false,
): void {
  let previous: BudgetPoint | undefined;
  for (const point of points) {
    if (!isFinitePoint(point)) {
      previous = undefined;
      continue;
    }
    if (previous) each(previous, point);
    else if (dots) each(point, point);
    previous = point;
  }
}
