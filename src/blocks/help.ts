import type { Message } from '../chat.js';
import type { CommandDef } from '../dispatch/index.js';
import { catalogs, type Words } from '../i18n/index.js';

type Described = keyof typeof catalogs.en.help.summaries;
const described = (name: string): name is Described => Object.hasOwn(catalogs.en.help.summaries, name);

export function helpMessage(t: Words, commands: readonly CommandDef[]): Message {
  const lines = commands.map((c) =>
    t('help.command', {
      usage: c.grammar.usage,
      example: c.grammar.example,
      // A command the catalog does not describe yet shows its own (English) summary.
      summary: described(c.name) ? t(`help.summaries.${c.name}`) : c.summary,
    }),
  );
  const text = [t('help.intro'), ...lines, t('help.dryRun')].join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
