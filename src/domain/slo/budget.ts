import {
  BURN_WINDOWS,
  type AlertName,
  type BurnWindow,
  type SloReadings,
  type SloSpec,
  type SloStatus,
} from './types.js';
import { ALERT_RULES } from './windows.js';

/**
 * How fast the budget burns: 1 spends it exactly over the SLO window (SRE Workbook, chapter 5). Rounded to 12
 * significant digits: 1 − 0.999 is not 0.001 in binary, and a burn of exactly 1× must not read as above 1×.
 */
export const burnRate = (ratio: number, objective: number): number =>
  Number((ratio / (1 - objective / 100)).toPrecision(12));

/** What one SLO's readings mean: budget left, burn rates, alerts, when the budget runs out. */
export function sloStatus(spec: SloSpec, readings: SloReadings): SloStatus {
  const burnRates: Partial<Record<BurnWindow, number>> = {};
  for (const window of BURN_WINDOWS) {
    const ratio = readings.ratios[window];
    if (ratio !== undefined) burnRates[window] = burnRate(ratio, spec.objective);
  }
  const missing: (BurnWindow | 'window')[] = BURN_WINDOWS.filter((w) => burnRates[w] === undefined);
  if (readings.windowRatio === undefined) missing.push('window');

  const firing: AlertName[] = [];
  const undecided: AlertName[] = [];
  for (const rule of ALERT_RULES) {
    const long = burnRates[rule.long];
    const short = burnRates[rule.short];
    // The Workbook's rules fire when both windows are strictly above the factor.
    if (long !== undefined && short !== undefined) {
      if (long > rule.factor && short > rule.factor) firing.push(rule.name);
    } else if ((long ?? Infinity) > rule.factor && (short ?? Infinity) > rule.factor) {
      // A missing window cannot be read as calm unless the other one already rules the alert out.
      undecided.push(rule.name);
    }
  }

  const budgetRemaining =
    readings.windowRatio === undefined ? undefined : 1 - burnRate(readings.windowRatio, spec.objective);
  const status: SloStatus = { slo: spec, now: readings.now, burnRates, missing, firing, undecided };
  if (budgetRemaining === undefined) return status;
  return {
    ...status,
    budgetRemaining,
    outageMinutesLeft: (Math.max(0, budgetRemaining) * (1 - spec.objective / 100) * spec.windowSeconds) / 60,
    ...exhaustion(spec, readings.now, budgetRemaining, burnRates['1h']),
  };
}

/**
 * When the budget runs out if the 1 h window's burn rate `b` goes on: b spends the whole budget in one SLO
 * window, so the fraction left R lasts R × window ÷ b seconds.
 */
function exhaustion(
  spec: SloSpec,
  now: number,
  remaining: number,
  rate: number | undefined,
): { exhaustsAt?: number | null } {
  if (remaining <= 0) return { exhaustsAt: now };
  if (rate === undefined) return {};
  if (rate <= 0) return { exhaustsAt: null };
  return { exhaustsAt: now + (remaining * spec.windowSeconds) / rate };
}
