import type { KnownBlock, View } from '@slack/types';
import type { Message } from '../domain/chat.js';
import type { Quorum } from '../domain/approvals.js';
import type { Words } from '../i18n/index.js';
import { context, escape, section } from './gitops.js';

/** The buttons of a quorum-approval request: Approve re-enters as `/approve <id>`, Reject opens a modal. */
export const APPROVE_QUORUM_ACTION = 'kanaria:quorum-approve';
export const REJECT_QUORUM_ACTION = 'kanaria:quorum-reject';
/** The Reject modal: its submission re-enters as `/reject <id> "<reason>"` (src/slack/modals.ts). */
export const REJECT_QUORUM_VIEW = 'kanaria:quorum-reject-reason';
export const REASON_BLOCK = 'reason';
export const REASON_INPUT = 'reason';

export interface QuorumScene {
  readonly id: string;
  /** What the change does (describeChange). */
  readonly description: string;
  /** `policies.<name>.approvals`. */
  readonly rule: string;
  readonly quorum: Quorum;
}

const oneLine = (text: string): string => escape(text).replace(/\n/g, ' ');

/** Who approved so far: "1 of 2: <@U0BOB>". */
const progress = (t: Words, quorum: Quorum): string =>
  t(quorum.approvers.length === 0 ? 'approvals.card.noneYet' : 'approvals.card.progress', {
    count: quorum.approvers.length,
    min: quorum.min,
    who: quorum.approvers.map((p) => `<@${p.id}>`).join(', '),
  });

/** How the request stands: the buttons while open, a closing line once approved, rejected or expired. */
export function quorumCard(t: Words, scene: QuorumScene): Message {
  const { quorum } = scene;
  const asked = t('approvals.card.request', {
    requester: quorum.requesterId,
    description: scene.description,
    environment: quorum.environment,
    count: quorum.min,
    rule: scene.rule,
  });
  const status =
    quorum.state === 'open'
      ? t('approvals.card.open', {
          progress: progress(t, quorum),
          expiresAt: quorum.expiresAt,
          formatParams: { expiresAt: { timeZone: 'UTC' } },
        })
      : quorum.state === 'approved'
        ? t('approvals.card.approved', { progress: progress(t, quorum) })
        : quorum.state === 'rejected'
          ? t('approvals.card.rejected', {
              by: quorum.rejection?.by ?? '',
              reason: oneLine(quorum.rejection?.reason ?? ''),
            })
          : t('approvals.card.expired', { progress: progress(t, quorum) });
  const blocks: KnownBlock[] = [section(asked), context(status)];
  if (quorum.state === 'open') {
    const value = JSON.stringify({ id: scene.id });
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: APPROVE_QUORUM_ACTION,
          text: { type: 'plain_text', text: t('approvals.card.approve') },
          style: 'primary',
          value,
        },
        {
          type: 'button',
          action_id: REJECT_QUORUM_ACTION,
          text: { type: 'plain_text', text: t('approvals.card.reject') },
          style: 'danger',
          value,
        },
      ],
    });
  }
  return { text: `${asked}\n${status}`, blocks };
}

/** Where the Reject button was pressed: the modal carries it to its submission. */
export interface RejectOrigin {
  readonly id: string;
  readonly channel: string;
  readonly messageTs?: string;
}

/** The modal Reject opens: a reason is required. */
export function rejectModal(t: Words, origin: RejectOrigin): View {
  return {
    type: 'modal',
    callback_id: REJECT_QUORUM_VIEW,
    private_metadata: JSON.stringify(origin),
    title: { type: 'plain_text', text: t('approvals.modal.title') },
    submit: { type: 'plain_text', text: t('approvals.modal.submit') },
    close: { type: 'plain_text', text: t('common.cancel') },
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: t('approvals.modal.label') },
        element: {
          type: 'plain_text_input',
          action_id: REASON_INPUT,
          multiline: true,
          max_length: 500,
          placeholder: { type: 'plain_text', text: t('approvals.modal.placeholder') },
        },
      },
    ],
  };
}

/** What the modal shows once submitted: the answer a private reply would give. */
export function modalAnswer(t: Words, message: Message): View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: t('approvals.modal.title') },
    close: { type: 'plain_text', text: t('approvals.modal.close') },
    blocks: [section(message.text)],
  };
}
