import { z } from 'zod';
import { ROLLBACK_ACTION } from '../blocks/gitops.js';
import type { ActionDef } from '../dispatch.js';

const rollbackValue = z.object({ app: z.string().min(1), commit: z.string().regex(/^[0-9a-f]{7,40}$/) });

/** Every button Kanaria puts on a message. */
export const actions: readonly ActionDef[] = [
  {
    actionId: ROLLBACK_ACTION,
    toCommand(value) {
      const { app, commit } = rollbackValue.parse(JSON.parse(value));
      return { command: 'rollback', text: `${app} ${commit}` };
    },
  },
];
