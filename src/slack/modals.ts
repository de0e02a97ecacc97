import type { View } from '@slack/types';
import { z } from 'zod';
import {
  modalAnswer,
  REASON_BLOCK,
  REASON_INPUT,
  REJECT_QUORUM_ACTION,
  REJECT_QUORUM_VIEW,
  rejectModal,
} from '../blocks/approvals.js';
import type { Message } from '../domain/chat.js';
import type { Words } from '../i18n/index.js';

/** What a modal's inputs hold on submission (Slack's `view.state.values`: block id → action id → input). */
export type ViewValues = Readonly<Record<string, Readonly<Record<string, { readonly value?: string | null }>>>>;

/**
 * A button that asks for more before it acts: it opens a modal (with the press's trigger id), and the modal's
 * submission re-enters the command path as the person who submitted it, like any button (src/slack/actions.ts).
 */
export interface ModalDef {
  /** The button that opens it. */
  readonly actionId: string;
  readonly callbackId: string;
  /** The modal for a press of the button (throws on a value Kanaria did not write). */
  open(value: string, origin: { channel: string; messageTs?: string }, t: Words): View;
  /** The submission as a command, typed where the button was. */
  toCommand(
    metadata: string,
    values: ViewValues,
  ): { command: string; text: string; channel: string; messageTs?: string };
  /** What the modal shows once the command answered. */
  answer(t: Words, reply: Message): View;
}

const rejectOrigin = z.object({
  id: z.string().regex(/^[0-9a-f]{10}$/),
  channel: z.string(),
  messageTs: z.string().optional(),
});

/** Every modal Kanaria opens. */
export const modals: readonly ModalDef[] = [
  {
    actionId: REJECT_QUORUM_ACTION,
    callbackId: REJECT_QUORUM_VIEW,
    open(value, origin, t) {
      const { id } = rejectOrigin.pick({ id: true }).parse(JSON.parse(value));
      return rejectModal(t, { id, ...origin });
    },
    toCommand(metadata, values) {
      const { id, channel, messageTs } = rejectOrigin.parse(JSON.parse(metadata));
      // The reason becomes one quoted word of `/reject <id> "<reason>"`: its double quotes become single ones.
      const reason = (values[REASON_BLOCK]?.[REASON_INPUT]?.value ?? '').replace(/["\u201C\u201D]/g, "'");
      return { command: 'reject', text: `${id} "${reason}"`, channel, ...(messageTs && { messageTs }) };
    },
    answer: modalAnswer,
  },
];
