import type { Posted } from '../domain/chat.js';
import { jobId } from './queue.js';

/** The queue of error-budget work that is not a request: the cost of a release, some time after it went live. */
export const SLO_QUEUE = 'slo';

/** After how long (as named for a 30-day SLO window; sped-up windows scale it) the cost of a release is posted. */
export type CostAfter = '1h' | '1d';

/** Post, in the change's thread, the budget spent since the release went live against the same time before. */
export interface ReleaseCostJob {
  readonly app: string;
  /** What went live: the pushed commit, or the Rollout's revision for a canary fully promoted. */
  readonly revision: string;
  /** When it was seen live (unix seconds). */
  readonly liveAt: number;
  readonly after: CostAfter;
  readonly thread: Posted;
  /** Nobody asked: the post is for the thread. */
  readonly requester?: undefined;
}

/** One post per app, revision and delay, however many replicas or redeliveries saw it go live. */
export const releaseCostJobId = (app: string, revision: string, after: CostAfter): string =>
  jobId('slo-cost', app, revision, after);
