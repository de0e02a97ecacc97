import type { SloSpec } from './types.js';

/**
 * The share of an SLO's error budget that an error ratio over `seconds` spent (issue 14 item 6): the bad
 * fraction of that time's events, weighed by the time's share of the SLO window, over the budget
 * (1 − objective). 1 = the whole budget, at the same traffic throughout the window.
 */
export const budgetSpent = (ratio: number, seconds: number, spec: SloSpec): number =>
  (ratio * seconds) / spec.windowSeconds / (1 - spec.objective / 100);
