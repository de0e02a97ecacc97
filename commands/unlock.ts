import { LocksUnreachable } from '../src/adapters/locks.js';
import type { CommandDef } from '../src/dispatch/index.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { refreshPipelineCard } from '../src/queues/pipeline-card.js';
import { holds, lockFacts, lockTarget, mayUnlock } from '../src/domain/locks.js';

const TRIES = 3;

/**
 * `/unlock <app|pipeline> [<stage>]`: lifts a lock. Its holder may; so may someone in `policies.<env>.override`
 * (break-glass: the holder is named in the answer); anyone else is refused with the holder's name.
 */
export const unlock: CommandDef = {
  name: 'unlock',
  grammar: { usage: '/unlock <app|pipeline> [<stage>]', example: '/unlock llm-api prod', min: 1, max: 2, flags: [] },

  async run({ request, args, deps, t }) {
    const target = lockTarget(deps.config, args);
    const [extra] = target.rest;
    if (extra !== undefined) throw new CodedRefusal('bad-arguments', 'locks.extra', { extra, app: target.app });
    const person = await deps.directory.identify(request.userId);
    const identity = {
      userId: person.id,
      groups: person.groups,
      ...(person.email !== undefined && { email: person.email }),
    };
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const current = await deps.locks.get(target.app);
      if (!holds(current, Date.now())) return { text: t('locks.notLocked', { app: target.app }) };
      const decision = mayUnlock(deps.config, target.environment, current, identity);
      if (!decision.allowed)
        throw new CodedRefusal('forbidden', 'locks.forbidden', { ...lockFacts(current), rule: decision.rule });
      if (await deps.locks.release(current)) {
        await refreshPipelineCard(deps, target.app, request.requestId, { requester: person, channel: request.channel });
        if (decision.as === 'holder') return { text: t('locks.unlocked', { app: target.app }) };
        deps.logger.info({ app: target.app, holder: current.holder.id, by: person.id }, 'lock lifted by override');
        return { text: t('locks.liftedOthers', { ...lockFacts(current), environment: target.environment }) };
      }
    }
    throw new LocksUnreachable();
  },
};
