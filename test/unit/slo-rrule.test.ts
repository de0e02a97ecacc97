import { describe, expect, it } from 'vitest';
import { readRrule } from '../../src/domain/slo/rrule.js';

describe('readRrule: what the lax rrule package accepts is checked too', () => {
  it.each([
    'FREQ=WEEKLY;BYDAY=FR',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU',
    'FREQ=MONTHLY;BYDAY=-1FR',
    'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20',
    'RRULE:FREQ=DAILY;COUNT=3',
  ])('reads %s', (text) => expect(readRrule(text)).toHaveProperty('options'));

  it.each([
    ['nonsense', "Unknown RRULE property 'nonsense'"],
    ['FREQ=SOMETIMES', 'FREQ is missing or not a frequency'],
    ['BYDAY=FR', 'FREQ is missing or not a frequency'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY takes MO, TU, WE, TH, FR, SA, SU'],
    ['FREQ=DAILY;COUNT=abc', 'COUNT is not a number'],
    ['FREQ=DAILY;TZID=Asia/Tokyo', 'DTSTART and TZID belong in `start` and `timezone`'],
  ])('refuses %s: %s', (text, error) => expect(readRrule(text)).toEqual({ error }));
});
