import type { HeldChange } from '../src/adapters/approval-ledger.js';
import { quorumCard } from '../src/blocks/approvals.js';
import { describeChange } from '../src/blocks/changes.js';
import type { Message } from '../src/domain/chat.js';
import {
  approvalPolicy,
  approve,
  mayApproveQuorum,
  reject,
  type ApproveOutcome,
  type PressRefusal,
  type RejectOutcome,
} from '../src/domain/approvals.js';
import { Refusal } from '../src/domain/errors.js';
import type { CommandContext } from '../src/dispatch/index.js';
import type { Deps } from '../src/boot/deps.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import { approvalEndJobId } from '../src/queues/approvals.js';
import { quorumJobId } from '../src/queues/gitops.js';

/*
 * Not a command: the presses of a quorum-approval request (policies.<env>.approvals), shared by `/approve <id>`
 * (the Approve button) and `/reject <id> "<reason>"` (the Reject button's modal). The ledger's atomic update
 * decides each press against every other, on any replica.
 */

const ruleOf = (deps: Deps, environment: string): string =>
  approvalPolicy(deps.config, environment)?.rule ?? `policies.${environment}.approvals`;

/** The refusal of a press, with the facts its words need. */
function refused(deps: Deps, held: HeldChange, why: PressRefusal): Refusal {
  const { quorum } = held;
  return new Refusal(`approvals.refused.${why}`, {
    rule: ruleOf(deps, quorum.environment),
    environment: quorum.environment,
    by: quorum.rejection?.by ?? '',
    who: quorum.approvers.map((p) => `<@${p.id}>`).join(', '),
  });
}

/** Redraws the request message in place (its channel's words); a Slack failure leaves the decision standing. */
async function redraw(deps: Deps, id: string, held: HeldChange): Promise<void> {
  if (!held.card) return;
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: held.job.channel }));
  const rule = ruleOf(deps, held.quorum.environment);
  const card = quorumCard(t, { id, description: describeChange(t, held.job.change), rule, quorum: held.quorum });
  try {
    await deps.chat.update(held.card.channel, held.card.ts, card);
  } catch (error) {
    deps.logger.warn({ err: error, id }, 'could not update the approval request');
  }
}

/** Hands an approved change back to the gitops queue with its approvers: once per request (the job id). */
const carryOn = (deps: Deps, id: string, held: HeldChange) =>
  deps.queues.gitops.add(quorumJobId(held.job.requestId), {
    ...held.job,
    quorum: { id, approvedBy: held.quorum.approvers },
  });

/** An Approve press: counted once per person; the last one needed lets the change go ahead. */
export async function approveHeld({ deps, request, t }: CommandContext, id: string): Promise<Message> {
  const approver = await deps.directory.identify(request.userId);
  let outcome: ApproveOutcome | undefined;
  const result = await deps.approvals.update(id, (held) => {
    const allowed = mayApproveQuorum(deps.config, held.quorum.environment, {
      userId: approver.id,
      groups: approver.groups,
      ...(approver.email !== undefined && { email: approver.email }),
    });
    outcome = approve(held.quorum, approver, allowed, Date.now());
    return outcome.kind === 'counted' ? { ...held, quorum: outcome.quorum } : undefined;
  });
  if (!result || !outcome) throw new Refusal('approvals.refused.unknown', { id });
  const { before, after } = result;
  const description = describeChange(t, before.job.change);
  const { min } = before.quorum;
  switch (outcome.kind) {
    case 'refused':
      // Enqueued by the last approval; again here in case that press failed after recording it (same job id).
      if (outcome.why === 'approved') await carryOn(deps, id, before);
      throw refused(deps, before, outcome.why);
    case 'duplicate':
      return { text: t('approvals.approve.duplicate', { count: before.quorum.approvers.length, min }) };
    case 'counted': {
      const held = after ?? before;
      await redraw(deps, id, held);
      const count = held.quorum.approvers.length;
      if (!outcome.complete)
        return { text: t('approvals.approve.counted', { count, min, description, left: min - count }) };
      await carryOn(deps, id, held);
      return { text: t('approvals.approve.complete', { count, min, description }) };
    }
  }
}

/** A Reject press (its modal submitted): ends the request; the thread and announcement are told by a job. */
export async function rejectHeld({ deps, request, t }: CommandContext, id: string, reason: string): Promise<Message> {
  if (reason.trim() === '') throw new Refusal('approvals.refused.noReason', { id });
  const who = await deps.directory.identify(request.userId);
  const identity = { userId: who.id, groups: who.groups, ...(who.email !== undefined && { email: who.email }) };
  let outcome: RejectOutcome | undefined;
  const result = await deps.approvals.update(id, (held) => {
    const allowed = mayApproveQuorum(deps.config, held.quorum.environment, identity);
    outcome = reject(held.quorum, identity, allowed, reason.trim(), Date.now());
    return outcome.kind === 'rejected' ? { ...held, quorum: outcome.quorum } : undefined;
  });
  if (!result || !outcome) throw new Refusal('approvals.refused.unknown', { id });
  if (outcome.kind === 'refused') throw refused(deps, result.before, outcome.why);
  const held = result.after ?? result.before;
  await redraw(deps, id, held);
  await deps.queues.approvals.add(approvalEndJobId(id, 'rejected'), {
    id,
    app: held.job.change.app,
    end: 'rejected',
  });
  return { text: t('approvals.reject.done', { description: describeChange(t, held.job.change) }) };
}
