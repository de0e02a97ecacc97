import type { Person, Posted } from '../domain/chat.js';
import type { MessageParams } from '../domain/errors.js';
import { safeJobId, type JobQueue, type RequestOrigin } from './queue.js';

/** The queue of changes to the GitOps repo: each job is one commit, announced in its channel. */
export const GITOPS_QUEUE = 'gitops';

export interface DeployChange {
  readonly kind: 'deploy';
  readonly app: string;
  readonly image: string;
}
export interface ScaleChange {
  readonly kind: 'scale';
  readonly app: string;
  readonly replicas: number;
}
export interface RollbackChange {
  readonly kind: 'rollback';
  readonly app: string;
  /** The commit to revert; the app's last Kanaria change when absent. */
  readonly commit?: string;
}
/** `/promote`: the image running in one stage of a pipeline, copied into the next (`app` is the target stage's). */
export interface PromoteChange {
  readonly kind: 'promote';
  readonly app: string;
  readonly pipeline: string;
  readonly from: { readonly stage: string; readonly app: string };
  readonly to: { readonly stage: string };
}
/** Every kind of change, by its `kind`: jobs/changes.ts keeps one runner per key. */
export interface ChangeKinds {
  readonly deploy: DeployChange;
  readonly scale: ScaleChange;
  readonly rollback: RollbackChange;
  readonly promote: PromoteChange;
}
export type Change = ChangeKinds[keyof ChangeKinds];

/**
 * A break-glass override (`--override "<reason>"`): the change goes ahead despite the error budget or a freeze once
 * a second person allowed by `policies.<env>.override` approved it.
 */
export interface Override {
  readonly reason: string;
  /** Set on the job that carries the change on once approved (never the requester). */
  readonly approvedBy?: Person;
  /** The approval request's message, updated once approved. */
  readonly card?: Posted;
}

/** The quorum a change waited for (policies.<env>.approvals), set on the job that carries it on once reached. */
export interface QuorumReached {
  /** The request's id (src/adapters/approval-ledger.ts). */
  readonly id: string;
  /** In the order they approved; each goes into the commit's `Approved-by:` trailers. */
  readonly approvedBy: readonly Person[];
}

/** A change of the GitOps repo; everything a retry needs to finish it. */
export interface GitopsJob extends RequestOrigin {
  readonly change: Change;
  readonly requester: Person;
  readonly requestedAt: number;
  readonly override?: Override;
  readonly quorum?: QuorumReached;
  /** `--when-open`: inside a freeze, wait for it to end instead of being refused. */
  readonly whenOpen?: boolean;
  /** Unix ms the job was parked until (a freeze's end): set once it waits. */
  readonly waitingUntil?: number;
  /** The in-channel message, once posted: a retry updates it instead of posting again. */
  readonly announcement?: Posted;
  /** Unix seconds when an attempt began posting the announcement (see jobs/announce.ts). */
  readonly announcing?: number;
  /** Thread replies already posted, by kind. */
  readonly replied?: readonly string[];
  /**
   * Why it failed for good, as a catalog key and its facts (set on its last attempt; absent for an error without
   * one): whoever waits on the change (an idle-GPU offer) words it in its own channel's language.
   */
  readonly failure?: { readonly key: string; readonly params: MessageParams };
}

/** One job per request: a redelivered request finds the job it already enqueued. */
export const gitopsJobId = (requestId: string): string => safeJobId('gitops', requestId);

/** A break-glass request can be approved for this long; then it is gone and the requester asks again. */
export const OVERRIDE_TTL_HOURS = 24;

/** The job that carries a change on once its override is approved: one per request, whoever presses. */
export const approvedJobId = (requestId: string): string => safeJobId('gitops-approved', requestId);

/** The job that carries a change on once enough people approved it: one per request, whoever presses last. */
export const quorumJobId = (requestId: string): string => safeJobId('gitops-quorum', requestId);

/** How a change may pass the gate: with an override reason, or waiting for a freeze to end. */
export interface GateOptions {
  readonly override?: string;
  readonly whenOpen?: boolean;
}

/** Enqueues a change once per request. */
export const enqueueChange = (
  queue: JobQueue<GitopsJob>,
  origin: RequestOrigin,
  change: Change,
  requester: Person,
  gate: GateOptions = {},
): Promise<{ duplicate: boolean }> =>
  queue.add(gitopsJobId(origin.requestId), {
    change,
    requester,
    channel: origin.channel,
    requestId: origin.requestId,
    requestedAt: Date.now(),
    ...(origin.responseUrl !== undefined && { responseUrl: origin.responseUrl }),
    ...(gate.override !== undefined && { override: { reason: gate.override } }),
    ...(gate.whenOpen && { whenOpen: true }),
  });
