import { createHash } from 'node:crypto';
import { jobId } from './queue.js';

/** The queue of quorum-approval requests' expiries (policies.<env>.approvals.expiresAfter): delayed jobs. */
export const APPROVALS_QUEUE = 'approvals';

/**
 * How an approval request ends without a commit (jobs/approval-end.ts): `expired` ends it if still open when the
 * delayed job runs; `rejected` tells a rejection already recorded (commands/quorum.ts) in the thread and the
 * announcement.
 */
export interface ApprovalEndJob {
  /** The request's id (src/adapters/approval-ledger.ts). */
  readonly id: string;
  readonly app: string;
  readonly end: 'expired' | 'rejected';
  /** Nobody waits for the answer: it is for the change's thread. */
  readonly requester?: undefined;
}

/** One job per request and ending, however often the held change's job or a press is retried. */
export const approvalEndJobId = (id: string, end: ApprovalEndJob['end']): string => jobId('approval', end, id);

/** The id of a quorum-approval request: short enough to type (`/approve <id>`), stable per change request. */
export const quorumRequestId = (requestId: string): string =>
  createHash('sha256').update(`quorum:${requestId}`).digest('hex').slice(0, 10);

/** The ledger keeps an ended request this long past its expiry, so a late press is told how it ended. */
export const ENDED_KEPT_SECONDS = 7 * 24 * 3600;
