import type { Button, KnownBlock } from '@slack/types';
import type { PodGroup } from '../adapters/rollouts.js';
import type { Press } from '../domain/press.js';
import type { Message } from '../domain/chat.js';
import {
  availableActions,
  isPaused,
  isUpdating,
  rolloutPosition,
  type RolloutAction,
  type RolloutState,
} from '../domain/rollout.js';
import type { Words } from '../i18n/index.js';
import { clip, context, escape, section } from './gitops.js';

export const CANARY_ACTIONS: Record<RolloutAction, string> = {
  promote: 'kanaria:canary:promote',
  'promote-full': 'kanaria:canary:promote-full',
  abort: 'kanaria:canary:abort',
  retry: 'kanaria:canary:retry',
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
export function pressLine(t: Words, press: Press): string {
  // Slack users are mentioned; Kanaria's own actors (autopilot) are named.
  const by = /^[UW][A-Z0-9]+$/.test(press.by) ? `<@${press.by}>` : escape(press.by);
  const at = slackDate(press.at, '{time}');
  if (press.action === 'promote' && press.step !== undefined)
    return t('blocks.canary.promotedToStep', { step: press.step, by, at });
  return t('blocks.canary.pressed', { action: t(`blocks.canary.done.${press.action}`), by, at });
}

function stepLine(t: Words, state: RolloutState): string | undefined {
  if (state.strategy !== 'canary' || state.steps.length === 0) return undefined;
  const index = state.currentStepIndex ?? 0;
  const total = state.steps.length;
  if (index >= total) return t('blocks.canary.allStepsDone', { total });
  return t('blocks.canary.step', { step: index + 1, total, text: state.steps[index]?.text });
}

/** The phase as the plugin shows it, except that an abort says so. */
const phaseOf = (state: RolloutState): string => (state.aborted ? 'Aborted' : state.phase);

function statusLine(t: Words, state: RolloutState): string {
  const phase = phaseOf(state);
  const reasons = state.pauseReasons.join(', ') || t('blocks.canary.byHand');
  const paused = isPaused(state) && !state.aborted ? ` · ${t('blocks.canary.paused', { reasons })}` : '';
  return `*${phase}*${paused}${state.message ? ` — ${escape(clip(state.message, 400))}` : ''}`;
}

function weightLine(t: Words, state: RolloutState, pods: readonly PodGroup[]): string | undefined {
  const canaryPods = pods.find((p) => p.hash === state.currentPodHash);
  const stablePods = pods.find((p) => p.hash === state.stableRS);
  const split =
    state.currentPodHash !== state.stableRS && (canaryPods || stablePods)
      ? t('blocks.canary.podSplit', { canary: canaryPods?.pods ?? 0, stable: stablePods?.pods ?? 0 })
      : undefined;
  const { weight } = state;
  if (!weight) return split;
  const source = t(`blocks.canary.source.${weight.source === 'traffic' ? 'traffic' : 'steps'}`);
  const sides = [
    t('blocks.canary.side.canary', { weight: weight.canary }),
    weight.stable !== undefined && t('blocks.canary.side.stable', { weight: weight.stable }),
    weight.additional !== undefined && t('blocks.canary.side.experiments', { weight: weight.additional }),
  ].filter(Boolean);
  return `${t('blocks.canary.weight', { sides: sides.join(' / '), source })}${split ? ` · ${split}` : ''}`;
}

function podLines(t: Words, state: RolloutState, pods: readonly PodGroup[]): string[] {
  const version = (p: PodGroup) =>
    p.hash === state.stableRS ? 'stable' : p.hash === state.currentPodHash ? 'canary' : 'old';
  const order = { stable: 0, canary: 1, old: 2 };
  const sorted = [...pods].sort((a, b) => order[version(a)] - order[version(b)]);
  const lines = sorted.slice(0, MAX_POD_LINES).map((p) =>
    t('blocks.canary.pods', {
      version: t(`blocks.canary.version.${version(p)}`),
      hash: p.hash,
      image: p.image ? ` ${escape(clip(p.image, 200))}` : '',
      ready: p.ready,
      pods: p.pods,
    }),
  );
  if (sorted.length > MAX_POD_LINES)
    lines.push(t('blocks.canary.moreVersions', { count: sorted.length - MAX_POD_LINES }));
  return lines;
}

/** The canary card: where the rollout stands and the buttons that fit, each carrying where it was drawn. */
export function canaryCard(t: Words, view: CardView): Message {
  const { state, pods, app } = view;
  const rollout = `${state.namespace}/${state.name}`;
  const title = state.revision
    ? t('blocks.canary.titleRevision', { app, rollout, revision: state.revision })
    : t('blocks.canary.title', { app, rollout });
  const step = stepLine(t, state);
  const lines = [statusLine(t, state), step, weightLine(t, state, pods)].filter((l): l is string => l !== undefined);
  if (state.image) lines.push(t('blocks.canary.newVersion', { image: escape(clip(state.image, 200)) }));
  lines.push(...podLines(t, state, pods));
  if (state.analysisRun)
    lines.push(
      `AnalysisRun \`${clip(state.analysisRun.name, 100)}\`: *${state.analysisRun.status}*${state.analysisRun.message ? ` — ${escape(clip(state.analysisRun.message, 400))}` : ''}`,
    );
  const blocks: KnownBlock[] = [section(clip(`*${title}*\n${lines.join('\n')}`, 3000))];
  const notes = [
    state.pausedSince && t('blocks.canary.pausedSince', { ago: slackDate(Date.parse(state.pausedSince), '{ago}') }),
    view.lastPress && pressLine(t, view.lastPress),
  ].filter(Boolean);
  if (notes.length) blocks.push(context(notes.join(' · ')));
  const buttons = actionButtons(t, app, state);
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return { text: `${title}: ${phaseOf(state)}${step ? `, ${step}` : ''}`, blocks };
}

/** The buttons that fit the rollout's state, each carrying where it stands. */
export function actionButtons(t: Words, app: string, state: RolloutState): Button[] {
  const position = rolloutPosition(state);
  return availableActions(state).map((action) => button(t, app, action, position));
}

function button(t: Words, app: string, action: RolloutAction, position: string): Button {
  const label = actionLabel(t, action);
  return {
    type: 'button',
    action_id: CANARY_ACTIONS[action],
    text: { type: 'plain_text', text: label },
    value: JSON.stringify({ app, position }),
    ...(action === 'promote' && { style: 'primary' as const }),
    ...(action === 'abort' && { style: 'danger' as const }),
    ...((action === 'promote-full' || action === 'abort') && {
      confirm: {
        title: { type: 'plain_text' as const, text: t('blocks.canary.confirm.title', { action: label, app }) },
        text: { type: 'mrkdwn' as const, text: t(`blocks.canary.confirm.${action}`, { app }) },
        confirm: { type: 'plain_text' as const, text: label },
        deny: { type: 'plain_text' as const, text: t('common.cancel') },
      },
    }),
  };
}

export const actionLabel = (t: Words, action: RolloutAction): string => t(`blocks.canary.actions.${action}`);

type RolloutNotice = 'aborted' | 'degraded' | 'healthy';

/** What a person can do next. A Degraded rollout with a new version out can be aborted (see availableActions). */
function hint(t: Words, app: string, notice: RolloutNotice, state: RolloutState): string | undefined {
  if (notice === 'aborted') return t('blocks.canary.hint.aborted');
  if (notice === 'degraded' && isUpdating(state)) return t('blocks.canary.hint.degraded', { app });
  return undefined;
}

/** An alert or final line in the app's channel (in the card's thread when there is a card). */
export function rolloutNoticeMessage(t: Words, app: string, notice: RolloutNotice, state: RolloutState): Message {
  const said = [
    t(`blocks.canary.notice.${notice}`, { app }),
    state.message && escape(clip(state.message, 1000)),
    hint(t, app, notice, state),
  ];
  const text = said.filter(Boolean).join(' ');
  return { text, blocks: [section(text)] };
}
