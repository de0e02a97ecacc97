import type { CounterSample } from '../../src/domain/slo/counters.js';

/** One sample a minute from t = 0; null: not scraped (the series is absent then). */
export const scrapes = (values: readonly (number | null)[], step = 60): CounterSample[] =>
  values.flatMap((v, i) => (v === null ? [] : [[i * step, v] as const]));

/*
 * Expected values computed by hand from Prometheus' extrapolatedRate (promql/functions.go); the same series are
 * given to a real Prometheus in test/integration/slo-increase-promtool.test.ts.
 */
export const PROMETHEUS_CASES: readonly {
  name: string;
  values: readonly (number | null)[];
  end: number;
  range: number;
  expected: number | undefined;
}[] = [
  // Samples every 60 s from 0 to 600 (10 → 100): the 5-minute range (300, 600] holds 360…600; the sampled
  // 240 s are extrapolated back 60 s to the range start (within 1.1 intervals): 40 × 300/240.
  {
    name: 'a steady counter',
    values: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    end: 600,
    range: 300,
    expected: 50,
  },
  // (150, 630]: 30 → 65 with a reset after 30: 35 + 30 = 65 sampled over 420 s, extended 30 s at each edge.
  {
    name: 'a reset',
    values: [0, 10, 20, 30, 5, 15, 25, 35, 45, 55, 65],
    end: 630,
    range: 480,
    expected: (65 * 480) / 420,
  },
  // Two resets add both values before the drops: 22 − 100 + 110 + 15 = 47 over 360 s, +30 s each side (gaps
  // longer than 1.1 intervals extrapolate by half an interval).
  { name: 'two resets', values: [100, 110, 5, 15, 2, 12, 22], end: 390, range: 600, expected: (47 * 420) / 360 },
  // The series starts inside the range: half an interval is added at each edge, not the whole gap.
  {
    name: 'a series that starts late',
    values: [null, null, null, null, 5, 15, 25, 35],
    end: 510,
    range: 600,
    expected: 40,
  },
  // …and never back past the counter's zero point: 1 → 41 reaches 0 six seconds before the first sample.
  { name: 'a counter near zero', values: [null, null, null, 1, 11, 21, 31, 41], end: 450, range: 600, expected: 46 },
  { name: 'a series that stops early', values: [3, 13, 23, 33, 43], end: 570, range: 540, expected: 40 },
  { name: 'one sample in range', values: [null, null, null, null, null, 7], end: 330, range: 120, expected: undefined },
];
