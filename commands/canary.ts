import { requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { canaryActionJobId, canaryRequestJobId, type CanaryJob } from '../src/queues/canary.js';
import { UserFacingError } from '../src/domain/errors.js';
import { quote } from '../src/domain/quote.js';
import { POSITION, type RolloutAction } from '../src/domain/rollout.js';

const ACTIONS: readonly RolloutAction[] = ['promote', 'promote-full', 'abort', 'retry'];
const DOING: Record<RolloutAction, string> = {
  promote: 'Promoting',
  'promote-full': 'Fully promoting',
  abort: 'Aborting',
  retry: 'Retrying',
};

/**
 * `/canary <app>` posts the app's canary card; `/canary <app> promote|promote-full|abort|retry` presses
 * one of its buttons. The buttons come back here with where the rollout stood when the card was drawn.
 */
export const canary: CommandDef = {
  name: 'canary',
  summary: "Show an app's Argo Rollouts canary card with Promote / Promote full / Abort / Retry buttons, or press one",
  grammar: {
    usage: '/canary <app> [promote|promote-full|abort|retry]',
    example: '/canary example-app',
    min: 1,
    max: 3,
    flags: [],
  },

  async run(request, { args: [appName = '', action, position] }, deps) {
    const app = requireApp(deps, appName);
    if (!app.rollout) {
      throw new UserFacingError(
        'not-configured',
        `\`${appName}\` has no Argo Rollout in Kanaria's configuration.`,
        `Add \`rollout: { name: …, namespace: … }\` under apps.${appName} in kanaria.yaml.`,
      );
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
      return {
        text: duplicate
          ? 'This request was already received.'
          : `Posting the canary card of \`${appName}\` in this channel.`,
      };
    }
    if (!ACTIONS.includes(action as RolloutAction)) {
      throw new UserFacingError(
        'bad-arguments',
        `${quote(action)} is not a canary action.`,
        `Use one of ${ACTIONS.map((a) => `\`${a}\``).join(', ')}, e.g. \`/canary ${appName} promote\`.`,
      );
    }
    if (position !== undefined && !POSITION.test(position)) {
      throw new UserFacingError(
        'bad-arguments',
        `${quote(position)} is not a rollout position (a card's button sends one, such as \`31/2\`).`,
        `Leave it out to act on the rollout as it stands: \`/canary ${appName} ${action}\`.`,
      );
    }
    const verb = action as RolloutAction;
    await requirePermission(deps, request.userId, app, 'promote');
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
      const who = by && by !== request.userId ? `<@${by}> already pressed it` : 'it was already pressed';
      return { text: `Nothing more to do: ${who} for this step of \`${appName}\`; the card shows the result.` };
    }
    return { text: `${DOING[verb]} the canary of \`${appName}\`…` };
  },
};
