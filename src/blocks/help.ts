import type { Message } from '../chat.js';
import type { CommandDef } from '../dispatch/index.js';

export function helpMessage(commands: readonly CommandDef[]): Message {
  const lines = commands.map((c) => `• \`${c.grammar.usage}\` — ${c.summary}. e.g. \`${c.grammar.example}\``);
  const text = [
    '*Kanaria* changes what runs on the cluster through commits to the GitOps repo.',
    ...lines,
    'Commands that change something accept `--dry-run`: it shows the plan and the diff and commits nothing.',
  ].join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
