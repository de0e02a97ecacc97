import type { CommandDef } from '../src/dispatch/index.js';
import { rejectHeld } from './quorum.js';

/**
 * `/reject <id> "<reason>"` (the Reject button of a quorum-approval request opens a modal that submits it): someone
 * who may approve a change held for approvals ends the request instead, with the reason in the change's thread.
 */
export const reject: CommandDef = {
  name: 'reject',
  grammar: {
    usage: '/reject <request-id> "<reason>"',
    example: '/reject 3f9c2a71b0 "staging still shows the 5xx spike"',
    min: 2,
    max: 2,
    flags: [],
  },

  async run(context) {
    const [id = '', reason = ''] = context.args;
    return rejectHeld(context, id, reason);
  },
};
