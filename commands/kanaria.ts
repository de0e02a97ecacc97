import type { CommandDef } from '../src/dispatch/index.js';
import { helpMessage } from '../src/blocks/help.js';

/** `/kanaria help`: every command with its grammar and an example, in the requester's language. */
export const kanaria = (all: () => readonly CommandDef[]): CommandDef => ({
  name: 'kanaria',
  grammar: { usage: '/kanaria help', example: '/kanaria help', min: 0, max: 1, flags: [] },
  async run({ t }) {
    return helpMessage(t, all());
  },
});
