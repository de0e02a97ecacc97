import type { Button, KnownBlock } from '@slack/types';
import type { PodGroup } from '../adapters/rollouts.js';
import type { Press } from '../domain/press.js';
import type { Message } from '../chat.js';
import {
  availableActions,
  isPaused,
  isUpdating,
  rolloutPosition,
  type RolloutAction,
  type RolloutState,
} from '../domain/rollout.js';
import { clip, context, escape, section } from './gitops.js';

export const CANARY_ACTIONS: Record<RolloutAction, string> = {
  promote: 'kanaria:canary:promote',
  'promote-full': 'kanaria:canary:promote-full',
  abort: 'kanaria:canary:abort',
  retry: 'kanaria:canary:retry',
};

const LABEL: Record<RolloutAction, string> = {
  promote: 'Promote',
  'promote-full': 'Promote full',
  abort: 'Abort',
  retry: 'Retry',
};
const DONE: Record<RolloutAction, string> = {
  promote: 'Promoted',
  'promote-full': 'Fully promoted',
  abort: 'Aborted',
  retry: 'Retried',
};

/** What the destructive buttons ask before they act. */
const CONFIRM: Partial<Record<RolloutAction, (app: string) => string>> = {
  'promote-full': (app) =>
    `Skip every remaining step, analysis and pause of \`${app}\` and send all traffic to the new version?`,
  abort: (app) =>
    `Abort the canary of \`${app}\` and send all traffic back to the stable version? The GitOps repo still names the new version: roll it back with /rollback.`,
};

const MAX_POD_LINES = 6;
const slackDate = (ms: number, format: string): string =>
  `<!date^${Math.floor(ms / 1000)}^${format}|${new Date(ms).toISOString()}>`;

export interface CardView {
  readonly app: string;
  readonly state: RolloutState;
  readonly pods: readonly PodGroup[];
  readonly lastPress?: Press;
}

/** One line on the card for a press: "Promoted to step 3 by @ana at 10:42". */
export function pressLine(press: Press): string {
  const to = press.action === 'promote' && press.step !== undefined ? ` to step ${press.step}` : '';
  // Slack users are mentioned; Kanaria's own actors (autopilot) are named.
  const by = /^[UW][A-Z0-9]+$/.test(press.by) ? `<@${press.by}>` : escape(press.by);
  return `${DONE[press.action]}${to} by ${by} at ${slackDate(press.at, '{time}')}`;
}

function stepLine(state: RolloutState): string | undefined {
  if (state.strategy !== 'canary' || state.steps.length === 0) return undefined;
  const index = state.currentStepIndex ?? 0;
  if (index >= state.steps.length) return `All ${state.steps.length} steps done`;
  return `Step ${index + 1}/${state.steps.length}: \`${state.steps[index]?.text}\``;
}

/** The phase as the plugin shows it, except that an abort says so. */
const phaseOf = (state: RolloutState): string => (state.aborted ? 'Aborted' : state.phase);

function statusLine(state: RolloutState): string {
  const phase = phaseOf(state);
  const paused = isPaused(state) && !state.aborted ? ` · paused (${state.pauseReasons.join(', ') || 'by hand'})` : '';
  return `*${phase}*${paused}${state.message ? ` — ${escape(clip(state.message, 400))}` : ''}`;
}

function weightLine(state: RolloutState, pods: readonly PodGroup[]): string | undefined {
  const canaryPods = pods.find((p) => p.hash === state.currentPodHash);
  const stablePods = pods.find((p) => p.hash === state.stableRS);
  const split =
    state.currentPodHash !== state.stableRS && (canaryPods || stablePods)
      ? `pods: canary ${canaryPods?.pods ?? 0}, stable ${stablePods?.pods ?? 0}`
      : undefined;
  const { weight } = state;
  if (!weight) return split;
  const source = weight.source === 'traffic' ? 'traffic' : 'setWeight of the last step reached';
  const sides = [
    `canary *${weight.canary}%*`,
    weight.stable !== undefined && `stable *${weight.stable}%*`,
    weight.additional !== undefined && `experiments *${weight.additional}%*`,
  ].filter(Boolean);
  return `Weight: ${sides.join(' / ')} (${source})${split ? ` · ${split}` : ''}`;
}

