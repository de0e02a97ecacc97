import type { RolloutAction } from './rollout.js';

/** A press of a canary button, as the card shows it: "Promoted to step 3 by @ana at 10:42". */
export interface Press {
  readonly action: RolloutAction;
  readonly by: string;
  readonly at: number;
  /** 1-based step after the press, when there are steps. */
  readonly step?: number;
  /** rolloutPosition before the press. */
  readonly from: string;
}
