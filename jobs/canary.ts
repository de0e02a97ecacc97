import type { RolloutRef, Rollouts } from '../src/adapters/rollouts.js';
import { actionLabel, canaryCard, pressLine, rolloutNoticeMessage } from '../src/blocks/canary.js';
import { chooseLocale, explain, wordsFor, type Words } from '../src/i18n/index.js';
import { failedMessage } from '../src/blocks/gitops.js';
import type { Message, Posted } from '../src/domain/chat.js';
import { requireApp } from '../src/domain/apps.js';
import { appFiles } from '../src/domain/config.js';
import { TRAILER } from '../src/domain/commits.js';
import { noClusterAccess, Refusal } from '../src/domain/errors.js';
import {
  checkPress,
  twoPersonRule,
  twoPersonRuleApplies,
  type PressDecision,
  type TwoPersonDecision,
} from '../src/domain/canary-policy.js';
import type { Press } from '../src/domain/press.js';
import {
  availableActions,
  patchesFor,
  positionRevision,
  rolloutPosition,
  rolloutRevision,
  type RolloutAction,
  type RolloutState,
} from '../src/domain/rollout.js';
import type { JobDeps } from '../src/boot/deps.js';
import { analysisJobId } from '../src/queues/analysis.js';
import type { CanaryJob } from '../src/queues/canary.js';
import { promotionRefusal } from './gate.js';
import { lockedBy } from './locks.js';
import { refreshPipelineCard } from '../src/queues/pipeline-card.js';
import { tellOutsideMove } from './outside.js';
import { scheduleReleaseCost } from './release-cost.js';
import type { JobContext, Processor } from './run-job.js';

type ActionJob = Extract<CanaryJob, { kind: 'action' }>;
type NoticeJob = Extract<CanaryJob, { kind: 'notice' }>;

/** What every kind of canary job works with: the app's Rollout, and its card in Slack. */
interface CardContext {
  readonly app: string;
  readonly ref: RolloutRef;
  readonly rollouts: Rollouts;
  readonly deps: JobDeps;
  readonly quietly: JobContext<CanaryJob>['quietly'];
}

/**
 * The canary queue's processor: post an app's canary card, carry out a press of one of its buttons, or
 * act on what the Rollout watch saw (post the card when it waits for a person, alert, update in place).
 */
export const canaryProcessor: Processor<CanaryJob, string> = async (context) => {
  const { data, deps } = context;
  const app = context.app();
  if (!app.rollout) throw new Refusal('errorsJobs.noRollout', { app: data.app });
  if (!deps.rollouts) throw noClusterAccess('readRollout');
  const card: CardContext = {
    app: data.app,
    ref: app.rollout,
    rollouts: deps.rollouts,
    deps,
    quietly: context.quietly,
  };
  if (data.kind === 'card') {
    await showCard(card, { channel: data.channel, ...(data.threadTs && { thread: data.threadTs }) });
    return 'card';
  }
  if (data.kind === 'notice') return await notice(card, data);
  return await press(card, data, context.whisper, context.t, context.job.timestamp);
};

/**
 * Draws the card as the rollout stands now (with the last press on this revision) and updates it in place:
 * the given message, else the card already posted for this revision; otherwise posts it where asked.
 */
async function showCard(
  c: CardContext,
  where: { update?: Posted; channel?: string; thread?: string },
  press?: Press,
): Promise<{ posted?: Posted }> {
  const { state, pods } = await c.rollouts.get(c.ref);
  const last = press ?? (await c.deps.cards.lastPress(c.app));
  const revision = rolloutRevision(state);
  const lastPress = last && positionRevision(last.from) === revision ? last : undefined;
  const stored = await c.deps.cards.card(c.app);
  const existing = where.update ?? (stored && stored.revision === state.revision ? stored : undefined);
  // The card is for the channel it lives in: that channel's language.
  const t = wordsFor(chooseLocale(c.deps.config.locale, { channel: where.channel ?? existing?.channel }));
  const message = canaryCard(t, { app: c.app, state, pods, ...(lastPress && { lastPress }) });
  const remember = (posted: Posted) =>
    c.deps.cards.setCard(c.app, {
      channel: posted.channel,
      ts: posted.ts,
      ...(state.revision && { revision: state.revision }),
    });
  if (existing && !where.channel) {
    await c.quietly('chat.update', () => c.deps.chat.update(existing.channel, existing.ts, message));
    await remember(existing);
    return { posted: existing };
  }
  if (!where.channel) return {};
  const channel = where.channel;
  const posted = await c.quietly('chat.postMessage', () => c.deps.chat.post(channel, message, where.thread));
  if (posted) await remember(posted);
  return posted ? { posted } : {};
}

