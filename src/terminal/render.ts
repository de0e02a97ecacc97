import type { KnownBlock } from '@slack/types';
import type { Message } from '../chat.js';

// A Map: text someone typed, such as `:constructor:`, must not find Object.prototype's members.
const emoji = new Map(
  Object.entries({
    white_check_mark: '✅',
    x: '❌',
    warning: '⚠️',
    hourglass_flowing_sand: '⏳',
    ballot_box_with_check: '☑️',
  }),
);

/** Slack mrkdwn as a terminal shows it: mentions, dates and links by their readable part, emoji as emoji. */
export function plain(text: string): string {
  return text
    .replace(/<@([A-Z0-9_]+)>/g, '@$1')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/:([a-z_]+):/g, (whole, name: string) => emoji.get(name) ?? whole)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface TerminalButton {
  readonly actionId: string;
  readonly label: string;
  readonly value: string;
  readonly confirm?: string;
  readonly channel: string;
  readonly messageTs: string;
}

/** The message's text lines and its buttons (to be numbered by the caller). */
export function renderMessage(message: Message): {
  lines: string[];
  buttons: Omit<TerminalButton, 'channel' | 'messageTs'>[];
} {
  const blocks: readonly KnownBlock[] = message.blocks ?? [];
  const lines: string[] = [];
  const buttons: Omit<TerminalButton, 'channel' | 'messageTs'>[] = [];
  for (const block of blocks) {
    if (block.type === 'section' && block.text) lines.push(plain(block.text.text));
    if (block.type === 'context')
      lines.push(
        ...block.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [`  ${plain(e.text)}`] : [])),
      );
    if (block.type === 'actions') {
      for (const element of block.elements) {
        if (element.type !== 'button' || !element.action_id) continue;
        const confirm = element.confirm?.text ? plain(element.confirm.text.text) : undefined;
        buttons.push({
          actionId: element.action_id,
          label: element.text.text,
          value: element.value ?? '',
          ...(confirm && { confirm }),
        });
      }
    }
  }
  if (lines.length === 0) lines.push(...plain(message.text).split('\n'));
  return { lines, buttons };
}
