import { BURN_WINDOWS, type BurnWindow, type SloReadings, type SloSpec } from './types.js';
import { burnWindowSeconds } from './windows.js';

/** A counter sample as Prometheus scrapes it: [unix seconds, cumulative value]. */
export type CounterSample = readonly [number, number];

/**
 * The increase of a counter over the range (end − rangeSeconds, end], as Prometheus' `increase()` computes it
 * (promql/functions.go, extrapolatedRate): resets add the value before the drop; the sampled increase is then
 * extrapolated to the range's edges, each side only as far as 1.1 × the average sample interval (else by half an
 * interval: the series likely starts or ends inside the range), and never back past the counter's zero point.
 * Undefined with fewer than two samples in the range. `samples` sorted by time.
 */
export function increase(samples: readonly CounterSample[], end: number, rangeSeconds: number): number | undefined {
  const start = end - rangeSeconds;
  const inRange = samples.filter(([t]) => t > start && t <= end);
  if (inRange.length < 2) return undefined;
  const [firstT, firstV] = inRange[0]!;
  const [lastT, lastV] = inRange.at(-1)!;
  let result = lastV - firstV;
  for (let i = 1; i < inRange.length; i++) {
    const previous = inRange[i - 1]![1];
    if (inRange[i]![1] < previous) result += previous;
  }
  const sampledInterval = lastT - firstT;
  const averageInterval = sampledInterval / (inRange.length - 1);
  const threshold = averageInterval * 1.1;
  let toStart = firstT - start;
  let toEnd = end - lastT;
  if (toStart >= threshold) toStart = averageInterval / 2;
  // A counter cannot go below zero: extrapolate back no further than where the slope would reach it.
  if (result > 0 && firstV >= 0) toStart = Math.min(toStart, sampledInterval * (firstV / result));
  if (toEnd >= threshold) toEnd = averageInterval / 2;
  return result * ((sampledInterval + toStart + toEnd) / sampledInterval);
}

/** Errors ÷ requests over a range, as `increase(errors) / increase(requests)`; undefined without data or traffic. */
function ratio(
  requests: readonly CounterSample[],
  errors: readonly CounterSample[],
  end: number,
  rangeSeconds: number,
): number | undefined {
  const total = increase(requests, end, rangeSeconds);
  const bad = increase(errors, end, rangeSeconds);
  return total === undefined || bad === undefined || total <= 0 ? undefined : bad / total;
}

/** The readings of one SLO from raw counters (the offline CLI's input), as Prometheus would give them at `now`. */
export function readingsFromCounters(input: {
  readonly objective: number;
  readonly windowDays: number;
  readonly now: number;
  readonly requests: readonly CounterSample[];
  readonly errors: readonly CounterSample[];
  readonly name?: string;
}): { spec: SloSpec; readings: SloReadings } {
  const spec: SloSpec = {
    name: input.name ?? 'offline',
    objective: input.objective,
    windowSeconds: input.windowDays * 86_400,
  };
  const ratios: Partial<Record<BurnWindow, number>> = {};
  for (const window of BURN_WINDOWS) {
    const value = ratio(input.requests, input.errors, input.now, burnWindowSeconds(window, spec));
    if (value !== undefined) ratios[window] = value;
  }
  const windowRatio = ratio(input.requests, input.errors, input.now, spec.windowSeconds);
  return { spec, readings: { now: input.now, ratios, ...(windowRatio === undefined ? {} : { windowRatio }) } };
}
