import { describe, expect, it } from 'vitest';
import { ALERT_RULES, burnWindowSeconds, parseDuration, promDuration } from '../../src/domain/slo/windows.js';

const DAY = 86_400;

describe('parseDuration', () => {
  it.each([
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['1d', DAY],
    ['1w', 7 * DAY],
    ['30d', 30 * DAY],
    ['1h30m', 5400],
    ['1d12h', 1.5 * DAY],
    ['2w3d4h5m6s', 14 * DAY + 3 * DAY + 4 * 3600 + 5 * 60 + 6],
  ])('reads %s as %i seconds', (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it.each(['soon', '', '30', '1.5h', '30m1h', '-1h', '0s', '1y', '1 h', '1H'])('refuses %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('promDuration', () => {
  it.each([
    [5, '5s'],
    [60, '1m'],
    [300, '5m'],
    [3600, '1h'],
    [5400, '1h30m'],
    [DAY, '1d'],
    [3 * DAY, '3d'],
    [4.6, '5s'],
    [0.2, '1s'],
  ])('writes %d seconds as %s', (seconds, text) => expect(promDuration(seconds)).toBe(text));

  it('round-trips every whole number of seconds it writes', () => {
    for (const seconds of [1, 59, 61, 3599, 3601, 86_399, 90_061])
      expect(parseDuration(promDuration(seconds))).toBe(seconds);
  });
});

describe('burnWindowSeconds: the Workbook windows, sped up for short SLO windows', () => {
  it.each([
    // A real 30- or 28-day window takes the Workbook's windows as written.
    ['1h', 30 * DAY, 3600],
    ['5m', 30 * DAY, 300],
    ['3d', 28 * DAY, 3 * DAY],
    // A 12-hour window is a 30-day one sped up 60 times: 1h → 60 s, 5m → 5 s, 3d → 72 min.
    ['1h', 12 * 3600, 60],
    ['5m', 12 * 3600, 5],
    ['3d', 12 * 3600, 4320],
    // 1 day: sped up 30 times.
    ['30m', DAY, 60],
    ['6h', DAY, 720],
    // Never under a second (a PromQL range needs one).
    ['5m', 3600, 1],
  ] as const)('%s of an SLO window of %i s lasts %i s', (window, windowSeconds, seconds) =>
    expect(burnWindowSeconds(window, { windowSeconds })).toBe(seconds),
  );
});

describe('ALERT_RULES', () => {
  it('are the Workbook table: 14.4× over 1h/5m and 6× over 6h/30m page; 3× over 1d/2h and 1× over 3d/6h ticket', () => {
    expect(ALERT_RULES.map((r) => [r.name, r.severity, r.long, r.short, r.factor])).toEqual([
      ['page-1h', 'page', '1h', '5m', 14.4],
      ['page-6h', 'page', '6h', '30m', 6],
      ['ticket-1d', 'ticket', '1d', '2h', 3],
      ['ticket-3d', 'ticket', '3d', '6h', 1],
    ]);
  });
});