/**
 * Carries out a press; a refusal is told privately in the presser's words `t`. `queuedAt` (the job's timestamp)
 * tells this job's own press from others.
 */
async function press(
  c: CardContext,
  data: ActionJob,
  whisper: (message: Message) => Promise<unknown>,
  t: Words,
  queuedAt: number,
): Promise<string> {
  const { action, app } = data;
  const last = await c.deps.cards.lastPress(app);
  // A retry of a press that was carried out (and failed after): this requester's press since the job was queued.
  if (last && last.action === action && last.by === data.requester.id && last.at >= queuedAt) {
    await showCard(c, { ...(data.card && { update: data.card }) }, last);
    return 'done already';
  }
  const { state } = await c.rollouts.get(c.ref);
  const position = rolloutPosition(state);
  const log = (result: string, extra: object = {}) =>
    c.deps.logger.info(
      {
        user: data.requester.id,
        action,
        rollout: `${c.ref.namespace}/${c.ref.name}`,
        from: position,
        result,
        ...extra,
      },
      'canary press',
    );
  // Told in the presser's words; logged by the rule that refused it.
  const refuse = async (rule: string, text: string, hint?: string): Promise<string> => {
    await showCard(c, { ...(data.card && { update: data.card }) });
    await whisper(failedMessage(text, hint));
    log('refused', { rule });
    return 'refused';
  };
  const check = checkPress({ action, cardPosition: data.position, position, available: availableActions(state), last });
  if (!check.allowed) return refuse(check.rule, ...pressRefusal(t, check, action, app, state));
  const twoPerson = await twoPersonDecision(c.deps, app, action, data.requester.id);
  if (!twoPerson.allowed)
    return refuse(
      twoPerson.rule,
      t('jobs.press.twoPerson.message', {
        action: actionLabel(t, action).toLowerCase(),
        app,
        rule: twoPerson.rule,
        sha: twoPerson.commit.slice(0, 7),
      }),
      t('jobs.press.twoPerson.hint'),
    );

  // Someone else's lock, maybe taken since the press was queued (an abort goes through).
  const locked = await lockedBy(c.deps, app, action, data.requester.id);
  if (locked) {
    const { message, hint } = explain(t, locked);
    return refuse(locked.name, message, hint);
  }
  // A promotion spends reliability: freeze windows and the error budget may hold it back (jobs/gate.ts).
  if (action === 'promote' || action === 'promote-full') {
    const held = await promotionRefusal(c.deps, app);
    if (held) {
      const { message, hint } = explain(t, held);
      return refuse(held.name, message, hint);
    }
  }

  await c.deps.cards.markPressing(app, position);
  await c.rollouts.apply(c.ref, patchesFor(action, state));
  // Recorded at once: what follows may fail, and its retry must find this press rather than press again.
  let done: Press = { action, by: data.requester.id, at: Date.now(), from: position };
  await c.deps.cards.setLastPress(app, done);
  if (action === 'promote' && state.steps.length > 0) {
    const after = (await c.rollouts.get(c.ref)).state;
    done = { ...done, step: Math.min((after.currentStepIndex ?? state.currentStepIndex ?? 0) + 1, state.steps.length) };
    await c.deps.cards.setLastPress(app, done);
  }
  await showCard(
    c,
    {
      ...(data.card && { update: data.card }),
      ...(!data.card && !(await c.deps.cards.card(app)) && { channel: data.channel }),
    },
    done,
  );
  log('done');
  return action;
}

