import { chartTime } from './time.js';

/** A point of a line as a chart plots it: a missing value is null (JSON has no NaN), which breaks the line. */
export interface LinePoint {
  readonly time: number;
  readonly value: number | null;
  /** No drawn neighbour on either side: a line cannot show it, so it is drawn as a dot. */
  readonly lone: boolean;
}

const isFinitePoint = (point: readonly [number, number] | undefined): boolean =>
  point !== undefined && Number.isFinite(point[0]) && Number.isFinite(point[1]);

/** `[unix seconds, value]` points, in time order, as a line in `zone`. */
export function linePoints(points: readonly (readonly [number, number])[], zone: string): LinePoint[] {
  return points.map((point, i) => {
    const drawn = isFinitePoint(point);
    return {
      time: chartTime(Number.isFinite(point[0]) ? point[0] : 0, zone),
      value: drawn ? point[1] : null,
      lone: drawn && !isFinitePoint(points[i - 1]) && !isFinitePoint(points[i + 1]),
    };
  });
}

/** The Vega-Lite layer that draws lone points as dots of the line's colour (filtered by `lone`). */
export const lonePointLayer = {
  transform: [{ filter: 'datum.lone' }],
  mark: { type: 'point' as const, filled: true, size: 30, opacity: 1 },
};
