import type { CommandDef } from '../src/dispatch/index.js';
import { helpMessage } from '../src/blocks/help.js';

/** `/kanaria help`: every command with its grammar and an example. */
export const kanaria = (all: () => readonly CommandDef[]): CommandDef => ({
  name: 'kanaria',
  summary: 'Show this help',
  grammar: { usage: '/kanaria help', example: '/kanaria help', min: 0, max: 1, flags: [] },
  async run() {
    return helpMessage(all());
  },
});
