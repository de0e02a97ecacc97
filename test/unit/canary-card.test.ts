import { readFileSync } from 'node:fs';
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PodGroup } from '../../src/adapters/rollouts.js';
import {
  actionLabel,
  CANARY_ACTIONS,
  canaryCard,
  pressLine,
  rolloutNoticeMessage,
  type CardView,
} from '../../src/blocks/canary.js';
import type { Press } from '../../src/domain/press.js';
import type { Message } from '../../src/domain/chat.js';
import { rolloutPosition, rolloutState, type RolloutAction, type RolloutState } from '../../src/domain/rollout.js';
import { wordsFor } from '../../src/i18n/index.js';
import { actions } from '../../src/slack/actions.js';

// The real canary-demo Rollout captured by the Argo Rollouts project (see test/fixtures/README.md):
// revision 31, generation 429 (status.observedGeneration "429", a string), 8 steps, at step 0,
// canary 65fb5ffc84 over stable 877894d5b, no status.phase: its Progressing condition says
// ProgressDeadlineExceeded, so `kubectl argo rollouts get` shows it Degraded.
type Obj = Record<string, unknown>;
interface K8sObject {
  readonly metadata: Obj;
  readonly spec: Obj;
  readonly status: Obj;
}
const EN = wordsFor('en');
const load = (path: string): K8sObject =>
  parse(readFileSync(new URL(`../fixtures/argo-rollouts/${path}`, import.meta.url), 'utf8')) as K8sObject;
const CANARY = load('canary/canary-rollout.yaml');
const TIMED_OUT = 'ProgressDeadlineExceeded: ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing.';
const canarySpec = (CANARY.spec['strategy'] as { canary: Obj }).canary;

/** The fixture with status (and spec, metadata) fields replaced, as the API would return it later. */
const rollout = (status: Obj = {}, spec: Obj = {}, metadata: Obj = {}): K8sObject => ({
  ...CANARY,
  metadata: { ...CANARY.metadata, ...metadata },
  spec: { ...CANARY.spec, ...spec },
  status: { ...CANARY.status, ...status },
});
const stateOf = (status: Obj = {}, spec: Obj = {}, metadata: Obj = {}): RolloutState =>
  rolloutState(rollout(status, spec, metadata));

const STABLE = '877894d5b';
const NEW = '65fb5ffc84';
const OLD = '5d8b7c6f4';
const RUN = 'canary-demo-65fb5ffc84-31-2';
const PAUSED_AT = '2019-10-28T04:53:10Z';
const PAUSED_AT_SLACK = `<!date^1572238390^{ago}|2019-10-28T04:53:10.000Z>`;
const TITLE = 'Canary `web` · Rollout `jesse-test/canary-demo` · revision 31';

/** Waiting at step 2 (`pause`, no duration) of revision 31: the state a card is posted for. */
const PAUSED_STATUS: Obj = {
  phase: 'Paused',
  currentStepIndex: 1,
  controllerPause: true,
  pauseConditions: [{ reason: 'CanaryPauseStep', startTime: PAUSED_AT }],
};
const PAUSED = stateOf(PAUSED_STATUS);
/** Aborted by a person: the controller is back at step 1 with weight 0. */
const ABORTED = stateOf({
  phase: 'Degraded',
  abort: true,
  currentStepIndex: 0,
  message: 'RolloutAborted: Rollout aborted update to revision 31',
});
/** Every step done and the new version is the stable one. */
const PROMOTED = stateOf({ phase: 'Healthy', currentStepIndex: 8, stableRS: NEW });
/** Running step 1 (setWeight 20): not paused, still updating. */
const RUNNING = stateOf({ phase: 'Progressing', currentStepIndex: 0 });
/** The same canary with an analysis step, at the analysis. */
const ANALYSIS_STEPS: Obj[] = [
  { setWeight: 20 },
  { pause: {} },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
  { setWeight: 50 },
  { pause: { duration: '1h' } },
];
const ANALYSING = stateOf(
  {
    phase: 'Progressing',
    currentStepIndex: 2,
    canary: { currentStepAnalysisRunStatus: { name: RUN, status: 'Running' } },
  },
  { strategy: { canary: { ...canarySpec, steps: ANALYSIS_STEPS } } },
);
/** A blue-green Rollout waiting before promotion (the same object with the other strategy). */
const BLUE_GREEN = stateOf(
  {
    phase: 'Paused',
    currentStepIndex: undefined,
    pauseConditions: [{ reason: 'BlueGreenPause', startTime: PAUSED_AT }],
    controllerPause: true,
  },
  { strategy: { blueGreen: { activeService: 'canary-demo', previewService: 'canary-demo-preview' } } },
);

