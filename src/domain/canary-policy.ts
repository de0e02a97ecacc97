import type { Config } from './config.js';
import { policyFor } from './policy.js';
import type { RolloutAction } from './rollout.js';

/** What the checks need of a press already carried out on the card: which button, from which position. */
export interface PastPress {
  readonly action: RolloutAction;
  readonly from: string;
}

/** Whether a button press may go ahead as the rollout stands, or which rule refuses it (with its facts). */
export type PressDecision<P extends PastPress = PastPress> =
  | { readonly allowed: true }
  /** The same button at the same position was pressed already (a double click, or two people at once). */
  | { readonly allowed: false; readonly rule: 'already-done'; readonly last: P }
  /** The card was drawn at another position: the rollout has moved on since. */
  | { readonly allowed: false; readonly rule: 'card-out-of-date' }
  /** The rollout offers no such action now (e.g. nothing to promote once it is fully promoted). */
  | { readonly allowed: false; readonly rule: 'nothing-to-do' };

/**
 * Checks a press of a canary card's button against where the rollout stands. `cardPosition` is where it stood
 * when the card was drawn (absent when the action was typed as a command, which is never out of date).
 */
export function checkPress<P extends PastPress>(press: {
  readonly action: RolloutAction;
  readonly cardPosition?: string | undefined;
  readonly position: string;
  readonly available: readonly RolloutAction[];
  readonly last?: P | undefined;
}): PressDecision<P> {
  const { action, cardPosition, position, available, last } = press;
  if (cardPosition !== undefined && last && last.from === cardPosition && last.action === action)
    return { allowed: false, rule: 'already-done', last };
  if (cardPosition !== undefined && cardPosition !== position) return { allowed: false, rule: 'card-out-of-date' };
  if (!available.includes(action)) return { allowed: false, rule: 'nothing-to-do' };
  return { allowed: true };
}

/** The change rolling out: the app's last commit, and the Slack user it was made for (its trailer), if any. */
export interface LastChange {
  readonly sha: string;
  readonly slackUser?: string | undefined;
}

/** The two-person rule's answer: why a press is allowed, or the rule that refuses it and the commit it names. */
export type TwoPersonDecision =
  | { readonly allowed: true; readonly why: 'not-a-promotion' | 'rule-off' | 'someone-else-made-it' }
  | { readonly allowed: false; readonly rule: string; readonly commit: string };

const isPromotion = (action: RolloutAction): boolean => action === 'promote' || action === 'promote-full';

/** Whether the rule has to know who made the change (so the caller reads the last commit only then). */
export const twoPersonRuleApplies = (
  config: Pick<Config, 'policies'>,
  environment: string,
  action: RolloutAction,
): boolean => isPromotion(action) && policyFor(config, environment)?.policy.twoPersonRule === true;

/**
 * The two-person rule of the app's environment (`policies.<env>.twoPersonRule`, falling back to `default`):
 * whoever made the change that is rolling out may not promote it themselves. Aborting and retrying stay open
 * to everyone allowed; a change made outside Kanaria (no Slack user on the commit) names nobody.
 */
export function twoPersonRule(input: {
  readonly config: Pick<Config, 'policies'>;
  readonly environment: string;
  readonly action: RolloutAction;
  readonly presser: string;
  readonly lastChange?: LastChange | undefined;
}): TwoPersonDecision {
  if (!isPromotion(input.action)) return { allowed: true, why: 'not-a-promotion' };
  const found = policyFor(input.config, input.environment);
  if (!found?.policy.twoPersonRule) return { allowed: true, why: 'rule-off' };
  const change = input.lastChange;
  if (change?.slackUser === undefined || change.slackUser !== input.presser)
    return { allowed: true, why: 'someone-else-made-it' };
  return { allowed: false, rule: `policies.${found.name}.twoPersonRule`, commit: change.sha };
}
