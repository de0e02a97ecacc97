import { PNG } from 'pngjs';
import type { Words } from '../i18n/index.js';
import { createCanvas, drawFrame, drawLine, type Box, type Canvas, type Rgb } from './png-canvas.js';

/*
 * Canary-versus-stable charts as PNG images for Slack, drawn pixel by pixel and encoded with pngjs (pure
 * JavaScript). Hand-drawn on purpose: a canvas library (node-canvas, skia) needs native binaries that neither
 * the development machines nor the container image have, and lines on a grid need no more than this. The PNG
 * holds no text: the Slack message around it names the metrics, and its title (chartTitle) names the colours.
 */

/** `[unix time, value]`, in time order as Prometheus returns them; a non-finite value breaks the line. */
export type ChartPoint = readonly [number, number];

export interface ChartPanel {
  readonly name: string;
  readonly canary: readonly ChartPoint[];
  readonly stable: readonly ChartPoint[];
}

export interface ChartOptions {
  readonly width?: number;
  readonly panelHeight?: number;
}

/** The upload's title: the app, and which colour is which. */
export const chartTitle = (t: Words, app: string): string => t('blocks.analysis.chart', { app });

/** Panels beyond this are left out (Slack shows the image scaled down; more would be unreadable). */
export const MAX_CHART_PANELS = 6;

const CANARY: Rgb = [0xd6, 0x27, 0x28];
const STABLE: Rgb = [0x1f, 0x77, 0xb4];
/** White space around each panel's frame, which also separates stacked panels. */
const MARGIN = 8;
/** Space between the frame and the plotted lines, so a line never paints over the frame. */
const INSET = 2;

export function renderChart(panels: readonly ChartPanel[], options: ChartOptions = {}): Buffer {
  const width = Math.max(4 * MARGIN, Math.round(options.width ?? 800));
  const panelHeight = Math.max(4 * MARGIN, Math.round(options.panelHeight ?? 160));
  const shown = panels.length > 0 ? panels.slice(0, MAX_CHART_PANELS) : [{ name: '', canary: [], stable: [] }];
  const canvas = createCanvas(width, panelHeight * shown.length);
  shown.forEach((panel, i) => {
    const top = i * panelHeight;
    drawPanel(canvas, panel, {
      left: MARGIN,
      top: top + MARGIN,
      right: width - 1 - MARGIN,
      bottom: top + panelHeight - 1 - MARGIN,
    });
  });
  return PNG.sync.write(canvas.png);
}

function drawPanel(canvas: Canvas, panel: ChartPanel, frame: Box): void {
  drawFrame(canvas, frame);

  // Both series share the axes; loops rather than Math.min(...xs), which overflows the stack on long series.
  let [t0, t1, lo, hi] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [t, v] of [...panel.canary, ...panel.stable].filter(isFinitePoint)) {
    [t0, t1, lo, hi] = [Math.min(t0, t), Math.max(t1, t), Math.min(lo, v), Math.max(hi, v)];
  }
  if (t0 > t1) return; // no finite point: just the frame
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  else [lo, hi] = [lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05];

  // A 2 px line stamps x..x+1 and y..y+1, so the last usable column and row are one short of the inset box.
  const plot: Box = {
    left: frame.left + INSET,
    top: frame.top + INSET,
    right: frame.right - INSET - 1,
    bottom: frame.bottom - INSET - 1,
  };
  const toPixel = ([t, v]: ChartPoint): [number, number] => [
    Math.round(
      t1 === t0 ? (plot.left + plot.right) / 2 : plot.left + ((t - t0) / (t1 - t0)) * (plot.right - plot.left),
    ),
    Math.round(plot.bottom - ((v - lo) / (hi - lo)) * (plot.bottom - plot.top)),
  ];
  drawSeries(canvas, panel.stable, toPixel, STABLE);
  drawSeries(canvas, panel.canary, toPixel, CANARY);
}

const isFinitePoint = ([t, v]: ChartPoint): boolean => Number.isFinite(t) && Number.isFinite(v);

function drawSeries(
  canvas: Canvas,
  points: readonly ChartPoint[],
  toPixel: (p: ChartPoint) => [number, number],
  colour: Rgb,
): void {
  let previous: [number, number] | undefined;
  for (const point of points) {
    if (!isFinitePoint(point)) {
      previous = undefined; // a gap: the line stops here and starts again at the next finite point
      continue;
    }
    const current = toPixel(point);
    drawLine(canvas, previous ?? current, current, colour);
    previous = current;
  }
}