const PODS: PodGroup[] = [
  { hash: OLD, image: 'argoproj/rollouts-demo:yellow', pods: 1, ready: 0 },
  { hash: NEW, image: 'argoproj/rollouts-demo:does-not-exist', pods: 1, ready: 0 },
  { hash: STABLE, image: 'argoproj/rollouts-demo:blue', pods: 5, ready: 5 },
];

const AT = Date.UTC(2024, 0, 2, 10, 42, 7, 890);
const AT_SLACK = '<!date^1704192127^{time}|2024-01-02T10:42:07.890Z>';
const press = (action: RolloutAction, over: Partial<Press> = {}): Press => ({
  action,
  by: 'U0ANA',
  at: AT,
  from: '31/1',
  ...over,
});

const card = (state: RolloutState, over: Partial<CardView> = {}): Message =>
  canaryCard(EN, { app: 'web', state, pods: PODS, ...over });
const blocksOf = (message: Message): readonly KnownBlock[] => message.blocks ?? [];
/** The card's one section: title, then one line per fact. */
const sectionText = (message: Message): string => {
  const block = blocksOf(message)[0];
  if (block?.type !== 'section') throw new Error(`expected a section first, got ${block?.type}`);
  return block.text?.text ?? '';
};
const sectionLines = (message: Message): string[] => sectionText(message).split('\n');
const contextText = (message: Message): string | undefined => {
  const block = blocksOf(message).find((b) => b.type === 'context');
  return block?.type === 'context' ? block.elements.map((e) => ('text' in e ? e.text : '')).join(' ') : undefined;
};
const buttons = (message: Message): Button[] => {
  const block = blocksOf(message).find((b): b is ActionsBlock => b.type === 'actions');
  return (block?.elements ?? []) as Button[];
};
const labels = (message: Message): string[] => buttons(message).map((b) => b.text.text);
/** The mrkdwn of every section and context block. */
const allTexts = (message: Message): string[] =>
  blocksOf(message).flatMap((block) => {
    if (block.type === 'section') return [block.text?.text ?? '', ...(block.fields ?? []).map((f) => f.text)];
    if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : ''));
    return [];
  });

const toCommand = (actionId: string, value: string) => {
  const def = actions.find((a) => a.actionId === actionId);
  if (!def) throw new Error(`no action ${actionId}`);
  return def.toCommand(value);
};

describe('rolloutState of the fixture', () => {
  it('trusts status.phase once the string observedGeneration has caught up with metadata.generation, as the plugin does', () => {
    expect(CANARY.metadata['generation']).toBe(429);
    expect(CANARY.status['observedGeneration']).toBe('429');
    expect(PAUSED.phase).toBe('Paused');
    const behind = {
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed',
      phasePending: true,
    };
    expect(stateOf({ ...PAUSED_STATUS, observedGeneration: '428' })).toMatchObject(behind);
    expect(stateOf(PAUSED_STATUS, {}, { generation: 430 })).toMatchObject(behind);
    // Without a numeric observedGeneration (controllers before v0.10) the plugin takes the status as current.
    expect(stateOf({ ...PAUSED_STATUS, observedGeneration: undefined }).phase).toBe('Paused');
  });

  it('reads the paused state a card is drawn from', () => {
    expect(PAUSED).toMatchObject({
      name: 'canary-demo',
      namespace: 'jesse-test',
      revision: '31',
      strategy: 'canary',
      currentStepIndex: 1,
      pauseReasons: ['CanaryPauseStep'],
      pausedSince: PAUSED_AT,
      aborted: false,
      stableRS: STABLE,
      currentPodHash: NEW,
      weight: { canary: 20, source: 'step' },
      image: 'argoproj/rollouts-demo:does-not-exist',
      replicas: 5,
    });
    expect(PAUSED.steps.map((s) => s.text)).toEqual([
      'setWeight 20',
      'pause',
      'setWeight 40',
      'pause 10s',
      'setWeight 60',
      'pause 10s',
      'setWeight 80',
      'pause 10s',
    ]);
    expect(rolloutPosition(PAUSED)).toBe('31/1');
    expect(rolloutPosition(ABORTED)).toBe('31/0/aborted');
    expect(rolloutPosition(BLUE_GREEN)).toBe('31/-');
  });
});

