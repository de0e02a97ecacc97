import type { BurnWindow, SloSpec } from '../domain/slo/types.js';

/*
 * Stand-ins for piece A's src/domain/slo/windows.ts (burnWindowSeconds, promDuration, parseDuration), with the
 * signatures of the shared design, until it lands on main: then this file goes and slo-source.ts imports those.
 */

const THIRTY_DAYS = 30 * 86_400;
const UNITS: readonly (readonly [string, number])[] = [
  ['y', 365 * 86_400],
  ['w', 7 * 86_400],
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** Seconds of a duration as kanaria.yaml writes it (`30d`, `12h`, `1h30m`); undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!match || text.trim() === '') return undefined;
  const [w, d, h, m, s] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
  const seconds = w * 604_800 + d * 86_400 + h * 3_600 + m * 60 + s;
  return seconds > 0 ? seconds : undefined;
}

/** PromQL range text for whole seconds, largest units first as Prometheus prints durations (`5s`, `1h`, `4w`). */
export function promDuration(seconds: number): string {
  let left = Math.max(1, Math.round(seconds));
  let text = '';
  for (const [unit, size] of UNITS) {
    if (left >= size) {
      text += `${Math.floor(left / size)}${unit}`;
      left %= size;
    }
  }
  return text;
}

const NOMINAL: Record<BurnWindow, number> = {
  '5m': 300,
  '30m': 1_800,
  '1h': 3_600,
  '2h': 7_200,
  '6h': 21_600,
  '1d': 86_400,
  '3d': 259_200,
};

/** A burn window's length for this SLO: as named for 28 days or more; scaled by window ÷ 30 d below (sped-up SLOs). */
export function burnWindowSeconds(window: BurnWindow, spec: SloSpec): number {
  const nominal = NOMINAL[window];
  return spec.windowSeconds >= 28 * 86_400
    ? nominal
    : Math.max(1, Math.round((nominal * spec.windowSeconds) / THIRTY_DAYS));
}
