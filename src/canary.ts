import type { Person, Posted } from './chat.js';
import type { RolloutAction, RolloutNotice } from './domain/rollout.js';
import { jobId } from './queue.js';

export const CANARY_QUEUE = 'canary';

/** Show the app's canary card, or press one of its buttons (or type the same as a command). */
export type CanaryJob =
  | {
      readonly kind: 'card';
      readonly app: string;
      readonly requester: Person;
      readonly channel: string;
      readonly threadTs?: string;
      readonly responseUrl?: string;
    }
  | {
      readonly kind: 'action';
      readonly app: string;
      readonly action: RolloutAction;
      /** Where the rollout stood when the card was drawn (rolloutPosition); absent when typed as a command. */
      readonly position?: string;
      readonly requester: Person;
      readonly channel: string;
      /** The card whose button was pressed: updated in place. */
      readonly card?: Posted;
      readonly responseUrl?: string;
    }
  /** From the Rollout watch: post or update the card, or alert the app's channel. */
  | {
      readonly kind: 'notice';
      readonly app: string;
      readonly notice: RolloutNotice;
      readonly requester?: undefined;
      readonly channel?: undefined;
      readonly responseUrl?: undefined;
    };

/** A press, as the card shows it: "Promoted to step 3 by @ana at 10:42". */
export interface Press {
  readonly action: RolloutAction;
  readonly by: string;
  readonly at: number;
  /** 1-based step after the press, when there are steps. */
  readonly step?: number;
  /** rolloutPosition before the press. */
  readonly from: string;
}

/** The card of each app's current canary, and the last press on it, shared by all replicas. */
export interface CardRegistry {
  card(app: string): Promise<(Posted & { revision?: string }) | undefined>;
  setCard(app: string, card: Posted & { revision?: string }): Promise<void>;
  lastPress(app: string): Promise<Press | undefined>;
  setLastPress(app: string, press: Press): Promise<void>;
  /** The announcement of the app's last deploy through Kanaria: its card goes into that thread. */
  deployThread(app: string): Promise<Posted | undefined>;
  /**
   * Counts a passing analysis of a revision; returns how many passed in a row. `run` names the analysis, so
   * the same one counted again (a retried job) still counts once.
   */
  countPass(app: string, revision: string, run: string): Promise<number>;
  /** A non-pass (or a promotion) starts the count again. */
  resetPasses(app: string, revision: string): Promise<void>;
  setDeployThread(app: string, thread: Posted): Promise<void>;
}

/** Job ids: a press of one button at one position of the rollout is done once, whoever presses. */
export const canaryActionJobId = (app: string, action: RolloutAction, position: string): string =>
  jobId('canary', app, action, position);
