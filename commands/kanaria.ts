import type { CommandDef } from '../src/dispatch/index.js';
import { helpMessage } from '../src/blocks/help.js';
import { requesterLocale, wordsFor } from '../src/i18n/index.js';

/** `/kanaria help`: every command with its grammar and an example, in the requester's language. */
export const kanaria = (all: () => readonly CommandDef[]): CommandDef => ({
  name: 'kanaria',
  summary: 'Show this help',
  grammar: { usage: '/kanaria help', example: '/kanaria help', min: 0, max: 1, flags: [] },
  async run(request, _words, deps) {
    const locale = await requesterLocale(deps.directory, deps.config.locale, {
      user: request.userId,
      channel: request.channel,
    });
    return helpMessage(wordsFor(locale), all());
  },
});
