import * as rrulePackage from 'rrule';
import type { Options } from 'rrule';

// Node loads rrule's CommonJS build, whose classes sit behind `default`; a bundler may load its ESM build instead.
const { RRule } =
  'RRule' in rrulePackage ? rrulePackage : (rrulePackage as unknown as { default: typeof rrulePackage }).default;

/**
 * Reads an RFC 5545 RRULE (without `RRULE:` and without DTSTART: a freeze window's `start` is that) with the `rrule`
 * package, which is lax: it takes `FREQ=SOMETIMES` or `BYDAY=XX` without a word, so what it makes of the text is
 * checked too. Returns the options, or the reason in words.
 */
export function readRrule(text: string): { options: Partial<Options> } | { error: string } {
  let options: Partial<Options>;
  try {
    options = RRule.parseString(text.replace(/^RRULE:/i, ''));
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (options.freq === undefined || options.freq === null) return { error: 'FREQ is missing or not a frequency' };
  // rrule reads a TZID part as an empty DTSTART: the keys tell that either was given.
  if ('dtstart' in options || 'tzid' in options) return { error: 'DTSTART and TZID belong in `start` and `timezone`' };
  const weekdays = options.byweekday;
  if (Array.isArray(weekdays) && weekdays.some((day) => day === null || day === undefined))
    return { error: 'BYDAY takes MO, TU, WE, TH, FR, SA, SU' };
  for (const [key, value] of Object.entries(options)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' || (typeof v === 'number' && !Number.isFinite(v))))
      return { error: `${key.toUpperCase()} is not a number` };
  }
  try {
    new RRule({ ...options, dtstart: new Date(0) }).all((_, index) => index < 1);
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { options };
}

export { RRule };
