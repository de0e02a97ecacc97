import { describe, expect, it } from 'vitest';
import { burnRate, sloStatus } from '../../src/domain/slo/budget.js';
import type { BurnWindow, SloReadings, SloSpec } from '../../src/domain/slo/types.js';

const DAY = 86_400;
const NOW = 1_800_000_000;
const spec: SloSpec = { name: 'web-availability', objective: 99.9, windowSeconds: 30 * DAY };

/** Readings whose error ratios are `rate` × the budget (0.1 %) per window. */
const at = (rates: Partial<Record<BurnWindow, number>>, windowRate?: number): SloReadings => ({
  now: NOW,
  ratios: Object.fromEntries(Object.entries(rates).map(([w, r]) => [w, r * 0.001])),
  ...(windowRate === undefined ? {} : { windowRatio: windowRate * 0.001 }),
});
const everywhere = (rate: number): Partial<Record<BurnWindow, number>> =>
  Object.fromEntries(['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => [w, rate]));

describe('burnRate', () => {
  it.each([
    [0.001, 99.9, 1],
    [0.0144, 99.9, 14.4],
    [0.05, 99, 5],
    [0, 99.9, 0],
    [0.5, 50, 1],
  ])('an error ratio of %s against an objective of %s burns at %s×', (ratio, objective, rate) =>
    expect(burnRate(ratio, objective)).toBeCloseTo(rate, 9),
  );
});

describe('sloStatus', () => {
  it('half the budget left at 1×: 21.6 minutes of full outage left, out in 15 days, no alert', () => {
    const status = sloStatus(spec, at(everywhere(1), 0.5));
    expect(status.budgetRemaining).toBeCloseTo(0.5, 9);
    expect(status.outageMinutesLeft).toBeCloseTo(21.6, 6);
    expect(status.exhaustsAt! - NOW).toBeCloseTo(15 * DAY, 0);
    expect(status.burnRates['1h']).toBeCloseTo(1, 9);
    expect(status.firing).toEqual([]);
    expect(status.undecided).toEqual([]);
    expect(status.missing).toEqual([]);
  });

  it.each([
    ['a fast burn over 1h and 5m', { ...everywhere(0.5), '1h': 15, '5m': 20 }, ['page-1h']],
    ['1h fast but 5m calm again (the burn stopped)', { ...everywhere(0.5), '1h': 15, '5m': 2 }, []],
    ['5m fast, 1h not yet', { ...everywhere(0.5), '1h': 10, '5m': 20 }, []],
    ['a burn over 6h and 30m', { ...everywhere(0.5), '6h': 7, '30m': 8 }, ['page-6h']],
    ['3× over 1d and 2h', { ...everywhere(0.5), '1d': 3.5, '2h': 4 }, ['ticket-1d']],
    ['just over 1× over 3d and 6h', { ...everywhere(0.5), '3d': 1.2, '6h': 1.1 }, ['ticket-3d']],
    [
      'exactly at a factor (the Workbook fires above it)',
      { ...everywhere(0.5), '3d': 2, '6h': 2, '1d': 3, '2h': 3 },
      ['ticket-3d'],
    ],
    ['everything at 20×', everywhere(20), ['page-1h', 'page-6h', 'ticket-1d', 'ticket-3d']],
  ] as const)('fires the alerts whose two windows are both above: %s', (_, rates, firing) => {
    expect(sloStatus(spec, at(rates, 0.5)).firing).toEqual(firing);
  });

  it('cannot tell an alert with a window missing, unless the other window rules it out', () => {
    const { '5m': _5m, '30m': _30m, ...rest } = everywhere(20);
    const status = sloStatus(spec, at({ ...rest, '6h': 2 }, 0.5));
    expect(status.missing).toEqual(['5m', '30m']);
    // page-1h: 1h at 20× and 5m unknown. page-6h: 6h at 2× rules it out whatever 30m says.
    expect(status.undecided).toEqual(['page-1h']);
    expect(status.firing).toEqual(['ticket-1d', 'ticket-3d']);
  });

  it('says an SLO without any data is unknown, never healthy', () => {
    const status = sloStatus(spec, at({}));
    expect(status.budgetRemaining).toBeUndefined();
    expect(status.outageMinutesLeft).toBeUndefined();
    expect(status.exhaustsAt).toBeUndefined();
    expect(status.missing).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', 'window']);
    expect(status.firing).toEqual([]);
    expect(status.undecided).toEqual(['page-1h', 'page-6h', 'ticket-1d', 'ticket-3d']);
  });

  it('a spent budget is negative, leaves no outage minutes and ran out now', () => {
    const status = sloStatus(spec, at(everywhere(3), 2));
    expect(status.budgetRemaining).toBeCloseTo(-1, 9);
    expect(status.outageMinutesLeft).toBe(0);
    expect(status.exhaustsAt).toBe(NOW);
  });

  it('nothing burning never runs out (null); no 1h reading cannot say when (undefined)', () => {
    expect(sloStatus(spec, at(everywhere(0), 0.2)).exhaustsAt).toBeNull();
    const { '1h': _, ...no1h } = everywhere(2);
    expect(sloStatus(spec, at(no1h, 0.2)).exhaustsAt).toBeUndefined();
  });

  it('projects from the 1h rate over the SLO window: 80 % left at 14.4× lasts 0.8 × 30 d ÷ 14.4 = 40 h', () => {
    const status = sloStatus(spec, at({ ...everywhere(1), '1h': 14.4 }, 0.2));
    expect(status.exhaustsAt! - NOW).toBeCloseTo(40 * 3600, 0);
  });

  it('counts outage minutes over a sped-up window as minutes of that window (12 h at 99 %: 7.2 min)', () => {
    const short: SloSpec = { name: 'demo', objective: 99, windowSeconds: 12 * 3600 };
    expect(sloStatus(short, { now: NOW, ratios: {}, windowRatio: 0 }).outageMinutesLeft).toBeCloseTo(7.2, 9);
  });
});
