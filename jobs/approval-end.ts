import { describeChange } from '../src/blocks/changes.js';
import { announcement, escape, type ChangeStatus } from '../src/blocks/gitops.js';
import { expire } from '../src/domain/approvals.js';
import type { HeldChange } from '../src/adapters/approval-ledger.js';
import type { ApprovalEndJob } from '../src/queues/approvals.js';
import { channelWords, heldCard } from './approvals.js';
import type { Processor } from './run-job.js';

/**
 * Ends an approval request without a commit and says so where people look: the request loses its buttons, the
 * change's announcement says how it ended, and a reply in its thread says why. `expired` (a delayed job) ends a
 * request still open; `rejected` tells a rejection the press already recorded.
 */
export const approvalEndProcessor: Processor<ApprovalEndJob, string> = async ({ deps, data }) => {
  let held: HeldChange | undefined;
  if (data.end === 'expired') {
    const result = await deps.approvals.update(data.id, (now) => {
      const quorum = expire(now.quorum, Date.now());
      return quorum && { ...now, quorum };
    });
    held = result?.after;
  } else {
    const found = await deps.approvals.get(data.id);
    held = found?.quorum.state === 'rejected' ? found : undefined;
  }
  // Approved, or rejected before it expired: nothing to end.
  if (!held) return 'not-open';

  const { job, quorum } = held;
  const t = channelWords(deps, job);
  const description = describeChange(t, job.change);
  const rejection = quorum.rejection ?? { by: '', reason: '' };
  const status: ChangeStatus =
    data.end === 'expired' ? { kind: 'expired' } : { kind: 'rejected', by: rejection.by, reason: rejection.reason };
  // Updates first (a retry repeats them harmlessly), the thread reply last.
  if (held.card) await deps.chat.update(held.card.channel, held.card.ts, heldCard(deps, data.id, held));
  const thread = job.announcement;
  if (thread) await deps.chat.update(thread.channel, thread.ts, announcement(t, job.requester.id, description, status));
  const reply =
    data.end === 'expired'
      ? t('approvals.thread.expired', { description, count: quorum.approvers.length, min: quorum.min })
      : t('approvals.thread.rejected', { description, by: rejection.by, reason: escape(rejection.reason) });
  await deps.chat.post(thread?.channel ?? job.channel, { text: reply }, thread?.ts ?? held.card?.ts);
  return data.end;
};
