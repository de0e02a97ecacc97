import { LocksUnreachable } from '../src/adapters/locks.js';
import { requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { refreshPipelineCard } from '../src/queues/pipeline-card.js';
import { decideLock, lockDuration, LockedRefusal, lockFacts, lockReason, lockTarget } from '../src/domain/locks.js';

/** Reads and writes before giving up: a write fails only when the lock changed (expired, taken) since the read. */
const TRIES = 3;

/**
 * `/lock <app|pipeline> [<stage>] [reason…] [--for 2h]` (the hubot-deploy convention): while it holds, changes of the
 * app by anyone else are refused (src/dispatch/locks.ts at the ack, jobs/locks.ts before the commit). Needs
 * `deploy` on the app. The holder may run it again to change the reason or the expiry.
 */
export const lock: CommandDef = {
  name: 'lock',
  grammar: {
    usage: '/lock <app|pipeline> [<stage>] [reason…] [--for <duration>]',
    example: '/lock llm-api prod migrating the feature store --for 2h',
    min: 1,
    max: 60,
    flags: [],
    options: ['for'],
  },

  async run({ request, args, options, deps, t }) {
    const target = lockTarget(deps.config, args);
    const forSeconds = lockDuration(options.get('for'));
    const person = await requirePermission(deps, request.userId, requireApp(deps, target.app), 'deploy');
    const who = { id: person.id, ...(person.name !== undefined && { name: person.name }) };
    const reason = lockReason(target.rest);
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const current = await deps.locks.get(target.app);
      const now = Date.now();
      const decision = decideLock(current, { app: target.app, who, reason, ...(forSeconds && { forSeconds }) }, now);
      if (decision.kind === 'held') throw new LockedRefusal(decision.lock, target.environment);
      if (await deps.locks.replace(current, decision.lock)) {
        // The lock shows on the pipeline's card.
        await refreshPipelineCard(deps, target.app, request.requestId, { requester: person, channel: request.channel });
        return {
          text: t(decision.kind === 'take' ? 'locks.taken' : 'locks.updated', {
            ...lockFacts(decision.lock),
            environment: target.environment,
          }),
        };
      }
    }
    throw new LocksUnreachable();
  },
};
