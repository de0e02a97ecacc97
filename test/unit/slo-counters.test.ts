import { describe, expect, it } from 'vitest';
import { increase, readingsFromCounters, type CounterSample } from '../../src/domain/slo/counters.js';
import { PROMETHEUS_CASES, scrapes } from '../helpers/increase-cases.js';

describe('increase(), as Prometheus computes it', () => {
  it.each(PROMETHEUS_CASES)('$name', ({ values, end, range, expected }) => {
    const found = increase(scrapes(values), end, range);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toBeCloseTo(expected, 9);
  });

  it('leaves out a sample exactly at the range start (the range is (end − range, end])', () => {
    // With the sample at 300 in range this would be 50 exactly without extrapolation; without it, 40 over 240 s.
    const samples = scrapes([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(increase(samples, 600, 300)).toBeCloseTo(50, 9);
    expect(increase(samples, 600, 240)).toBeCloseTo((30 * 240) / 180, 9);
  });

  it('counts a sample exactly at the end', () => {
    expect(
      increase(
        [
          [10, 0],
          [20, 10],
        ],
        20,
        10,
      ),
    ).toBeUndefined();
    expect(
      increase(
        [
          [10, 0],
          [15, 5],
          [20, 10],
        ],
        20,
        10,
      ),
    ).toBeCloseTo(10, 9);
  });

  it('extrapolates to the zero point after the gap rule, as Prometheus 3 does', () => {
    // First sample 330 s after the range start: the gap is cut to half an interval (30 s); the zero point (50 s
    // back) is further, so 30 s stays. (Prometheus 2 took the zero point first and would add 50 s.)
    const samples: CounterSample[] = [
      [330, 10],
      [390, 22],
    ];
    expect(increase(samples, 390, 390)).toBeCloseTo((12 * (60 + 30 + 0)) / 60, 9);
  });

  it('is 0 for a counter that did not move, and undefined without samples', () => {
    expect(increase(scrapes([5, 5, 5, 5]), 180, 300)).toBe(0);
    expect(increase([], 100, 60)).toBeUndefined();
  });
});

describe('readingsFromCounters', () => {
  // 100 requests and 1 error a minute for 3 days: an error ratio of 1 %.
  const minutes = 3 * 1440;
  const requests = Array.from({ length: minutes + 1 }, (_, i): CounterSample => [i * 60, i * 100]);
  const errors = Array.from({ length: minutes + 1 }, (_, i): CounterSample => [i * 60, i]);
  const now = minutes * 60;

  it('reads the error ratio of every burn window and of the SLO window', () => {
    const { spec, readings } = readingsFromCounters({ objective: 99, windowDays: 30, now, requests, errors });
    expect(spec).toMatchObject({ objective: 99, windowSeconds: 30 * 86_400 });
    for (const window of ['5m', '30m', '1h', '2h', '6h', '1d'] as const)
      expect(readings.ratios[window]).toBeCloseTo(0.01, 9);
    // 3 days of samples cover the 3d window but for the first sample at its very start (left out).
    expect(readings.ratios['3d']).toBeCloseTo(0.01, 9);
    expect(readings.windowRatio).toBeCloseTo(0.01, 9);
  });

  it('has no reading where there are no requests or too few samples', () => {
    const idle = requests.map(([t]): CounterSample => [t, 7]);
    const { readings } = readingsFromCounters({ objective: 99, windowDays: 30, now, requests: idle, errors });
    expect(readings.ratios).toEqual({});
    expect(readings.windowRatio).toBeUndefined();
    const sparse = readingsFromCounters({ objective: 99, windowDays: 30, now, requests: requests.slice(-3), errors });
    expect(Object.keys(sparse.readings.ratios)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    const tooFew = readingsFromCounters({ objective: 99, windowDays: 30, now, requests: requests.slice(-1), errors });
    expect(tooFew.readings.ratios).toEqual({});
  });

  it('speeds windows up for a short SLO window (1 day: the 1h window lasts 2 minutes)', () => {
    // 120 more errors in the last 2 minutes: the sped-up 1h window (120 s) is mostly burst, the 1d one (48 min)
    // dilutes it. Each increase is the sampled one (from the first sample in range) stretched to the whole range.
    const burst = errors.map(([t, v]): CounterSample => [t, t > now - 120 ? v + (t - (now - 120)) : v]);
    const { spec, readings } = readingsFromCounters({ objective: 99, windowDays: 1, now, requests, errors: burst });
    expect(spec.windowSeconds).toBe(86_400);
    expect(readings.ratios['1h']).toBeCloseTo(((1 + 60) * 2) / 200, 9);
    expect(readings.ratios['1d']).toBeCloseTo(((47 + 120) * (2880 / 2820)) / 4800, 9);
  });
});
