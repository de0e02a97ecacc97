import { requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { checkLockAtAck } from '../src/dispatch/locks.js';
import { canaryActionJobId, canaryRequestJobId, type CanaryJob } from '../src/queues/canary.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { POSITION, type RolloutAction } from '../src/domain/rollout.js';

const ACTIONS: readonly RolloutAction[] = ['promote', 'promote-full', 'abort', 'retry'];

/**
 * `/canary <app>` posts the app's canary card; `/canary <app> promote|promote-full|abort|retry` presses
 * one of its buttons. The buttons come back here with where the rollout stood when the card was drawn.
 */
export const canary: CommandDef = {
  name: 'canary',
  grammar: {
    usage: '/canary <app> [promote|promote-full|abort|retry]',
    example: '/canary example-app',
    min: 1,
    max: 3,
    flags: [],
  },

  async run({ request, args: [appName = '', action, position], deps, t }) {
    const app = requireApp(deps, appName);
    if (!app.rollout) {
      throw new CodedRefusal('not-configured', 'commands.canary.noRollout', { app: appName });
    }
    const person = await deps.directory.identify(request.userId);
    const common = {
      app: appName,
      requester: person,
      channel: request.channel,
      ...(request.responseUrl !== undefined && { responseUrl: request.responseUrl }),
    };
    if (action === undefined) {
      const { duplicate } = await deps.queues.canary.add(canaryRequestJobId(request.requestId), {
        kind: 'card',
        ...common,
      });
      return { text: t(duplicate ? 'commands.alreadyReceived' : 'commands.canary.card', { app: appName }) };
    }
    if (!ACTIONS.includes(action as RolloutAction)) {
      throw new CodedRefusal('bad-arguments', 'commands.canary.badAction', { action, actions: ACTIONS, app: appName });
    }
    if (position !== undefined && !POSITION.test(position)) {
      throw new CodedRefusal('bad-arguments', 'commands.canary.badPosition', { position, app: appName, action });
    }
    const verb = action as RolloutAction;
    await requirePermission(deps, request.userId, app, 'promote');
    // Someone else's lock holds back a promotion or retry (an abort goes through); checked again by the job.
    await checkLockAtAck(deps, { app: appName, kind: verb, by: request.userId }, 'errorsQueue.requestNotQueued');
    const job: CanaryJob = {
      kind: 'action',
      action: verb,
      ...common,
      ...(position !== undefined && { position }),
      ...(request.message && { card: request.message }),
    };
    // From a card: one job per button and rollout position, whoever presses, forgotten once done (a press that
    // was refused or failed, and said so, must not block the next one there; a repeat after it finds the rollout
    // moved on, or the press done). Typed: one per request, kept, so a redelivery does nothing.
    const jobId =
      position !== undefined ? canaryActionJobId(appName, verb, position) : canaryRequestJobId(request.requestId);
    const { duplicate } = await deps.queues.canary.add(jobId, job, { forgetWhenDone: position !== undefined });
    if (duplicate) {
      const first = await deps.queues.canary.get(jobId);
      const by = first?.requester?.id;
      return {
        text:
          by && by !== request.userId
            ? t('commands.canary.pressedBy', { user: by, app: appName })
            : t('commands.canary.pressed', { app: appName }),
      };
    }
    return { text: t(`commands.canary.${verb}`, { app: appName }) };
  },
};
