import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import { toTerminal, type MarkupStyle } from './mrkdwn.js';

/** Slack mrkdwn as plain terminal text: mentions, dates and links by their readable part, emoji as emoji. */
export const plain = (text: string): string => toTerminal(text, 'plain');

export interface TerminalButton {
  readonly actionId: string;
  readonly label: string;
  readonly value: string;
  readonly confirm?: string;
  readonly channel: string;
  readonly messageTs: string;
}

/** The message's text lines, styled for the terminal, and its buttons (to be numbered by the caller). */
export function renderMessage(
  message: Message,
  style: MarkupStyle = 'plain',
): {
  lines: string[];
  buttons: Omit<TerminalButton, 'channel' | 'messageTs'>[];
} {
  const show = (text: string): string => toTerminal(text, style);
  const blocks: readonly KnownBlock[] = message.blocks ?? [];
  const lines: string[] = [];
  const buttons: Omit<TerminalButton, 'channel' | 'messageTs'>[] = [];
  for (const block of blocks) {
    if (block.type === 'section' && block.text) lines.push(...show(block.text.text).split('\n'));
    if (block.type === 'context')
      lines.push(
        ...block.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [`  ${show(e.text)}`] : [])),
      );
    if (block.type === 'actions') {
      for (const element of block.elements) {
        if (element.type !== 'button' || !element.action_id) continue;
        const confirm = element.confirm?.text ? show(element.confirm.text.text) : undefined;
        buttons.push({
          actionId: element.action_id,
          label: element.text.text,
          value: element.value ?? '',
          ...(confirm && { confirm }),
        });
      }
    }
  }
  if (lines.length === 0) lines.push(...show(message.text).split('\n'));
  return { lines, buttons };
}
