import type { Person } from './chat.js';
import type { Config } from './config.js';
import type { ApprovalsConfig } from './pipeline-config.js';
import { matchPrincipal, policyFor, type Identity } from './policy.js';
import { parseDuration } from './slo/windows.js';

/**
 * Quorum approvals (issue 15): a forward change into an environment whose policy names `approvals` waits until
 * `min` distinct people allowed by `from` approved it, never counting the requester. Pure: the ledger keeps the
 * record (src/adapters/approval-ledger.ts), these functions decide what a press or the clock does to it.
 */

/** Where a request stands: open until enough approvals, a rejection, or its expiry end it. */
export type QuorumState = 'open' | 'approved' | 'rejected' | 'expired';

/** What a request is decided on; the ledger stores it beside the held change. */
export interface Quorum {
  readonly environment: string;
  readonly requesterId: string;
  /** Approvals needed, as the policy said when the change was held. */
  readonly min: number;
  /** Unix ms: no press counts from then on. */
  readonly expiresAt: number;
  /** Who approved, in order; never the requester, never twice the same person. */
  readonly approvers: readonly Person[];
  readonly state: QuorumState;
  readonly rejection?: { readonly by: string; readonly reason: string };
}

/** The approval policy of an environment (its own policy, else `default`), with its expiry in seconds. */
export function approvalPolicy(
  config: Pick<Config, 'policies'>,
  environment: string,
): { rule: string; approvals: ApprovalsConfig; expiresAfterSeconds: number } | undefined {
  const found = policyFor(config, environment);
  const approvals = found?.policy.approvals;
  if (!found || !approvals) return undefined;
  // The schema checked the duration; 4 h is its default.
  const expiresAfterSeconds = parseDuration(approvals.expiresAfter) ?? 4 * 3600;
  return { rule: `policies.${found.name}.approvals`, approvals, expiresAfterSeconds };
}

/** Why a press is refused: the catalog words each (`approvals.refused.<why>`). */
export type PressRefusal = 'self' | 'forbidden' | 'expired' | 'rejected' | 'approved';

export type ApproveOutcome =
  | { readonly kind: 'refused'; readonly why: PressRefusal }
  /** This person's approval was already counted (a double click). */
  | { readonly kind: 'duplicate' }
  /** Counted; `complete` when it was the last one needed (the change goes ahead). */
  | { readonly kind: 'counted'; readonly quorum: Quorum; readonly complete: boolean };

/** Whether `who` is one of the principals of `approvals.from` (users, groups, e-mails, "*"). */
export const mayApproveQuorum = (config: Pick<Config, 'policies'>, environment: string, who: Identity): boolean => {
  const from = approvalPolicy(config, environment)?.approvals.from ?? [];
  return matchPrincipal(from, who) !== undefined;
};

/** The state a press meets: an open request past its expiry is expired even before the expiry job ran. */
const stateAt = (quorum: Quorum, now: number): QuorumState =>
  quorum.state === 'open' && now >= quorum.expiresAt ? 'expired' : quorum.state;

/** Checks shared by Approve and Reject: the request is open, and the presser is allowed and not the requester. */
function refusalOf(quorum: Quorum, who: Identity, allowed: boolean, now: number): PressRefusal | undefined {
  const state = stateAt(quorum, now);
  if (state !== 'open') return state;
  if (who.userId === quorum.requesterId) return 'self';
  return allowed ? undefined : 'forbidden';
}

/** An Approve press by `approver` (`allowed`: listed in `from`), at `now`. */
export function approve(quorum: Quorum, approver: Person, allowed: boolean, now: number): ApproveOutcome {
  if (quorum.approvers.some((p) => p.id === approver.id) && stateAt(quorum, now) === 'open')
    return { kind: 'duplicate' };
  const why = refusalOf(quorum, { userId: approver.id, groups: approver.groups }, allowed, now);
  if (why) return { kind: 'refused', why };
  const approvers = [...quorum.approvers, approver];
  const complete = approvers.length >= quorum.min;
  return { kind: 'counted', complete, quorum: { ...quorum, approvers, state: complete ? 'approved' : 'open' } };
}

export type RejectOutcome =
  { readonly kind: 'refused'; readonly why: PressRefusal } | { readonly kind: 'rejected'; readonly quorum: Quorum };

/** A rejection by `who` (someone who could approve, not the requester): it ends the request. */
export function reject(quorum: Quorum, who: Identity, allowed: boolean, reason: string, now: number): RejectOutcome {
  const why = refusalOf(quorum, who, allowed, now);
  if (why) return { kind: 'refused', why };
  return { kind: 'rejected', quorum: { ...quorum, state: 'rejected', rejection: { by: who.userId, reason } } };
}

/** The clock: an open request past its expiry ends as expired; anything else is left as it is (undefined). */
export const expire = (quorum: Quorum, now: number): Quorum | undefined =>
  quorum.state === 'open' && now >= quorum.expiresAt ? { ...quorum, state: 'expired' } : undefined;
