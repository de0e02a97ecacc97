import type { Message } from '../domain/chat.js';
import type { CommandDef } from '../dispatch/index.js';
import type { Words } from '../i18n/index.js';

export function helpMessage(t: Words, commands: readonly CommandDef[]): Message {
  const lines = commands.map((c) =>
    t('help.command', {
      usage: c.grammar.usage,
      example: c.grammar.example,
      summary: t(`help.summaries.${c.name}`),
    }),
  );
  const text = [t('help.intro'), ...lines, t('help.gpuIdle'), t('help.dryRun'), t('help.gate')].join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