function podLines(state: RolloutState, pods: readonly PodGroup[]): string[] {
  const name = (p: PodGroup) =>
    p.hash === state.stableRS ? 'stable' : p.hash === state.currentPodHash ? 'canary' : 'old';
  const order = { stable: 0, canary: 1, old: 2 };
  const sorted = [...pods].sort((a, b) => order[name(a)] - order[name(b)]);
  const lines = sorted
    .slice(0, MAX_POD_LINES)
    .map(
      (p) => `${name(p)} \`${p.hash}\`${p.image ? ` ${escape(clip(p.image, 200))}` : ''}: ${p.ready}/${p.pods} ready`,
    );
  if (sorted.length > MAX_POD_LINES) lines.push(`… and ${sorted.length - MAX_POD_LINES} more versions`);
  return lines;
}

/** The canary card: where the rollout stands and the buttons that fit, each carrying where it was drawn. */
export function canaryCard(view: CardView): Message {
  const { state, pods, app } = view;
  const title = `Canary \`${app}\` · Rollout \`${state.namespace}/${state.name}\`${state.revision ? ` · revision ${state.revision}` : ''}`;
  const lines = [statusLine(state), stepLine(state), weightLine(state, pods)].filter(
    (l): l is string => l !== undefined,
  );
  if (state.image) lines.push(`New version: \`${escape(clip(state.image, 200))}\``);
  lines.push(...podLines(state, pods));
  if (state.analysisRun)
    lines.push(
      `AnalysisRun \`${clip(state.analysisRun.name, 100)}\`: *${state.analysisRun.status}*${state.analysisRun.message ? ` — ${escape(clip(state.analysisRun.message, 400))}` : ''}`,
    );
  const blocks: KnownBlock[] = [section(clip(`*${title}*\n${lines.join('\n')}`, 3000))];
  const notes = [
    state.pausedSince && `paused ${slackDate(Date.parse(state.pausedSince), '{ago}')}`,
    view.lastPress && pressLine(view.lastPress),
  ].filter(Boolean);
  if (notes.length) blocks.push(context(notes.join(' · ')));
  const buttons = actionButtons(app, state);
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return { text: `${title}: ${phaseOf(state)}${stepLine(state) ? `, ${stepLine(state)}` : ''}`, blocks };
}

/** The buttons that fit the rollout's state, each carrying where it stands. */
export function actionButtons(app: string, state: RolloutState): Button[] {
  const position = rolloutPosition(state);
  return availableActions(state).map((action) => button(app, action, position));
}

function button(app: string, action: RolloutAction, position: string): Button {
  const confirm = CONFIRM[action];
  return {
    type: 'button',
    action_id: CANARY_ACTIONS[action],
    text: { type: 'plain_text', text: LABEL[action] },
    value: JSON.stringify({ app, position }),
    ...(action === 'promote' && { style: 'primary' as const }),
    ...(action === 'abort' && { style: 'danger' as const }),
    ...(confirm && {
      confirm: {
        title: { type: 'plain_text' as const, text: `${LABEL[action]} ${app}?` },
        text: { type: 'mrkdwn' as const, text: confirm(app) },
        confirm: { type: 'plain_text' as const, text: LABEL[action] },
        deny: { type: 'plain_text' as const, text: 'Cancel' },
      },
    }),
  };
}

export const actionLabel = (action: RolloutAction): string => LABEL[action];

const NOTICE: Record<'aborted' | 'degraded' | 'healthy', (app: string) => string> = {
  aborted: (app) =>
    `:rotating_light: The canary of \`${app}\` was *aborted*: all traffic is back on the stable version.`,
  degraded: (app) => `:x: The rollout of \`${app}\` is *Degraded*.`,
  healthy: (app) => `:white_check_mark: \`${app}\` is *Healthy*: the rollout is complete.`,
};

/** What a person can do next. A Degraded rollout with a new version out can be aborted (see availableActions). */
const HINT: Record<'aborted' | 'degraded' | 'healthy', (app: string, state: RolloutState) => string> = {
  aborted: () => ' The GitOps repo still names the new version: `/rollback` reverts it, or fix it and deploy again.',
  degraded: (app, state) =>
    isUpdating(state)
      ? ` \`/canary ${app} abort\` sends all traffic back to the stable version; \`/rollback ${app}\` reverts the change in Git.`
      : '',
  healthy: () => '',
};

/** An alert or final line in the app's channel (in the card's thread when there is a card). */
export function rolloutNoticeMessage(
  app: string,
  notice: 'aborted' | 'degraded' | 'healthy',
  state: RolloutState,
): Message {
  const hint = HINT[notice](app, state);
  const text = `${NOTICE[notice](app)}${state.message ? ` ${escape(clip(state.message, 1000))}` : ''}${hint}`;
  return { text, blocks: [section(text)] };
}
