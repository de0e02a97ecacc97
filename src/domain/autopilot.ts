import type { Verdict, VerdictReason } from './verdict.js';

/** What autopilot does after an analysis, and why (the facts its note tells). */
export type AutopilotDecision =
  /** A failing verdict aborts the canary at once. */
  | { readonly act: 'abort'; readonly why: 'verdict-failed'; readonly reason: VerdictReason; readonly score: number }
  /** Enough passing verdicts in a row for this revision: promote. */
  | { readonly act: 'promote'; readonly why: 'enough-passes'; readonly streak: number }
  /**
   * A pass that does not promote yet: too few in a row, or enough but the Rollout is Degraded (never promoted
   * while it is).
   */
  | {
      readonly act: 'wait';
      readonly why: 'counting-passes' | 'degraded';
      readonly streak: number;
      readonly passes: number;
    }
  /** An inconclusive verdict does nothing (and the caller starts the count again). */
  | { readonly act: 'wait'; readonly why: 'inconclusive' };

/**
 * Autopilot's decision from the latest verdict and the passes in a row so far for this revision (`streak`,
 * including this one when it passed): abort on a fail, promote after `passes` passes in a row, else wait.
 */
export function autopilotDecision(input: {
  readonly verdict: Pick<Verdict, 'verdict' | 'reason' | 'score'>;
  readonly streak: number;
  readonly passes: number;
  readonly phase?: string | undefined;
}): AutopilotDecision {
  const { verdict, streak, passes } = input;
  if (verdict.verdict === 'fail')
    return { act: 'abort', why: 'verdict-failed', reason: verdict.reason, score: verdict.score };
  if (verdict.verdict !== 'pass') return { act: 'wait', why: 'inconclusive' };
  if (streak < passes) return { act: 'wait', why: 'counting-passes', streak, passes };
  if (input.phase === 'Degraded') return { act: 'wait', why: 'degraded', streak, passes };
  return { act: 'promote', why: 'enough-passes', streak };
}
