import type { Locale } from '../domain/locale.js';
import { wallAt } from '../domain/slo/wall-clock.js';
import { TIME_AXIS_FORMATS } from './locale.js';

/*
 * Times in a chart are drawn in one time zone, UTC unless the caller names another. Vega knows only UTC and the
 * process' local zone, so a time in another zone is shifted by that zone's offset at that instant and drawn as
 * UTC: the labels then read as wall-clock time there (daylight saving included).
 */

/** The offset of `zone` from UTC at the instant `ms`, in milliseconds (Asia/Tokyo: +9 h). */
export const zoneOffsetMs = (ms: number, zone: string): number =>
  zone === 'UTC' ? 0 : wallAt(ms, zone) - Math.floor(ms / 1000) * 1000;

/** Unix seconds as the milliseconds a chart in `zone` plots (on a UTC time scale). */
export const chartTime = (unixSeconds: number, zone = 'UTC'): number =>
  unixSeconds * 1000 + zoneOffsetMs(unixSeconds * 1000, zone);

/** A time axis in `locale`'s words and formats: the x encoding's `scale` and `axis` (the title names the zone). */
export function timeAxis(locale: Locale, title: string) {
  return {
    scale: { type: 'utc' as const },
    axis: { title, format: { ...TIME_AXIS_FORMATS[locale] }, formatType: 'utcFormat', labelOverlap: true },
  };
}
