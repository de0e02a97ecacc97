import { UnrecoverableError, type Job } from 'bullmq';
import type { RolloutRef } from '../src/adapters/rollouts.js';
import { actionLabel, canaryCard, pressLine } from '../src/blocks/canary.js';
import { failedMessage } from '../src/blocks/gitops.js';
import type { CanaryJob, Press } from '../src/canary.js';
import type { Message, Posted } from '../src/chat.js';
import { requireApp } from '../src/command.js';
import { appFiles } from '../src/domain/config.js';
import { TRAILER } from '../src/domain/commits.js';
import { UserFacingError } from '../src/domain/errors.js';
import { policyFor } from '../src/domain/policy.js';
import { availableActions, patchesFor, rolloutPosition, type RolloutAction } from '../src/domain/rollout.js';
import type { JobDeps } from '../src/deps.js';
import { quietly as quietlyFor } from '../src/quietly.js';

export { CANARY_QUEUE } from '../src/canary.js';

/** The canary queue's processor: post an app's canary card, or carry out a press of one of its buttons. */
export function canaryProcessor(deps: JobDeps) {
  const quietly = quietlyFor(deps);

  return async (job: Job<CanaryJob>): Promise<string> => {
    const data = job.data;
    const whisper = (message: Message) => quietly('whisper', () => deps.chat.whisper({ channel: data.channel, user: data.requester.id, ...(data.responseUrl !== undefined && { responseUrl: data.responseUrl }) }, message));
    try {
      const app = requireApp(deps, data.app);
      if (!app.rollout) throw new UserFacingError('not-configured', `\`${data.app}\` has no Argo Rollout in Kanaria's configuration.`, `Add \`rollout: { name: …, namespace: … }\` under apps.${data.app} in kanaria.yaml.`);
      if (!deps.rollouts) throw new UserFacingError('not-configured', 'Kanaria has no access to the Kubernetes API, so it cannot read the Rollout.', 'Run it in the cluster with its ServiceAccount, or set KUBECONFIG.');
      const ref: RolloutRef = app.rollout;
      const rollouts = deps.rollouts;
      /** The card as the rollout stands now, with the last press on this revision. */
      const card = async (press?: Press) => {
        const { state, pods } = await rollouts.get(ref);
        const last = press ?? (await deps.cards.lastPress(data.app));
        const sameRevision = last && last.from.split('/')[0] === rolloutPosition(state).split('/')[0];
        return { state, message: canaryCard({ app: data.app, state, pods, ...(last && sameRevision && { lastPress: last }) }) };
      };
      /** Updates the card in place, or posts it (and remembers it) when there is none for this revision. */
      const show = async (message: Message, revision: string | undefined, where: Posted | undefined, thread?: string): Promise<void> => {
        if (where) {
          await quietly('chat.update', () => deps.chat.update(where.channel, where.ts, message));
          await deps.cards.setCard(data.app, { ...where, ...(revision && { revision }) });
          return;
        }
        const posted = await quietly('chat.postMessage', () => deps.chat.post(data.channel, message, thread));
        if (posted) await deps.cards.setCard(data.app, { ...posted, ...(revision && { revision }) });
      };

      if (data.kind === 'card') {
        const { state, message } = await card();
        await show(message, state.revision, undefined, data.threadTs);
        return 'card';
      }

      const { action } = data;
      const { state } = await rollouts.get(ref);
      const position = rolloutPosition(state);
      const refuse = async (text: string, hint?: string): Promise<string> => {
        const { message } = await card();
        await show(message, state.revision, data.card);
        await whisper(failedMessage(text, hint));
        deps.logger.info({ user: data.requester.id, action, rollout: `${ref.namespace}/${ref.name}`, result: 'refused', reason: text }, 'canary press');
        return 'refused';
      };
      // The same button at the same position again (a double click, or two people at once before the
      // controller moved on): done already.
      const last = await deps.cards.lastPress(data.app);
      if (data.position !== undefined && last && last.from === data.position && last.action === action) {
        return refuse(`Already done: ${pressLine(last)}.`);
      }
      if (data.position !== undefined && data.position !== position) {
        const by = last && last.from === data.position ? ` ${pressLine(last)}.` : '';
        return refuse(`This card is out of date: the rollout has moved on since it was drawn.${by}`, 'The card now shows where it stands; press again if it is still what you want.');
      }
      if (!availableActions(state).includes(action)) {
        return refuse(`There is nothing to ${actionLabel(action).toLowerCase()} on \`${data.app}\` now (${state.aborted ? 'aborted' : (state.phase ?? 'updating')}).`);
      }
      const twoPerson = await twoPersonRefusal(deps, data.app, action, data.requester.id);
      if (twoPerson) return refuse(twoPerson.message, twoPerson.hint);

      await rollouts.apply(ref, patchesFor(action, state));
      const after = (await rollouts.get(ref)).state;
      const step = action === 'promote' && state.steps.length > 0 ? Math.min((after.currentStepIndex ?? state.currentStepIndex ?? 0) + 1, state.steps.length) : undefined;
      const press: Press = { action, by: data.requester.id, at: Date.now(), from: position, ...(step !== undefined && { step }) };
      await deps.cards.setLastPress(data.app, press);
      // The card pressed, else the card of this revision (a typed command): updated in place.
      const stored = await deps.cards.card(data.app);
      const where = data.card ?? (stored && stored.revision === after.revision ? stored : undefined);
      const { message } = await card(press);
      await show(message, after.revision, where);
      deps.logger.info({ user: data.requester.id, action, rollout: `${ref.namespace}/${ref.name}`, from: position, result: 'done' }, 'canary press');
      return action;
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      await whisper(failedMessage(error.message, error.hint));
      throw new UnrecoverableError(error.message);
    }
  };
}

/**
 * The two-person rule of the app's environment: whoever made the change that is rolling out (the Slack
 * user of the app's last Kanaria commit) may not promote it themselves. Aborting stays open to everyone allowed.
 */
async function twoPersonRefusal(deps: JobDeps, appName: string, action: RolloutAction, userId: string): Promise<{ message: string; hint: string } | undefined> {
  if (action !== 'promote' && action !== 'promote-full') return undefined;
  const app = requireApp(deps, appName);
  const found = policyFor(deps.config, app.environment);
  if (!found?.policy.twoPersonRule) return undefined;
  const [last] = await deps.repo.read((tree) => tree.log({ paths: appFiles(app), limit: 1 }));
  const author = last?.trailers[TRAILER.slackUser];
  if (author !== userId) return undefined;
  return {
    message: `You may not ${actionLabel(action).toLowerCase()} \`${appName}\`: policies.${found.name}.twoPersonRule — you made the change that is rolling out (commit \`${last?.sha.slice(0, 7)}\`).`,
    hint: 'Ask someone else allowed to promote.',
  };
}
