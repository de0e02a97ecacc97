import type { AlertRule, BurnWindow, SloSpec } from './types.js';

/**
 * The SRE Workbook's multi-window, multi-burn-rate alerts (chapter 5, "Alerting on SLOs", table 5-8): a page when
 * 2 % of a 30-day budget burns in an hour or 5 % in six hours, a ticket for 10 % in a day or 10 % in three days;
 * the short window (1/12 of the long one) makes the alert stop soon after the burn does.
 */
export const ALERT_RULES: readonly AlertRule[] = [
  { name: 'page-1h', severity: 'page', long: '1h', short: '5m', factor: 14.4 },
  { name: 'page-6h', severity: 'page', long: '6h', short: '30m', factor: 6 },
  { name: 'ticket-1d', severity: 'ticket', long: '1d', short: '2h', factor: 3 },
  { name: 'ticket-3d', severity: 'ticket', long: '3d', short: '6h', factor: 1 },
];

const UNIT_SECONDS = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** `30s`, `5m`, `1h`, `1d`, `1w` and combinations in that order (`1h30m`), in seconds; undefined if not one, or 0. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') return undefined;
  const [, w, d, h, m, s] = match.map((part) => Number(part ?? 0));
  const seconds =
    w! * UNIT_SECONDS.w + d! * UNIT_SECONDS.d + h! * UNIT_SECONDS.h + m! * UNIT_SECONDS.m + s! * UNIT_SECONDS.s;
  return seconds > 0 ? seconds : undefined;
}

/** A PromQL range (`5s`, `1h`, `1h30m`) for a number of seconds, rounded to whole seconds (at least 1 s). */
export function promDuration(seconds: number): string {
  let left = Math.max(1, Math.round(seconds));
  let text = '';
  for (const [unit, size] of [
    ['d', UNIT_SECONDS.d],
    ['h', UNIT_SECONDS.h],
    ['m', UNIT_SECONDS.m],
    ['s', UNIT_SECONDS.s],
  ] as const) {
    if (left >= size) {
      text += `${Math.floor(left / size)}${unit}`;
      left %= size;
    }
  }
  return text;
}

/** The Workbook's windows are for a 30-day SLO window; 28 days and more use them as written. */
const WORKBOOK_WINDOW_SECONDS = 30 * UNIT_SECONDS.d;
const REAL_WINDOW_SECONDS = 28 * UNIT_SECONDS.d;

/**
 * The length in seconds of a burn window for an SLO. A window shorter than 28 days is a 30-day window sped up by
 * 30d ÷ window, so each burn window shrinks by the same factor (SLO window 12h: 1h → 60 s, 5m → 5 s); the burn-rate
 * thresholds stay as they are, since they are ratios of budget spent to time elapsed. Whole seconds (PromQL).
 */
export function burnWindowSeconds(window: BurnWindow, spec: Pick<SloSpec, 'windowSeconds'>): number {
  const seconds = parseDuration(window)!;
  if (spec.windowSeconds >= REAL_WINDOW_SECONDS) return seconds;
  return Math.max(1, Math.round((seconds * spec.windowSeconds) / WORKBOOK_WINDOW_SECONDS));
}
