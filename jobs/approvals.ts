import { quorumCard } from '../src/blocks/approvals.js';
import { describeChange } from '../src/blocks/changes.js';
import type { ChangeStatus } from '../src/blocks/gitops.js';
import { approvalPolicy } from '../src/domain/approvals.js';
import type { JobDeps } from '../src/boot/deps.js';
import type { HeldChange } from '../src/adapters/approval-ledger.js';
import { chooseLocale, wordsFor, type Words } from '../src/i18n/index.js';
import { approvalEndJobId, ENDED_KEPT_SECONDS, quorumRequestId } from '../src/queues/approvals.js';
import type { GitopsJob } from '../src/queues/gitops.js';
import type { JobContext } from './run-job.js';

/*
 * Quorum approvals (issue 15), the job's side: a forward change into an environment whose policy names
 * `approvals` is held in Redis with a request in its thread (Approve / Reject), and the job ends. The last
 * approval needed (commands/quorum.ts) enqueues it again with the approvers, and that job goes ahead here.
 */

/** How the gate speaks in the change's announcement (jobs/gitops.ts gives it). */
export interface QuorumVoice {
  say(status: ChangeStatus): Promise<unknown>;
}

/** The channel's words: the request is for everyone there. */
export const channelWords = (deps: Pick<JobDeps, 'config'>, job: GitopsJob): Words =>
  wordsFor(chooseLocale(deps.config.locale, { channel: job.channel }));

/** The request message of a held change as it stands now. */
export function heldCard(deps: Pick<JobDeps, 'config'>, id: string, held: HeldChange) {
  const t = channelWords(deps, held.job);
  const rule = approvalPolicy(deps.config, held.quorum.environment)?.rule ?? `policies.${held.quorum.environment}`;
  return quorumCard(t, { id, description: describeChange(t, held.job.change), rule, quorum: held.quorum });
}

/**
 * Runs after freeze windows and the error budget let a change through (jobs/gate.ts): `go` when no quorum is
 * required (no `approvals` policy, or not a forward change) or it was reached; else the change is held and the
 * job ends (`awaiting-approval`). Any kind of change (deploy, scale-up, promote) comes through here.
 */
export async function quorumGate(
  context: JobContext<GitopsJob>,
  voice: QuorumVoice,
  isForward: () => Promise<boolean>,
): Promise<'go' | 'awaiting-approval'> {
  const { deps, data } = context;
  if (data.quorum) return 'go';
  const environment = context.app().environment;
  const policy = approvalPolicy(deps.config, environment);
  if (!policy || !(await isForward())) return 'go';

  const id = quorumRequestId(data.requestId);
  const now = Date.now();
  const { min } = policy.approvals;
  const expiresAt = now + policy.expiresAfterSeconds * 1000;
  // A retry of this job finds the request it opened (and its approvals) instead of opening another.
  let held = await deps.approvals.open(
    id,
    {
      job: context.job.data,
      quorum: { environment, requesterId: data.requester.id, min, expiresAt, approvers: [], state: 'open' },
    },
    policy.expiresAfterSeconds + ENDED_KEPT_SECONDS,
  );
  // A request that already ended (this job run again after it was rejected or expired) is told by its end job.
  if (held.quorum.state !== 'open') return 'awaiting-approval';
  await deps.queues.approvals.add(
    approvalEndJobId(id, 'expired'),
    { id, app: data.change.app, end: 'expired' },
    { delayMs: Math.max(0, held.quorum.expiresAt - now) },
  );
  if (!held.card) {
    // In the change's thread; in the channel when the announcement could not be posted.
    const thread = data.announcement;
    const card = heldCard(deps, id, held);
    const posted = await deps.chat.post(thread?.channel ?? data.channel, card, thread?.ts);
    held = (await deps.approvals.update(id, (now) => (now.card ? undefined : { ...now, card: posted })))?.after ?? held;
  }
  await voice.say({ kind: 'awaiting-approvals', min: held.quorum.min });
  return 'awaiting-approval';
}