describe('canaryCard: the section', () => {
  it('draws the paused canary line by line: title, status, step, weight, new version, pods', () => {
    const message = card(PAUSED);
    expect(sectionText(message)).toBe(
      [
        `*${TITLE}*`,
        '*Paused* · paused (CanaryPauseStep)',
        'Step 2/8: `pause`',
        'Weight: canary *20%* / stable *80%* (setWeight of the last step reached) · pods: canary 1, stable 5',
        'New version: `argoproj/rollouts-demo:does-not-exist`',
        `stable \`${STABLE}\` argoproj/rollouts-demo:blue: 5/5 ready`,
        `canary \`${NEW}\` argoproj/rollouts-demo:does-not-exist: 0/1 ready`,
        `old \`${OLD}\` argoproj/rollouts-demo:yellow: 0/1 ready`,
      ].join('\n'),
    );
    expect(message.text).toBe(`${TITLE}: Paused, Step 2/8: \`pause\``);
  });

  it('leaves the revision out of the title when the Rollout has none', () => {
    const state = stateOf(PAUSED_STATUS, {}, { annotations: {} });
    expect(sectionLines(card(state))[0]).toBe('*Canary `web` · Rollout `jesse-test/canary-demo`*');
    expect(rolloutPosition(state)).toBe(`${NEW}/1`);
  });

  it('says Aborted over the phase, with the controller message and no "paused"', () => {
    const aborted = stateOf({
      ...PAUSED_STATUS,
      abort: true,
      message: 'RolloutAborted: Rollout aborted update to revision 31',
    });
    expect(sectionLines(card(aborted))[1]).toBe('*Aborted* — RolloutAborted: Rollout aborted update to revision 31');
    expect(sectionLines(card(ABORTED))[1]).toBe('*Aborted* — RolloutAborted: Rollout aborted update to revision 31');
    expect(card(ABORTED).text).toBe(`${TITLE}: Aborted, Step 1/8: \`setWeight 20\``);
    // The message alone is enough to know it was aborted.
    expect(
      sectionLines(
        card(stateOf({ phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 31' })),
      )[1],
    ).toMatch(/^\*Aborted\* — /);
  });

  it('says Progressing and why when the controller has not seen the latest spec, whatever status.phase says', () => {
    const stale = stateOf({ ...PAUSED_STATUS, phase: 'Healthy', observedGeneration: '428' });
    expect(sectionLines(card(stale))[1]).toBe(
      '*Progressing* · paused (CanaryPauseStep) — waiting for rollout spec update to be observed',
    );
    expect(card(stale).text).toBe(`${TITLE}: Progressing, Step 2/8: \`pause\``);
  });

  it('says "by hand" when paused through spec.paused without a pause condition', () => {
    const byHand = stateOf({ phase: 'Paused', currentStepIndex: 2 }, { paused: true });
    expect(sectionLines(card(byHand))[1]).toBe('*Paused* · paused (by hand)');
  });

  it('escapes the controller message, the AnalysisRun message and the images', () => {
    const state = stateOf({
      ...PAUSED_STATUS,
      message: 'Pod <web-1> & <!channel> failed',
      canary: {
        currentStepAnalysisRunStatus: {
          name: RUN,
          status: 'Failed',
          message: 'metric "error-rate" assessed Failed: 0.2 > 0.05 & <@U0EVIL>',
        },
      },
    });
    const message = card(state, { pods: [{ hash: STABLE, image: 'reg<x>/a&b', pods: 1, ready: 1 }] });
    const lines = sectionLines(message);
    expect(lines[1]).toBe('*Paused* · paused (CanaryPauseStep) — Pod &lt;web-1&gt; &amp; &lt;!channel&gt; failed');
    expect(lines).toContain(`stable \`${STABLE}\` reg&lt;x&gt;/a&amp;b: 1/1 ready`);
    expect(lines.at(-1)).toBe(
      `AnalysisRun \`${RUN}\`: *Failed* — metric "error-rate" assessed Failed: 0.2 &gt; 0.05 &amp; &lt;@U0EVIL&gt;`,
    );
    expect(sectionText(message)).not.toMatch(/<[!@]/);
  });
});

describe('canaryCard: the step line', () => {
  it.each<[string, RolloutState, string]>([
    ['at a setWeight step', RUNNING, 'Step 1/8: `setWeight 20`'],
    ['at a pause step', PAUSED, 'Step 2/8: `pause`'],
    ['at a timed pause', stateOf({ phase: 'Paused', currentStepIndex: 3 }), 'Step 4/8: `pause 10s`'],
    ['at the last step', stateOf({ phase: 'Paused', currentStepIndex: 7 }), 'Step 8/8: `pause 10s`'],
    ['at an analysis step', ANALYSING, 'Step 3/5: `analysis`'],
    ['past the last step', PROMOTED, 'All 8 steps done'],
  ])('%s', (_, state, line) => {
    expect(sectionLines(card(state))[2]).toBe(line);
    expect(card(state).text).toMatch(new RegExp(`, ${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('has none for blue-green nor for a canary without steps', () => {
    const noSteps = stateOf(
      { phase: 'Paused', currentStepIndex: undefined },
      { strategy: { canary: { ...canarySpec, steps: [] } } },
    );
    for (const state of [BLUE_GREEN, noSteps]) {
      const lines = sectionLines(card(state));
      expect(lines.some((l) => /^Step |steps done/.test(l))).toBe(false);
      expect(card(state).text).toBe(`${TITLE}: Paused`);
    }
    expect(sectionLines(card(BLUE_GREEN))[1]).toBe('*Paused* · paused (BlueGreenPause)');
  });
});

describe('canaryCard: weight and pods', () => {
  it('prefers the traffic router weight', () => {
    const state = stateOf({
      ...PAUSED_STATUS,
      canary: {
        weights: { canary: { weight: 25, podTemplateHash: NEW }, stable: { weight: 75, podTemplateHash: STABLE } },
      },
    });
    expect(sectionLines(card(state))[3]).toBe(
      'Weight: canary *25%* / stable *75%* (traffic) · pods: canary 1, stable 5',
    );
  });

  it('counts 0 canary pods when none are up yet', () => {
    const message = card(PAUSED, { pods: [{ hash: STABLE, pods: 5, ready: 4 }] });
    expect(sectionLines(message)[3]).toBe(
      'Weight: canary *20%* / stable *80%* (setWeight of the last step reached) · pods: canary 0, stable 5',
    );
    expect(sectionLines(message)).toContain(`stable \`${STABLE}\`: 4/5 ready`);
  });

  it('shows weight 0 when aborted and 100 when every step is done, without a pods split once canary is stable', () => {
    expect(sectionLines(card(ABORTED))[3]).toBe(
      'Weight: canary *0%* / stable *100%* (setWeight of the last step reached) · pods: canary 1, stable 5',
    );
    const promoted = sectionLines(
      card(PROMOTED, { pods: [{ hash: NEW, image: 'argoproj/rollouts-demo:does-not-exist', pods: 5, ready: 5 }] }),
    );
    expect(promoted[3]).toBe('Weight: canary *100%* / stable *0%* (setWeight of the last step reached)');
    expect(promoted).toContain(`stable \`${NEW}\` argoproj/rollouts-demo:does-not-exist: 5/5 ready`);
  });

  it('has the pods split alone without a weight, and no weight line without either', () => {
    const noWeight = stateOf(
      { phase: 'Paused', currentStepIndex: undefined },
      { strategy: { canary: { ...canarySpec, steps: [] } } },
    );
    expect(noWeight.weight).toBeUndefined();
    expect(sectionLines(card(noWeight))[2]).toBe('pods: canary 1, stable 5');
    expect(
      sectionLines(card(noWeight, { pods: [] })).some((l) => l.startsWith('pods:') || l.startsWith('Weight:')),
    ).toBe(false);
  });

  it('orders pod lines stable, canary, then old ones in the order given', () => {
    const OLDER = '4c7a6b5e3';
    const pods: PodGroup[] = [
      { hash: OLD, pods: 2, ready: 1 },
      { hash: NEW, pods: 1, ready: 1 },
      { hash: OLDER, pods: 1, ready: 0 },
      { hash: STABLE, pods: 4, ready: 4 },
    ];
    const podLines = sectionLines(card(PAUSED, { pods })).filter((l) => /^(stable|canary|old) `/.test(l));
    expect(podLines).toEqual([
      `stable \`${STABLE}\`: 4/4 ready`,
      `canary \`${NEW}\`: 1/1 ready`,
      `old \`${OLD}\`: 1/2 ready`,
      `old \`${OLDER}\`: 0/1 ready`,
    ]);
  });
});

describe('canaryCard: AnalysisRun and context', () => {
  it('ends the section with the AnalysisRun', () => {
    const lines = sectionLines(card(ANALYSING));
    expect(lines.at(-1)).toBe(`AnalysisRun \`${RUN}\`: *Running*`);
    expect(lines.slice(0, 3)).toEqual([`*${TITLE}*`, '*Progressing*', 'Step 3/5: `analysis`']);
  });

  it('has no AnalysisRun line without one', () => {
    expect(sectionText(card(PAUSED))).not.toContain('AnalysisRun');
  });

  it('notes since when it is paused and the last press', () => {
    expect(contextText(card(PAUSED))).toBe(`paused ${PAUSED_AT_SLACK}`);
    expect(contextText(card(PAUSED, { lastPress: press('promote', { step: 2, from: '31/0' }) }))).toBe(
      `paused ${PAUSED_AT_SLACK} · Promoted to step 2 by <@U0ANA> at ${AT_SLACK}`,
    );
    expect(contextText(card(ABORTED, { lastPress: press('abort') }))).toBe(`Aborted by <@U0ANA> at ${AT_SLACK}`);
  });

  it('has no context block with nothing to note', () => {
    const message = card(RUNNING);
    expect(contextText(message)).toBeUndefined();
    expect(blocksOf(message).map((b) => b.type)).toEqual(['section', 'actions']);
  });

  it('takes the earliest pause condition', () => {
    const state = stateOf({
      ...PAUSED_STATUS,
      pauseConditions: [
        { reason: 'CanaryPauseStep', startTime: '2019-10-28T05:00:00Z' },
        { reason: 'InconclusiveAnalysisRun', startTime: PAUSED_AT },
      ],
    });
    expect(contextText(card(state))).toBe(`paused ${PAUSED_AT_SLACK}`);
    expect(sectionLines(card(state))[1]).toBe('*Paused* · paused (CanaryPauseStep, InconclusiveAnalysisRun)');
  });
});

describe('pressLine', () => {
  it.each<[Press, string]>([
    [press('promote', { step: 3 }), `Promoted to step 3 by <@U0ANA> at ${AT_SLACK}`],
    [press('promote'), `Promoted by <@U0ANA> at ${AT_SLACK}`],
    [press('abort', { step: 3 }), `Aborted by <@U0ANA> at ${AT_SLACK}`],
    [press('retry', { step: 1 }), `Retried by <@U0ANA> at ${AT_SLACK}`],
    [press('promote-full', { step: 8 }), `Fully promoted by <@U0ANA> at ${AT_SLACK}`],
  ])('%j', (p, line) => {
    expect(pressLine(EN, p)).toBe(line);
  });

  it('uses whole seconds for the Slack date and the exact time as fallback', () => {
    expect(pressLine(EN, press('retry', { at: 0, by: 'W0BOB' }))).toBe(
      'Retried by <@W0BOB> at <!date^0^{time}|1970-01-01T00:00:00.000Z>',
    );
  });
});

describe('CANARY_ACTIONS and actionLabel', () => {
  it('names every action', () => {
    expect(CANARY_ACTIONS).toEqual({
      promote: 'kanaria:canary:promote',
      'promote-full': 'kanaria:canary:promote-full',
      abort: 'kanaria:canary:abort',
      retry: 'kanaria:canary:retry',
    });
    expect((['promote', 'promote-full', 'abort', 'retry'] as const).map((a) => actionLabel(EN, a))).toEqual([
      'Promote',
      'Promote full',
      'Abort',
      'Retry',
    ]);
  });

  it('has one Slack action per canary action id', () => {
    for (const id of Object.values(CANARY_ACTIONS)) expect(actions.filter((a) => a.actionId === id)).toHaveLength(1);
  });
});

describe('canaryCard: buttons', () => {
  it.each<[string, RolloutState, string[]]>([
    ['paused at a pause step', PAUSED, ['Promote', 'Promote full', 'Abort']],
    ['running a setWeight step', RUNNING, ['Promote full', 'Abort']],
    ['at an analysis step', ANALYSING, ['Promote', 'Promote full', 'Abort']],
    ['blue-green before promotion', BLUE_GREEN, ['Promote', 'Promote full', 'Abort']],
    [
      'paused by hand with nothing to update',
      stateOf({ phase: 'Paused', stableRS: NEW, currentStepIndex: 8 }, { paused: true }),
      ['Promote'],
    ],
    ['aborted', ABORTED, ['Retry']],
    ['fully promoted', PROMOTED, []],
  ])('%s', (_, state, expected) => {
    const message = card(state);
    expect(labels(message)).toEqual(expected);
    expect(blocksOf(message).filter((b) => b.type === 'actions')).toHaveLength(expected.length > 0 ? 1 : 0);
    for (const b of buttons(message)) {
      const action = (Object.keys(CANARY_ACTIONS) as RolloutAction[]).find(
        (a) => actionLabel(EN, a) === b.text.text,
      ) as RolloutAction;
      expect(b.action_id).toBe(CANARY_ACTIONS[action]);
      expect(b.text.type).toBe('plain_text');
      expect(JSON.parse(b.value ?? '')).toEqual({ app: 'web', position: rolloutPosition(state) });
      // What the card shows comes back as the command a person could have typed.
      expect(toCommand(b.action_id ?? '', b.value ?? '')).toEqual({
        command: 'canary',
        text: `web ${action} ${rolloutPosition(state)}`,
      });
    }
  });

  it('draws the paused card as section, context, actions', () => {
    expect(blocksOf(card(PAUSED)).map((b) => b.type)).toEqual(['section', 'context', 'actions']);
    expect(blocksOf(card(PROMOTED)).map((b) => b.type)).toEqual(['section']);
  });

  it('styles Promote primary and Abort danger, and asks before Promote full and Abort only', () => {
    const [promote, full, abort] = buttons(card(PAUSED));
    expect(promote).toEqual({
      type: 'button',
      action_id: 'kanaria:canary:promote',
      text: { type: 'plain_text', text: 'Promote' },
      value: '{"app":"web","position":"31/1"}',
      style: 'primary',
    });
    expect(full?.style).toBeUndefined();
    expect(full?.confirm).toEqual({
      title: { type: 'plain_text', text: 'Promote full web?' },
      text: {
        type: 'mrkdwn',
        text: 'Skip every remaining step, analysis and pause of `web` and send all traffic to the new version?',
      },
      confirm: { type: 'plain_text', text: 'Promote full' },
      deny: { type: 'plain_text', text: 'Cancel' },
    });
    expect(abort?.style).toBe('danger');
    expect(abort?.confirm?.title).toEqual({ type: 'plain_text', text: 'Abort web?' });
    expect(abort?.confirm?.text).toEqual({
      type: 'mrkdwn',
      text: 'Abort the canary of `web` and send all traffic back to the stable version? The GitOps repo still names the new version: roll it back with /rollback.',
    });
    expect(abort?.confirm?.confirm).toEqual({ type: 'plain_text', text: 'Abort' });
    expect(abort?.confirm?.deny).toEqual({ type: 'plain_text', text: 'Cancel' });
    const [retry] = buttons(card(ABORTED));
    expect(retry).toEqual({
      type: 'button',
      action_id: 'kanaria:canary:retry',
      text: { type: 'plain_text', text: 'Retry' },
      value: '{"app":"web","position":"31/0/aborted"}',
    });
  });

  it('carries the app of the card in every button and dialog', () => {
    const app = 'ml-inference.gpu_a100';
    const message = card(PAUSED, { app });
    expect(sectionLines(message)[0]).toBe(
      '*Canary `ml-inference.gpu_a100` · Rollout `jesse-test/canary-demo` · revision 31*',
    );
    for (const b of buttons(message)) {
      expect(JSON.parse(b.value ?? '')).toEqual({ app, position: '31/1' });
      if (b.confirm) {
        expect(b.confirm.title?.text).toContain(app);
        expect(b.confirm.text?.text).toContain(`\`${app}\``);
      }
    }
  });
});

// A controller that writes no status.phase leaves the progress deadline in the conditions only; the card
// shows what `kubectl argo rollouts get` shows for the same objects (cmd/get/get_test.go upstream).
describe('canaryCard: a failing rollout looks failed', () => {
  const DEGRADED = rolloutState(CANARY);

  it('shows the captured canary as Degraded, with the message of its condition', () => {
    const message = card(DEGRADED);
    expect(sectionLines(message).slice(0, 4)).toEqual([
      `*${TITLE}*`,
      `*Degraded* — ${TIMED_OUT}`,
      'Step 1/8: `setWeight 20`',
      'Weight: canary *20%* / stable *80%* (setWeight of the last step reached) · pods: canary 1, stable 5',
    ]);
    expect(message.text).toBe(`${TITLE}: Degraded, Step 1/8: \`setWeight 20\``);
  });

  it('offers Abort alone, with its confirmation: nothing that sends more traffic to the failing version', () => {
    const message = card(DEGRADED);
    expect(labels(message)).toEqual(['Abort']);
    const [abort] = buttons(message);
    expect(abort?.action_id).toBe(CANARY_ACTIONS.abort);
    expect(abort?.style).toBe('danger');
    expect(abort?.confirm?.title).toEqual({ type: 'plain_text', text: 'Abort web?' });
    expect(toCommand(abort?.action_id ?? '', abort?.value ?? '')).toEqual({
      command: 'canary',
      text: 'web abort 31/0',
    });
  });

  it.each<[string, RolloutState, string, string[]]>([
    [
      'Degraded by the controller (status.phase)',
      stateOf({ phase: 'Degraded', message: TIMED_OUT }),
      `*Degraded* — ${TIMED_OUT}`,
      ['Abort'],
    ],
    [
      'Degraded while paused by hand',
      stateOf({}, { paused: true }),
      `*Degraded* · paused (by hand) — ${TIMED_OUT}`,
      ['Abort'],
    ],
    [
      'the captured experiment-analysis rollout: Degraded although paused on an inconclusive analysis',
      rolloutState(load('experiment-analysis/rollout-experiment-analysis.yaml')),
      '*Degraded* · paused (InconclusiveAnalysisRun) — ProgressDeadlineExceeded: ReplicaSet "rollout-experiment-analysis-6f646bf7b7" has timed out progressing.',
      ['Abort'],
    ],
    ['aborted once Abort was pressed: Retry', stateOf({ abort: true }), `*Aborted* — ${TIMED_OUT}`, ['Retry']],
    [
      'the captured aborted rollout',
      rolloutState(load('rollout-aborted/rollout.yaml')),
      '*Aborted* — RolloutAborted: metric "web" assessed Failed due to failed (1) &gt; failureLimit (0)',
      ['Retry'],
    ],
    [
      'the captured invalid spec, with nothing rolling out: no buttons',
      rolloutState(load('rollout-invalid/rollout-invalid.yaml')),
      '*Degraded* — InvalidSpec: The Rollout "rollout-invalid" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"doesnt-match"}: `selector` does not match template `labels`',
      [],
    ],
  ])('%s', (_, state, statusLine, expected) => {
    const message = card(state);
    expect(sectionLines(message)[1]).toBe(statusLine);
    expect(labels(message)).toEqual(expected);
  });

  it('shows both weights the traffic router reports, not a stable weight computed from the canary one', () => {
    const weights = rolloutState(load('canary/canary-rollout5.yaml'));
    expect(sectionLines(card(weights))).toContain(
      'Weight: canary *20%* / stable *60%* (traffic) · pods: canary 1, stable 5',
    );
    const withExperiments = stateOf({
      canary: {
        weights: { canary: { weight: 20 }, stable: { weight: 60 }, additional: [{ weight: 15 }, { weight: 5 }] },
      },
    });
    expect(sectionLines(card(withExperiments))[3]).toBe(
      'Weight: canary *20%* / stable *60%* / experiments *20%* (traffic) · pods: canary 1, stable 5',
    );
  });

  it('alerts with the message and what a person can do', () => {
    expect(rolloutNoticeMessage(EN, 'web', 'degraded', DEGRADED).text).toBe(
      `:x: The rollout of \`web\` is *Degraded*. ${TIMED_OUT} \`/canary web abort\` sends all traffic back to the stable version; \`/rollback web\` reverts the change in Git.`,
    );
    // Nothing is rolling out: nothing to abort, only the reason.
    const invalid = rolloutState(load('rollout-invalid/rollout-invalid.yaml'));
    expect(rolloutNoticeMessage(EN, 'web', 'degraded', invalid).text).toBe(
      `:x: The rollout of \`web\` is *Degraded*. ${invalid.message}`,
    );
  });
});

describe('Slack action values of the canary buttons', () => {
  it.each(Object.entries(CANARY_ACTIONS))(
    '%s (%s) turns {app, position} into `canary web <action> <position>`',
    (action, actionId) => {
      expect(toCommand(actionId, '{"app":"web","position":"31/1"}')).toEqual({
        command: 'canary',
        text: `web ${action} 31/1`,
      });
    },
  );

  it.each(['31/1', '31/0/aborted', '31/-', `${NEW}/3`, '1.2/10'])('accepts the position %s', (position) => {
    expect(toCommand(CANARY_ACTIONS.promote, JSON.stringify({ app: 'web', position }))).toEqual({
      command: 'canary',
      text: `web promote ${position}`,
    });
  });

  it.each([
    ['not JSON', 'web promote 31/1'],
    ['empty', ''],
    ['JSON but not an object', '"31/1"'],
    ['null', 'null'],
    ['no app', '{"position":"31/1"}'],
    ['an empty app', '{"app":"","position":"31/1"}'],
    ['an app that is not a string', '{"app":7,"position":"31/1"}'],
    ['no position', '{"app":"web"}'],
    ['an empty position', '{"app":"web","position":""}'],
    ['a position without a step', '{"app":"web","position":"31"}'],
    ['a position with a space', '{"app":"web","position":"31/1 abort"}'],
    ['a position with a leading space', '{"app":"web","position":" 31/1"}'],
    ['a position with a trailing newline', '{"app":"web","position":"31/1\\n"}'],
    ['a position with other characters', '{"app":"web","position":"31/1;rm"}'],
    ['a position with a third part other than aborted', '{"app":"web","position":"31/1/2"}'],
    ['a position with more after aborted', '{"app":"web","position":"31/1/aborted/x"}'],
    ['a position that is not a string', '{"app":"web","position":31}'],
    ['an unknown position from a state without revision nor pod hash', '{"app":"web","position":"?/-"}'],
  ])('refuses %s', (_, value) => {
    for (const actionId of Object.values(CANARY_ACTIONS)) expect(() => toCommand(actionId, value)).toThrow();
  });
});

describe('Slack limits', () => {
  const SECTION_MAX = 3000;
  const BLOCKS_MAX = 50;
  /** 30 ReplicaSets' pods, each pinned by digest as GitOps repos often do (about 100 characters an image). */
  const manyPods: PodGroup[] = Array.from({ length: 30 }, (_, i) => ({
    hash: i === 0 ? STABLE : i === 1 ? NEW : `${(0x5d8b7c6f0 + i).toString(16)}`,
    image: `registry.example.com/ml/web@sha256:${i.toString(16).padStart(2, '0')}${'ab'.repeat(31)}`,
    pods: 3,
    ready: i % 3,
  }));
  const longMessage =
    `ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing: ${'Back-off pulling image <argoproj/rollouts-demo:does-not-exist> & retrying. '.repeat(80)}`.slice(
      0,
      5000,
    );

  const expectWithinLimits = (message: Message) => {
    expect(blocksOf(message).length).toBeLessThanOrEqual(BLOCKS_MAX);
    for (const text of allTexts(message)) expect(text.length).toBeLessThanOrEqual(SECTION_MAX);
    // What a person needs to act stays on the card.
    expect(sectionLines(message)[0]).toBe(`*${TITLE}*`);
    expect(labels(message)).toEqual(['Promote', 'Promote full', 'Abort']);
  };

  it('keeps the paused card and its buttons within Slack limits', () => {
    const message = card(PAUSED, { lastPress: press('promote', { step: 2 }) });
    expectWithinLimits(message);
    for (const b of buttons(message)) {
      expect(b.text.text.length).toBeLessThanOrEqual(75);
      expect((b.value ?? '').length).toBeLessThanOrEqual(2000);
      expect((b.action_id ?? '').length).toBeLessThanOrEqual(255);
      if (b.confirm) {
        expect(b.confirm.title?.text.length ?? 0).toBeLessThanOrEqual(100);
        expect(b.confirm.text?.text.length ?? 0).toBeLessThanOrEqual(300);
        expect(b.confirm.confirm?.text.length ?? 0).toBeLessThanOrEqual(30);
        expect(b.confirm.deny?.text.length ?? 0).toBeLessThanOrEqual(30);
      }
    }
  });

  it('keeps every section within 3000 characters with a 5000-character controller message', () => {
    expect(longMessage).toHaveLength(5000);
    const message = card(stateOf({ ...PAUSED_STATUS, message: longMessage }));
    expectWithinLimits(message);
    // Shortened or not, the message stays escaped and the facts after it stay on the card.
    expect(sectionLines(message)[1]).toMatch(
      /^\*Paused\* · paused \(CanaryPauseStep\) — ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing: /,
    );
    expect(sectionText(message)).not.toContain('<');
    expect(sectionLines(message)).toContain('Step 2/8: `pause`');
  });

  it('keeps every section within 3000 characters with 30 pod groups', () => {
    const message = card(PAUSED, { pods: manyPods });
    expectWithinLimits(message);
    // Stable and canary come first and stay, however many old versions there are.
    const lines = sectionLines(message);
    expect(lines.some((l) => l.startsWith(`stable \`${STABLE}\` `))).toBe(true);
    expect(lines.some((l) => l.startsWith(`canary \`${NEW}\` `))).toBe(true);
  });

  it('keeps within 50 blocks and 3000 characters a section with both, an AnalysisRun message and a press', () => {
    const state = stateOf({
      ...PAUSED_STATUS,
      message: longMessage,
      canary: { currentStepAnalysisRunStatus: { name: RUN, status: 'Inconclusive', message: longMessage } },
    });
    expectWithinLimits(card(state, { pods: manyPods, lastPress: press('promote', { step: 2 }) }));
  });
});
