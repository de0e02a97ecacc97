import type { Person, Posted } from '../domain/chat.js';
import type { RolloutMove } from '../domain/outside.js';
import type { RolloutAction, RolloutNotice } from '../domain/rollout.js';
import { jobId, safeJobId } from './queue.js';

/** The queue of canary cards: post one, press one of its buttons, or act on what the Rollout watch saw. */
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
  /** From the Rollout watch (or a rollback that aborted the canary): post or update the card, or alert the app's channel. */
  | {
      readonly kind: 'notice';
      readonly app: string;
      readonly notice: RolloutNotice;
      /** A person's promote or abort the watch saw (src/domain/outside.ts): said when Kanaria did not make it. */
      readonly move?: RolloutMove;
      readonly requester?: undefined;
      readonly channel?: undefined;
      readonly responseUrl?: undefined;
    };

/** A typed `/canary` (card or press): one job per request, so a redelivery does nothing. */
export const canaryRequestJobId = (requestId: string): string => safeJobId('canary', requestId);

/** A press of one button at one position of the rollout is done once, whoever presses. */
export const canaryActionJobId = (app: string, action: RolloutAction, position: string): string =>
  jobId('canary', app, action, position);

/** A notice once per app and `once` key (the watch: see noticeOnceKey; a rollback: its request). */
export const rolloutNoticeJobId = (app: string, notice: string, once: string): string =>
  jobId('rollout', app, notice, once);