/** What the Rollout watch saw: the card for a person to act on, alerts, a final line, or just an update. */
async function notice(c: CardContext, data: NoticeJob): Promise<string> {
  const channel = c.deps.config.apps[c.app]?.channel;
  const { state } = await c.rollouts.get(c.ref);
  // The stage's row on its pipeline's card, whatever the notice is (jobs/pipeline.ts).
  await refreshPipelineCard(c.deps, c.app, `rollout-${rolloutPosition(state)}-${data.notice}`);
  const stored = await c.deps.cards.card(c.app);
  const hasCard = stored !== undefined && stored.revision === state.revision;
  if (data.notice === 'paused' && c.deps.config.apps[c.app]?.analysis && c.deps.prometheus) {
    // A canary waiting for a person gets a verdict to decide on (once per revision and step).
    await c.deps.queues.analysis.add(analysisJobId(c.app, rolloutPosition(state)), {
      app: c.app,
      trigger: 'pause',
      revision: rolloutRevision(state),
    });
  }
  if (data.notice === 'paused' && !hasCard) {
    // A new revision waits for a person: its card goes into the deploy's thread when Kanaria made it.
    const thread = await c.deps.cards.deployThread(c.app);
    const where = thread ? { channel: thread.channel, thread: thread.ts } : channel ? { channel } : undefined;
    if (!where) return 'no channel';
    await showCard(c, where);
    return 'card posted';
  }
  if (hasCard) await showCard(c, {});
  if (data.move) await tellOutsideMove(c.deps, c.app, data.move);
  if (data.notice === 'aborted' || data.notice === 'degraded' || data.notice === 'healthy') {
    const target =
      stored && hasCard ? { channel: stored.channel, thread: stored.ts } : channel ? { channel } : undefined;
    if (target) {
      const t = wordsFor(chooseLocale(c.deps.config.locale, { channel: target.channel }));
      await c.deps.chat.post(target.channel, rolloutNoticeMessage(t, c.app, data.notice, state), target.thread);
    }
  }
  if (data.notice === 'healthy' && !state.aborted && state.currentPodHash === state.stableRS) {
    // Fully promoted: the release is live. Its cost goes into the deploy's thread, else the card's.
    const thread = (await c.deps.cards.deployThread(c.app)) ?? (stored && hasCard ? stored : undefined);
    if (thread)
      await scheduleReleaseCost(c.deps, {
        app: c.app,
        revision: `rollout-${rolloutRevision(state)}`,
        liveAt: Math.floor(Date.now() / 1000),
        thread: { channel: thread.channel, ts: thread.ts },
      });
  }
  return data.notice;
}

/** The words of a press the card's state refuses (the two-person rule is worded where it is checked). */
function pressRefusal(
  t: Words,
  check: Exclude<PressDecision<Press>, { allowed: true }>,
  action: RolloutAction,
  app: string,
  state: RolloutState,
): [text: string, hint?: string] {
  if (check.rule === 'already-done') return [t('jobs.press.alreadyDone', { done: pressLine(t, check.last) })];
  if (check.rule === 'card-out-of-date') return [t('jobs.press.outOfDate.message'), t('jobs.press.outOfDate.hint')];
  // The phase is Argo Rollouts' own word (Paused, Degraded…): shown as it is.
  const where = state.aborted ? t('jobs.press.aborted') : (state.phase ?? t('jobs.press.updating'));
  return [t('jobs.press.nothingTo', { action: actionLabel(t, action).toLowerCase(), app, state: where })];
}

/** The two-person rule (src/domain/canary-policy.ts); the app's last commit is read only when the rule asks. */
async function twoPersonDecision(
  deps: JobDeps,
  appName: string,
  action: RolloutAction,
  presser: string,
): Promise<TwoPersonDecision> {
  const app = requireApp(deps, appName);
  const asks = twoPersonRuleApplies(deps.config, app.environment, action);
  const [last] = asks ? await deps.repo.read((tree) => tree.log({ paths: appFiles(app), limit: 1 })) : [];
  const lastChange = last && { sha: last.sha, slackUser: last.trailers[TRAILER.slackUser] };
  return twoPersonRule({ config: deps.config, environment: app.environment, action, presser, lastChange });
}
