import { describe, expect, it } from 'vitest';
import { chartTime, zoneOffsetMs } from '../../src/charts/time.js';
import { textWidth } from '../../src/charts/text-width.js';

const HOUR = 3_600_000;

describe('zoneOffsetMs', () => {
  it.each([
    ['UTC', '2024-01-15T12:00:00Z', 0],
    ['Asia/Tokyo', '2024-01-15T12:00:00Z', 9 * HOUR],
    ['Europe/Berlin', '2024-01-15T12:00:00Z', 1 * HOUR],
    ['Europe/Berlin', '2024-07-15T12:00:00Z', 2 * HOUR],
    ['America/New_York', '2024-01-15T12:00:00Z', -5 * HOUR],
    ['Asia/Kolkata', '2024-01-15T12:00:00Z', 5.5 * HOUR],
  ])('%s at %s is %d ms from UTC', (zone, at, offset) => {
    expect(zoneOffsetMs(Date.parse(at), zone)).toBe(offset);
  });

  it('plots a time as its wall-clock time in the zone, read as UTC', () => {
    const noon = Date.parse('2024-07-15T12:00:00Z') / 1000;
    expect(new Date(chartTime(noon, 'Europe/Berlin')).toISOString()).toBe('2024-07-15T14:00:00.000Z');
    expect(new Date(chartTime(noon)).toISOString()).toBe('2024-07-15T12:00:00.000Z');
  });
});

describe('textWidth', () => {
  it.each([
    ['Time (UTC)', 10, 57],
    ['時刻（UTC）', 10, 61],
    ['', 10, 0],
  ])('%j at %d px is %d px', (text, size, width) => {
    expect(textWidth(text, size)).toBe(width);
  });

  it('gives a Japanese character a full em, wider than Vega’s 0.8 em estimate, and bold a little more', () => {
    expect(textWidth('カナリア', 10)).toBe(40);
    expect(textWidth('カナリア', 10, true)).toBeGreaterThan(40);
  });
});
