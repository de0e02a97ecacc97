import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  abortPatches,
  availableActions,
  describeStep,
  isWaitingForPerson,
  noticeOnceKey,
  observeRollout,
  patchesFor,
  promoteFullPatches,
  promotePatches,
  retryPatches,
  rolloutPosition,
  rolloutState,
  type RolloutAction,
  type RolloutMemory,
  type RolloutNotice,
  type RolloutPatches,
  type RolloutState,
  type StepView,
} from '../../src/domain/rollout.js';

// Real objects captured by the Argo Rollouts project (pkg/kubectl-argo-rollouts/info/testdata): see test/fixtures/README.md.
type Obj = Record<string, unknown>;
interface K8sObject {
  readonly metadata: Obj;
  readonly spec: Obj;
  readonly status: Obj;
}
const load = (path: string): K8sObject =>
  parse(readFileSync(new URL(`../fixtures/argo-rollouts/${path}`, import.meta.url), 'utf8')) as K8sObject;
const omit = (o: Obj, ...keys: string[]): Obj =>
  Object.fromEntries(Object.entries(o).filter(([key]) => !keys.includes(key)));

/**
 * canary-demo, revision 31: 8 steps (setWeight 20, pause, setWeight 40, pause 10s, … setWeight 80, pause 10s), at step 0, canary
 * 65fb5ffc84 over stable 877894d5b. No status.phase, and its Progressing condition says ProgressDeadlineExceeded: Degraded.
 */
const CANARY = load('canary/canary-rollout.yaml');
const TIMED_OUT = 'ProgressDeadlineExceeded: ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing.';
/** bluegreen-demo, revision 11: paused before promotion (BlueGreenPause), preview 74b948fccb, active 6cbccd9f99. */
const BLUE_GREEN = load('blue-green/bluegreen-rollout.yaml');

const canarySpec = (CANARY.spec['strategy'] as { canary: Obj }).canary;
const FIXTURE_STEPS = canarySpec['steps'] as Obj[];
/** The same canary with an analysis step: setWeight 20, pause, analysis, setWeight 50, pause 1h. */
const ANALYSIS_STEPS: Obj[] = [
  { setWeight: 20 },
  { pause: {} },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
  { setWeight: 50 },
  { pause: { duration: '1h' } },
];
const withSteps = (steps: Obj[]): Obj => ({ strategy: { canary: { ...canarySpec, steps } } });

/** The canary fixture with status (and spec, metadata) fields replaced, as the API would return it later. */
const canary = (status: Obj = {}, spec: Obj = {}, metadata: Obj = {}): K8sObject => ({
  ...CANARY,
  metadata: { ...CANARY.metadata, ...metadata },
  spec: { ...CANARY.spec, ...spec },
  status: { ...CANARY.status, ...status },
});
const analysisCanary = (status: Obj = {}, spec: Obj = {}): K8sObject =>
  canary(status, { ...withSteps(ANALYSIS_STEPS), ...spec });
const blueGreen = (status: Obj = {}, spec: Obj = {}): K8sObject => ({
  ...BLUE_GREEN,
  spec: { ...BLUE_GREEN.spec, ...spec },
  status: { ...BLUE_GREEN.status, ...status },
});

const STABLE = '877894d5b';
const NEW = '65fb5ffc84';
const RUN = 'canary-demo-65fb5ffc84-31-2';
const PAUSED_AT = '2019-10-28T04:53:10Z';

// Statuses the controller writes along the way.
const PAUSED_AT_STEP: Obj = {
  currentStepIndex: 1,
  phase: 'Paused',
  message: 'CanaryPauseStep',
  controllerPause: true,
  pauseConditions: [{ reason: 'CanaryPauseStep', startTime: PAUSED_AT }],
};
const PAUSED_TIMED: Obj = {
  currentStepIndex: 3,
  phase: 'Paused',
  message: 'CanaryPauseStep',
  controllerPause: true,
  pauseConditions: [{ reason: 'CanaryPauseStep', startTime: PAUSED_AT }],
};
const PROGRESSING: Obj = { currentStepIndex: 2, phase: 'Progressing', message: 'more replicas need to be updated' };
const ANALYZING: Obj = {
  currentStepIndex: 2,
  phase: 'Progressing',
  canary: { currentStepAnalysisRunStatus: { name: RUN, status: 'Running' } },
};
const INCONCLUSIVE_MESSAGE =
  'Metric "success-rate" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)';
const INCONCLUSIVE: Obj = {
  currentStepIndex: 2,
  phase: 'Paused',
  message: 'InconclusiveAnalysisRun',
  controllerPause: true,
  pauseConditions: [{ reason: 'InconclusiveAnalysisRun', startTime: PAUSED_AT }],
  canary: { currentStepAnalysisRunStatus: { name: RUN, status: 'Inconclusive', message: INCONCLUSIVE_MESSAGE } },
};
const ABORTED_MESSAGE = 'RolloutAborted: Rollout aborted update to revision 31';
const ABORTED: Obj = {
  abort: true,
  abortedAt: '2019-10-28T05:01:00Z',
  currentStepIndex: 3,
  phase: 'Degraded',
  message: ABORTED_MESSAGE,
};
/** After the last step: the canary became the stable. */
const HEALTHY: Obj = { stableRS: NEW, currentPodHash: NEW, currentStepIndex: FIXTURE_STEPS.length, phase: 'Healthy' };
const UNSET_INDEX: K8sObject = { ...CANARY, status: omit(CANARY.status, 'currentStepIndex') };
const BLUE_GREEN_PROMOTED: K8sObject = {
  ...BLUE_GREEN,
  status: {
    ...omit(BLUE_GREEN.status, 'pauseConditions'),
    controllerPause: false,
    stableRS: '74b948fccb',
    blueGreen: { activeSelector: '74b948fccb' },
    phase: 'Healthy',
  },
};

const state = (rollout: unknown): RolloutState => rolloutState(rollout);

describe('rolloutState', () => {
  it('reads the fixture canary as the API returns it', () => {
    expect(state(CANARY)).toEqual({
      name: 'canary-demo',
      namespace: 'jesse-test',
      revision: '31',
      strategy: 'canary',
      steps: [
        { kind: 'setWeight', text: 'setWeight 20', weight: 20 },
        { kind: 'pause', text: 'pause' },
        { kind: 'setWeight', text: 'setWeight 40', weight: 40 },
        { kind: 'pause', text: 'pause 10s' },
        { kind: 'setWeight', text: 'setWeight 60', weight: 60 },
        { kind: 'pause', text: 'pause 10s' },
        { kind: 'setWeight', text: 'setWeight 80', weight: 80 },
        { kind: 'pause', text: 'pause 10s' },
      ],
      phase: 'Degraded',
      message: TIMED_OUT,
      phasePending: false,
      currentStepIndex: 0,
      specPaused: false,
      pauseReasons: [],
      controllerPause: false,
      aborted: false,
      inconclusive: false,
      stableRS: STABLE,
      currentPodHash: NEW,
      weight: { canary: 20, stable: 80, source: 'step' },
      image: 'argoproj/rollouts-demo:does-not-exist',
      replicas: 5,
    } satisfies RolloutState);
  });

  it('reads the fixture blue-green rollout paused before promotion', () => {
    expect(state(BLUE_GREEN)).toEqual({
      name: 'bluegreen-demo',
      namespace: 'jesse-test',
      revision: '11',
      strategy: 'blueGreen',
      phase: 'Paused',
      message: 'BlueGreenPause',
      phasePending: false,
      steps: [],
      specPaused: false,
      pauseReasons: ['BlueGreenPause'],
      pausedSince: '2019-10-28T04:50:20Z',
      controllerPause: true,
      aborted: false,
      inconclusive: false,
      stableRS: '6cbccd9f99',
      currentPodHash: '74b948fccb',
      image: 'argoproj/rollouts-demo:green',
      replicas: 3,
    } satisfies RolloutState);
  });

  it.each<[string, K8sObject, Partial<RolloutState>]>([
    ['name, namespace, revision', canary(), { name: 'canary-demo', namespace: 'jesse-test', revision: '31' }],
    ['a new revision', canary({}, {}, { annotations: { 'rollout.argoproj.io/revision': '32' } }), { revision: '32' }],
    ['no revision annotation yet', canary({}, {}, { annotations: {} }), { revision: undefined }],
    [
      'no namespace in the object',
      { ...CANARY, metadata: omit(CANARY.metadata, 'namespace') },
      { namespace: 'default' },
    ],
    [
      'image of the first container',
      canary(
        {},
        {
          template: {
            spec: {
              containers: [
                { name: 'app', image: 'ghcr.io/acme/llm-api:1.4.2' },
                { name: 'sidecar', image: 'envoyproxy/envoy:v1.30' },
              ],
            },
          },
        },
      ),
      { image: 'ghcr.io/acme/llm-api:1.4.2' },
    ],
    ['spec.paused', canary({}, { paused: true }), { specPaused: true }],
    ['stable and current pod hash', canary(), { stableRS: STABLE, currentPodHash: NEW }],
    ['blue-green strategy', blueGreen(), { strategy: 'blueGreen', steps: [] }],
  ])('%s', (_, rollout, expected) => {
    const s = state(rollout);
    for (const [key, value] of Object.entries(expected)) {
      if (value === undefined) expect(s).not.toHaveProperty(key);
      else expect(s).toHaveProperty(key, value);
    }
  });

  // rolloututil.GetRolloutPhase: until the controller has observed the latest spec (or an unpause), the
  // plugin shows its own placeholder instead of status.phase.
  describe('phase once the controller has caught up (isGenerationObserved, IsUnpausing)', () => {
    const WAITING_FOR_SPEC = {
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed',
      phasePending: true,
    };
    const CONTROLLER = { phase: 'Progressing', message: 'more replicas need to be updated', phasePending: false };
    it.each<[string, unknown, unknown, Obj, Pick<RolloutState, 'phase' | 'message' | 'phasePending'>]>([
      ['observedGeneration "429" (a string in the CRD) = generation 429', '429', 429, {}, CONTROLLER],
      ['observedGeneration as a number', 429, 429, {}, CONTROLLER],
      ['observedGeneration "428" behind generation 429', '428', 429, {}, WAITING_FOR_SPEC],
      ['observedGeneration "430" ahead of generation 429: a v0.9 hash of digits, observed', '430', 429, {}, CONTROLLER],
      ['observedGeneration a spec hash (Argo Rollouts < v0.10): observed', '5b9f8c7d6', 429, {}, CONTROLLER],
      ['no observedGeneration: observed', undefined, 429, {}, CONTROLLER],
      ['no generation (0): observed', '429', undefined, {}, CONTROLLER],
      [
        'pause conditions cleared, controllerPause still set: unpausing',
        '429',
        429,
        { controllerPause: true, pauseConditions: [] },
        { phase: 'Progressing', message: 'waiting for rollout to unpause', phasePending: true },
      ],
      [
        'paused by the controller: not unpausing',
        '429',
        429,
        { controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: PAUSED_AT }] },
        CONTROLLER,
      ],
    ])('%s', (_, observedGeneration, generation, status, expected) => {
      const s = state(
        canary(
          { observedGeneration, phase: 'Progressing', message: 'more replicas need to be updated', ...status },
          {},
          { generation },
        ),
      );
      expect({ phase: s.phase, message: s.message, phasePending: s.phasePending }).toEqual(expected);
    });
  });

  // The Argo project's captured objects, none with status.phase, and what `kubectl argo rollouts get` prints
  // for each (pkg/kubectl-argo-rollouts/cmd/get/get_test.go): the phase is computed from the status.
  describe('phase and message of the captured objects, as the plugin prints them', () => {
    it.each<[string, string, string | undefined]>([
      ['canary/canary-rollout.yaml', 'Degraded', TIMED_OUT],
      ['canary/canary-rollout5.yaml', 'Degraded', TIMED_OUT],
      ['canary/canary-rollout6.yaml', 'Degraded', TIMED_OUT],
      [
        'experiment-analysis/rollout-experiment-analysis.yaml',
        'Degraded',
        'ProgressDeadlineExceeded: ReplicaSet "rollout-experiment-analysis-6f646bf7b7" has timed out progressing.',
      ],
      [
        'rollout-aborted/rollout.yaml',
        'Degraded',
        'RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)',
      ],
      [
        'rollout-invalid/rollout-invalid.yaml',
        'Degraded',
        'InvalidSpec: The Rollout "rollout-invalid" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"doesnt-match"}: `selector` does not match template `labels`',
      ],
      ['blue-green/bluegreen-rollout.yaml', 'Paused', 'BlueGreenPause'],
      ['experiment-step/canary-demo.yaml', 'Progressing', 'more replicas need to be updated'],
    ])('%s: %s', (path, phase, message) => {
      const s = state(load(path));
      expect({ phase: s.phase, message: s.message, phasePending: s.phasePending }).toEqual({
        phase,
        message,
        phasePending: false,
      });
    });

    it('knows the captured aborted rollout for an abort', () => {
      expect(state(load('rollout-aborted/rollout.yaml')).aborted).toBe(true);
      expect(state(load('rollout-aborted/rollout.yaml')).message).toMatch(/^RolloutAborted: /);
    });
  });

  // rolloututil.CalculateRolloutPhase, rule by rule in its order, on captured objects with the status the
  // controller would write next (as rolloututil_test.go does on its own objects).
  describe('phase computed when status.phase is absent (CalculateRolloutPhase)', () => {
    /** canary-demo with an experiment step, revision 2: Progressing, no timed-out condition. 5 replicas, stable 877894d5b. */
    const EXPERIMENT = load('experiment-step/canary-demo.yaml');
    const demo = (status: Obj = {}, spec: Obj = {}): K8sObject => ({
      ...EXPERIMENT,
      spec: { ...EXPERIMENT.spec, ...spec },
      status: { ...EXPERIMENT.status, ...status },
    });
    const DEMO_NEW = '645d5dbc4c';
    /** Every replica updated and available. */
    const SETTLED: Obj = { replicas: 5, updatedReplicas: 5, availableReplicas: 5 };
    const PROMOTED: Obj = { ...SETTLED, stableRS: DEMO_NEW };
    const MINUTE_AGO = '2019-11-07T22:40:00Z';
    /** The timed-out canary-rollout5 (with traffic routing) and canary-demo-weights-na without its condition. */
    const ROUTED = load('canary/canary-rollout5.yaml');
    const routed = (status: Obj): K8sObject => ({ ...ROUTED, status: { ...ROUTED.status, conditions: [], ...status } });
    const BLUE_GREEN_SPEC = {
      strategy: { blueGreen: { activeService: 'canary-demo', previewService: 'canary-demo-preview' } },
    };
    const BLUE_GREEN_ANALYSIS_SPEC = {
      strategy: {
        blueGreen: { activeService: 'canary-demo', postPromotionAnalysis: { templates: [{ templateName: 'smoke' }] } },
      },
    };

    it.each<[string, K8sObject, string, string | undefined]>([
      [
        'a ProgressDeadlineExceeded condition comes before everything, a manual pause too',
        canary({}, { paused: true }),
        'Degraded',
        TIMED_OUT,
      ],
      [
        'a RolloutAborted condition',
        demo({
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'RolloutAborted',
              message: 'Rollout aborted update to revision 2',
            },
          ],
        }),
        'Degraded',
        'RolloutAborted: Rollout aborted update to revision 2',
      ],
      [
        'an InvalidSpec condition',
        demo({
          conditions: [
            {
              type: 'InvalidSpec',
              status: 'True',
              reason: 'InvalidSpec',
              message: 'The Rollout "canary-demo" is invalid',
            },
          ],
        }),
        'Degraded',
        'InvalidSpec: The Rollout "canary-demo" is invalid',
      ],
      ['paused by hand', demo({}, { paused: true }), 'Paused', 'manually paused'],
      [
        'paused by the controller: the first pause reason',
        demo({
          controllerPause: true,
          pauseConditions: [
            { reason: 'CanaryPauseStep', startTime: PAUSED_AT },
            { reason: 'InconclusiveAnalysisRun', startTime: PAUSED_AT },
          ],
        }),
        'Paused',
        'CanaryPauseStep',
      ],
      [
        'a restart asked for, not yet done',
        demo(PROMOTED, { restartAt: MINUTE_AGO }),
        'Progressing',
        'rollout is restarting',
      ],
      [
        'a restart asked for and done',
        demo({ ...PROMOTED, restartedAt: MINUTE_AGO }, { restartAt: MINUTE_AGO }),
        'Healthy',
        undefined,
      ],
      [
        'fewer replicas updated than wanted',
        demo({ updatedReplicas: 4 }),
        'Progressing',
        'more replicas need to be updated',
      ],
      [
        'no spec.replicas: 1 wanted, none updated',
        demo({}, { replicas: undefined }),
        'Progressing',
        'more replicas need to be updated',
      ],
      [
        'updated replicas not all available',
        demo({ ...SETTLED, availableReplicas: 4 }),
        'Progressing',
        'updated replicas are still becoming available',
      ],
      [
        'a basic canary with old replicas still running',
        demo({ ...PROMOTED, replicas: 7 }),
        'Progressing',
        'old replicas are pending termination',
      ],
      [
        'steps not all done: the canary is not yet the stable',
        demo(SETTLED),
        'Progressing',
        'waiting for all steps to complete',
      ],
      ['a canary fully promoted', demo(PROMOTED), 'Healthy', undefined],
      [
        'traffic routing keeps old replicas on purpose',
        routed({ replicas: 7, updatedReplicas: 5, availableReplicas: 5, stableRS: NEW }),
        'Healthy',
        undefined,
      ],
      [
        'traffic routing, steps not all done',
        routed({ replicas: 7, updatedReplicas: 5, availableReplicas: 5 }),
        'Progressing',
        'waiting for all steps to complete',
      ],
      [
        'blue-green before the active service switched',
        demo({ ...SETTLED, blueGreen: { activeSelector: STABLE } }, BLUE_GREEN_SPEC),
        'Progressing',
        'active service cutover pending',
      ],
      [
        'blue-green switched, not yet stable',
        demo({ ...SETTLED, blueGreen: { activeSelector: DEMO_NEW } }, BLUE_GREEN_SPEC),
        'Progressing',
        'waiting for post-promotion verification to complete',
      ],
      [
        'blue-green switched, post-promotion analysis not run',
        demo({ ...SETTLED, blueGreen: { activeSelector: DEMO_NEW } }, BLUE_GREEN_ANALYSIS_SPEC),
        'Progressing',
        'waiting for analysis to complete',
      ],
      [
        'blue-green switched, post-promotion analysis running',
        demo(
          {
            ...SETTLED,
            blueGreen: {
              activeSelector: DEMO_NEW,
              postPromotionAnalysisRunStatus: { name: 'smoke-1', status: 'Running' },
            },
          },
          BLUE_GREEN_ANALYSIS_SPEC,
        ),
        'Progressing',
        'waiting for analysis to complete',
      ],
      [
        'blue-green switched, post-promotion analysis done',
        demo(
          {
            ...SETTLED,
            blueGreen: {
              activeSelector: DEMO_NEW,
              postPromotionAnalysisRunStatus: { name: 'smoke-1', status: 'Successful' },
            },
          },
          BLUE_GREEN_ANALYSIS_SPEC,
        ),
        'Progressing',
        'waiting for post-promotion verification to complete',
      ],
      [
        'blue-green promoted',
        demo({ ...PROMOTED, blueGreen: { activeSelector: DEMO_NEW } }, BLUE_GREEN_SPEC),
        'Healthy',
        undefined,
      ],
      // A controller since v1.0 writes the phase itself: the plugin shows it as written.
      [
        'status.phase and message from the controller win over the conditions',
        canary({ phase: 'Paused', message: 'CanaryPauseStep' }),
        'Paused',
        'CanaryPauseStep',
      ],
    ])('%s → %s', (_, rollout, phase, message) => {
      const s = state(rollout);
      expect({ phase: s.phase, message: s.message }).toEqual({ phase, message });
    });
  });

  describe('aborted', () => {
    it.each<[string, Obj, boolean]>([
      ['status.abort true', ABORTED, true],
      ['status.abort true, no message yet', { abort: true }, true],
      [
        'message RolloutAborted (abort already cleared)',
        { abort: false, phase: 'Degraded', message: ABORTED_MESSAGE },
        true,
      ],
      [
        'message RolloutAborted with the failed metric',
        { message: `${ABORTED_MESSAGE}: Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)` },
        true,
      ],
      ['status.abort false', { abort: false }, false],
      ['another message', { message: 'more replicas need to be updated' }, false],
      ['RolloutAborted not at the start', { message: 'ProgressDeadlineExceeded: after RolloutAborted' }, false],
      ['the fixture (no abort, no message)', {}, false],
    ])('%s → %s', (_, status, aborted) => {
      const s = state(canary(status));
      expect(s.aborted).toBe(aborted);
    });
  });

  describe('pause reasons, since when, controllerPause', () => {
    it.each<[string, K8sObject, Pick<RolloutState, 'pauseReasons' | 'pausedSince' | 'controllerPause'>]>([
      ['not paused', canary(), { pauseReasons: [], pausedSince: undefined, controllerPause: false }],
      [
        'pause step',
        canary(PAUSED_AT_STEP),
        { pauseReasons: ['CanaryPauseStep'], pausedSince: PAUSED_AT, controllerPause: true },
      ],
      [
        'blue-green pre-promotion',
        blueGreen(),
        { pauseReasons: ['BlueGreenPause'], pausedSince: '2019-10-28T04:50:20Z', controllerPause: true },
      ],
      [
        'inconclusive analysis',
        analysisCanary(INCONCLUSIVE),
        { pauseReasons: ['InconclusiveAnalysisRun'], pausedSince: PAUSED_AT, controllerPause: true },
      ],
      [
        'inconclusive experiment',
        canary(
          {
            currentStepIndex: 2,
            controllerPause: true,
            pauseConditions: [{ reason: 'InconclusiveExperiment', startTime: PAUSED_AT }],
          },
          withSteps([
            { setWeight: 20 },
            { pause: {} },
            { experiment: { duration: '1h', templates: [{ name: 'baseline', specRef: 'stable' }] } },
          ]),
        ),
        { pauseReasons: ['InconclusiveExperiment'], pausedSince: PAUSED_AT, controllerPause: true },
      ],
      [
        'two conditions: the earliest start',
        canary({
          controllerPause: true,
          pauseConditions: [
            { reason: 'InconclusiveAnalysisRun', startTime: '2019-10-28T05:10:00Z' },
            { reason: 'CanaryPauseStep', startTime: '2019-10-28T04:59:59Z' },
          ],
        }),
        {
          pauseReasons: ['InconclusiveAnalysisRun', 'CanaryPauseStep'],
          pausedSince: '2019-10-28T04:59:59Z',
          controllerPause: true,
        },
      ],
      [
        'paused by hand: spec only',
        canary({}, { paused: true }),
        { pauseReasons: [], pausedSince: undefined, controllerPause: false },
      ],
    ])('%s', (_, rollout, expected) => {
      const s = state(rollout);
      expect({ pauseReasons: s.pauseReasons, pausedSince: s.pausedSince, controllerPause: s.controllerPause }).toEqual(
        expected,
      );
    });
  });

  describe('analysis run of the current step', () => {
    it.each<[string, K8sObject, Pick<RolloutState, 'inconclusive' | 'analysisRun'>]>([
      ['no analysis', canary(), { inconclusive: false, analysisRun: undefined }],
      ['running', analysisCanary(ANALYZING), { inconclusive: false, analysisRun: { name: RUN, status: 'Running' } }],
      [
        'inconclusive, with its message',
        analysisCanary(INCONCLUSIVE),
        { inconclusive: true, analysisRun: { name: RUN, status: 'Inconclusive', message: INCONCLUSIVE_MESSAGE } },
      ],
      [
        'failed',
        analysisCanary({
          ...ANALYZING,
          canary: {
            currentStepAnalysisRunStatus: {
              name: RUN,
              status: 'Failed',
              message: 'Metric "success-rate" assessed Failed',
            },
          },
        }),
        {
          inconclusive: false,
          analysisRun: { name: RUN, status: 'Failed', message: 'Metric "success-rate" assessed Failed' },
        },
      ],
      [
        'successful',
        analysisCanary({ ...ANALYZING, canary: { currentStepAnalysisRunStatus: { name: RUN, status: 'Successful' } } }),
        { inconclusive: false, analysisRun: { name: RUN, status: 'Successful' } },
      ],
    ])('%s', (_, rollout, expected) => {
      const s = state(rollout);
      expect({ inconclusive: s.inconclusive, analysisRun: s.analysisRun }).toEqual(expected);
    });
  });

  describe('weight', () => {
    const reported = (canaryWeight: number, stableWeight: number, additional?: number[]) => ({
      weights: {
        canary: { weight: canaryWeight, podTemplateHash: NEW, serviceName: 'canary-demo-preview' },
        stable: { weight: stableWeight, podTemplateHash: STABLE, serviceName: 'canary-demo' },
        ...(additional && {
          additional: additional.map((weight, i) => ({
            weight,
            podTemplateHash: `exp${i}`,
            serviceName: `canary-demo-exp-${i}`,
          })),
        }),
      },
    });
    const step = (canaryWeight: number): RolloutState['weight'] => ({
      canary: canaryWeight,
      stable: 100 - canaryWeight,
      source: 'step',
    });
    it.each<[string, K8sObject, RolloutState['weight']]>([
      // No traffic router: the last setWeight reached, the rest of the replicas stable.
      ['step 0, setWeight 20', canary({ currentStepIndex: 0 }), step(20)],
      ['unset currentStepIndex: step 0', UNSET_INDEX, step(20)],
      ['step 1, pause after setWeight 20', canary({ currentStepIndex: 1 }), step(20)],
      ['step 2, setWeight 40', canary({ currentStepIndex: 2 }), step(40)],
      ['step 5, pause after setWeight 60', canary({ currentStepIndex: 5 }), step(60)],
      ['step 7, the last step (pause after setWeight 80)', canary({ currentStepIndex: 7 }), step(80)],
      ['step 8 = steps length: all steps done', canary({ currentStepIndex: 8 }), step(100)],
      ['past the steps', canary({ currentStepIndex: 9 }), step(100)],
      ['analysis step after setWeight 20', analysisCanary(ANALYZING), step(20)],
      // The traffic router's report: both sides as written, even when they do not add up to 100.
      [
        'canary-rollout5: the router reports canary 20, stable 60',
        load('canary/canary-rollout5.yaml'),
        { canary: 20, stable: 60, source: 'traffic' },
      ],
      [
        'canary-rollout6: traffic routing without a report yet, the setWeight',
        load('canary/canary-rollout6.yaml'),
        step(20),
      ],
      [
        'the router reports 15 / 85 at the setWeight 40 step',
        canary({ currentStepIndex: 2, canary: reported(15, 85) }),
        { canary: 15, stable: 85, source: 'traffic' },
      ],
      [
        'the router reports 0 / 100',
        canary({ currentStepIndex: 2, canary: reported(0, 100) }),
        { canary: 0, stable: 100, source: 'traffic' },
      ],
      [
        'the router reports 100 / 0, all steps done',
        canary({ currentStepIndex: 8, canary: reported(100, 0) }),
        { canary: 100, stable: 0, source: 'traffic' },
      ],
      [
        'experiments take a share: 20 / 60 / 10 + 10',
        canary({ canary: reported(20, 60, [10, 10]) }),
        { canary: 20, stable: 60, additional: 20, source: 'traffic' },
      ],
      [
        'a report without its stable side: the canary only',
        canary({ canary: { weights: { canary: { weight: 30 } } } }),
        { canary: 30, source: 'traffic' },
      ],
      ['blue-green: none', blueGreen(), undefined],
    ])('%s', (_, rollout, weight) => {
      expect(state(rollout).weight).toEqual(weight);
    });

    // kubectl-argo-rollouts shows replicasetutil.GetCurrentSetWeight, which is 0 once aborted (the canary is
    // scaled away and all traffic is back on the stable); Kanaria's card would say "canary 40% / stable 60%".
    it('aborted without traffic routing: back to 0 (GetCurrentSetWeight)', () => {
      expect(state(canary(ABORTED)).weight).toEqual(step(0));
    });
  });
});

describe('describeStep', () => {
  it.each<[string, unknown, StepView]>([
    ['setWeight 20', { setWeight: 20 }, { kind: 'setWeight', text: 'setWeight 20', weight: 20 }],
    ['setWeight 0', { setWeight: 0 }, { kind: 'setWeight', text: 'setWeight 0', weight: 0 }],
    ['setWeight 100', { setWeight: 100 }, { kind: 'setWeight', text: 'setWeight 100', weight: 100 }],
    ['pause without duration (waits for a promote)', { pause: {} }, { kind: 'pause', text: 'pause' }],
    ['pause 30 (a number: seconds)', { pause: { duration: 30 } }, { kind: 'pause', text: 'pause 30s' }],
    ['pause "1h" (a string stays)', { pause: { duration: '1h' } }, { kind: 'pause', text: 'pause 1h' }],
    ['pause "10s" from the fixture', FIXTURE_STEPS[3], { kind: 'pause', text: 'pause 10s' }],
    [
      'analysis',
      {
        analysis: {
          templates: [{ templateName: 'success-rate' }],
          args: [{ name: 'service-name', value: 'canary-demo-preview' }],
        },
      },
      { kind: 'analysis', text: 'analysis' },
    ],
    [
      'experiment',
      {
        experiment: {
          duration: '1h',
          templates: [
            { name: 'baseline', specRef: 'stable' },
            { name: 'canary', specRef: 'canary' },
          ],
        },
      },
      { kind: 'experiment', text: 'experiment' },
    ],
    [
      'setCanaryScale: unknown, named by its key',
      { setCanaryScale: { weight: 25 } },
      { kind: 'other', text: 'setCanaryScale' },
    ],
    [
      'setHeaderRoute: unknown',
      { setHeaderRoute: { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] } },
      { kind: 'other', text: 'setHeaderRoute' },
    ],
    [
      'plugin: unknown',
      { plugin: { name: 'argoproj-labs/step-plugin', config: {} } },
      { kind: 'other', text: 'plugin' },
    ],
    ['an empty step', {}, { kind: 'other', text: 'step' }],
  ])('%s', (_, step, expected) => {
    expect(describeStep(step)).toEqual(expected);
  });
});

describe('availableActions', () => {
  it.each<[string, K8sObject, RolloutAction[]]>([
    ['paused at a pause step', canary(PAUSED_AT_STEP), ['promote', 'promote-full', 'abort']],
    ['paused at a timed pause step (pause 10s)', canary(PAUSED_TIMED), ['promote', 'promote-full', 'abort']],
    ['paused after an inconclusive analysis', analysisCanary(INCONCLUSIVE), ['promote', 'promote-full', 'abort']],
    [
      'paused after an inconclusive experiment',
      canary({
        currentStepIndex: 2,
        phase: 'Paused',
        controllerPause: true,
        pauseConditions: [{ reason: 'InconclusiveExperiment', startTime: PAUSED_AT }],
      }),
      ['promote', 'promote-full', 'abort'],
    ],
    [
      'paused by hand mid-canary (spec.paused)',
      canary(PROGRESSING, { paused: true }),
      ['promote', 'promote-full', 'abort'],
    ],
    ['waiting in an analysis step, unpaused', analysisCanary(ANALYZING), ['promote', 'promote-full', 'abort']],
    ['progressing at a setWeight step', canary(PROGRESSING), ['promote-full', 'abort']],
    ['progressing at step 0 (status.phase)', canary({ phase: 'Progressing' }), ['promote-full', 'abort']],
    [
      'unset currentStepIndex: step 0 is setWeight',
      { ...UNSET_INDEX, status: { ...UNSET_INDEX.status, phase: 'Progressing' } },
      ['promote-full', 'abort'],
    ],
    // Degraded, not aborted: nothing that sends more traffic to the failing version; Retry would do nothing (retry.go only clears status.abort).
    ['the fixture: Degraded, progress deadline exceeded (no status.phase)', canary(), ['abort']],
    ['canary-rollout5: Degraded, with traffic routing', load('canary/canary-rollout5.yaml'), ['abort']],
    ['Degraded by the controller (status.phase)', canary({ phase: 'Degraded', message: TIMED_OUT }), ['abort']],
    ['Degraded while paused by hand', canary({}, { paused: true }), ['abort']],
    [
      'Degraded at an inconclusive analysis (the captured experiment-analysis rollout)',
      load('experiment-analysis/rollout-experiment-analysis.yaml'),
      ['abort'],
    ],
    ['Degraded with nothing rolling out (invalid spec)', load('rollout-invalid/rollout-invalid.yaml'), []],
    ['the captured aborted rollout', load('rollout-aborted/rollout.yaml'), ['retry']],
    [
      'a new spec not yet observed: Progressing, as the plugin shows it',
      canary({ observedGeneration: '428' }),
      ['promote-full', 'abort'],
    ],
    ['aborted', canary(ABORTED), ['retry']],
    ['aborted while paused', canary({ ...PAUSED_AT_STEP, abort: true, message: ABORTED_MESSAGE }), ['retry']],
    [
      'aborted, known by its message only',
      canary({ abort: false, phase: 'Degraded', message: ABORTED_MESSAGE }),
      ['retry'],
    ],
    ['fully promoted, healthy', canary(HEALTHY), []],
    ['healthy, paused by hand', canary(HEALTHY, { paused: true }), ['promote']],
    ['blue-green paused before promotion', blueGreen(), ['promote', 'promote-full', 'abort']],
    ['blue-green promoted, healthy', BLUE_GREEN_PROMOTED, []],
  ])('%s → %j', (_, rollout, actions) => {
    expect(availableActions(state(rollout))).toEqual(actions);
  });
});

describe('patches, as kubectl argo rollouts sends them', () => {
  const UNIFIED = { spec: { paused: false }, status: { pauseConditions: null } };
  const CLEAR = { status: { pauseConditions: null } };
  const UNPAUSE = { spec: { paused: false } };
  const step = (index: number): RolloutPatches => ({
    status: { status: { pauseConditions: null, currentStepIndex: index } },
    unified: { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: index } },
  });
  const inconclusive = (index: number): RolloutPatches => ({
    status: { status: { pauseConditions: null, controllerPause: false, currentStepIndex: index } },
    unified: UNIFIED,
  });

  describe('promote (getPatches, default case)', () => {
    it.each<[string, K8sObject, RolloutPatches]>([
      // Pause conditions: clear them, the controller moves on.
      ['paused at a pause step', canary(PAUSED_AT_STEP), { status: CLEAR, unified: UNIFIED }],
      ['paused at a timed pause step', canary(PAUSED_TIMED), { status: CLEAR, unified: UNIFIED }],
      [
        'paused at a pause step, spec.paused true too',
        canary(PAUSED_AT_STEP, { paused: true }),
        { spec: UNPAUSE, status: CLEAR, unified: UNIFIED },
      ],
      [
        'paused at a pause step, spec.paused false',
        canary(PAUSED_AT_STEP, { paused: false }),
        { status: CLEAR, unified: UNIFIED },
      ],
      ['blue-green paused before promotion', blueGreen(), { status: CLEAR, unified: UNIFIED }],
      [
        'blue-green paused, spec.paused true too',
        blueGreen({}, { paused: true }),
        { spec: UNPAUSE, status: CLEAR, unified: UNIFIED },
      ],
      [
        'inconclusive experiment (only analysis runs count as inconclusive)',
        canary({
          currentStepIndex: 2,
          controllerPause: true,
          pauseConditions: [{ reason: 'InconclusiveExperiment', startTime: PAUSED_AT }],
        }),
        { status: CLEAR, unified: UNIFIED },
      ],
      // Inconclusive analysis paused by the controller: clear, lift controllerPause and move past the step.
      ['inconclusive analysis at step 2 of 5', analysisCanary(INCONCLUSIVE), inconclusive(3)],
      [
        'inconclusive analysis, spec.paused true too',
        analysisCanary(INCONCLUSIVE, { paused: true }),
        { spec: UNPAUSE, ...inconclusive(3) },
      ],
      [
        'inconclusive analysis at the last step (4 of 5)',
        analysisCanary({ ...INCONCLUSIVE, currentStepIndex: 4 }),
        inconclusive(5),
      ],
      [
        'inconclusive analysis, index = steps length: not past it',
        analysisCanary({ ...INCONCLUSIVE, currentStepIndex: 5 }),
        inconclusive(5),
      ],
      [
        'inconclusive analysis, unset index: from 0',
        { ...analysisCanary(INCONCLUSIVE), status: omit(INCONCLUSIVE, 'currentStepIndex') },
        inconclusive(1),
      ],
      [
        'inconclusive analysis without controllerPause: only clear',
        analysisCanary({ ...INCONCLUSIVE, controllerPause: false }),
        { status: CLEAR, unified: UNIFIED },
      ],
      // No pause conditions, canary with steps: move to the next step.
      [
        'inconclusive analysis not paused yet: next step',
        analysisCanary(omit(INCONCLUSIVE, 'pauseConditions', 'controllerPause')),
        step(3),
      ],
      ['waiting in an analysis step', analysisCanary(ANALYZING), step(3)],
      [
        'waiting in an analysis step, spec.paused true',
        analysisCanary(ANALYZING, { paused: true }),
        { spec: UNPAUSE, ...step(3) },
      ],
      ['progressing at step 2', canary(PROGRESSING), step(3)],
      ['the fixture at step 0', canary(), step(1)],
      ['unset currentStepIndex: treated as 0', UNSET_INDEX, step(1)],
      ['at the last step (7 of 8)', canary({ currentStepIndex: 7 }), step(8)],
      ['index = steps length (8): not incremented past it', canary(HEALTHY), step(8)],
      ['paused by hand mid-canary', canary(PROGRESSING, { paused: true }), { spec: UNPAUSE, ...step(3) }],
      // Neither pause conditions nor steps: only the spec (if paused), and the unified patch for old clusters.
      ['canary without steps', canary({}, withSteps([])), { unified: UNIFIED }],
      [
        'canary without steps, paused by hand',
        canary({}, { ...withSteps([]), paused: true }),
        { spec: UNPAUSE, unified: UNIFIED },
      ],
      ['blue-green promoted', BLUE_GREEN_PROMOTED, { unified: UNIFIED }],
      [
        'blue-green paused by hand',
        { ...BLUE_GREEN_PROMOTED, spec: { ...BLUE_GREEN.spec, paused: true } },
        { spec: UNPAUSE, unified: UNIFIED },
      ],
    ])('%s', (_, rollout, expected) => {
      expect(promotePatches(state(rollout))).toEqual(expected);
    });
  });

  describe('promote --full: only while the new version is not the stable one', () => {
    const FULL: RolloutPatches = { status: { status: { promoteFull: true } } };
    it.each<[string, K8sObject, RolloutPatches]>([
      ['canary progressing', canary(), FULL],
      ['canary paused at a step', canary(PAUSED_AT_STEP), FULL],
      ['canary inconclusive', analysisCanary(INCONCLUSIVE), FULL],
      ['blue-green paused before promotion', blueGreen(), FULL],
      ['canary healthy: currentPodHash = stableRS', canary(HEALTHY), {}],
      ['blue-green promoted', BLUE_GREEN_PROMOTED, {}],
    ])('%s', (_, rollout, expected) => {
      expect(promoteFullPatches(state(rollout))).toEqual(expected);
    });
  });

  it('abort: status.abort true, to the status subresource, else the main object', () => {
    expect(abortPatches()).toEqual({ status: { status: { abort: true } }, unified: { status: { abort: true } } });
  });

  it('retry: status.abort false, to the status subresource, else the main object', () => {
    expect(retryPatches()).toEqual({ status: { status: { abort: false } }, unified: { status: { abort: false } } });
  });

  describe('patchesFor', () => {
    it.each<[RolloutAction, string, K8sObject, RolloutPatches]>([
      ['promote', 'paused at a pause step', canary(PAUSED_AT_STEP), { status: CLEAR, unified: UNIFIED }],
      ['promote', 'inconclusive analysis', analysisCanary(INCONCLUSIVE), inconclusive(3)],
      ['promote', 'waiting in an analysis step', analysisCanary(ANALYZING), step(3)],
      [
        'promote',
        'paused by hand at a pause step',
        canary(PAUSED_AT_STEP, { paused: true }),
        { spec: UNPAUSE, status: CLEAR, unified: UNIFIED },
      ],
      ['promote-full', 'progressing', canary(PROGRESSING), { status: { status: { promoteFull: true } } }],
      ['promote-full', 'healthy', canary(HEALTHY), {}],
      [
        'abort',
        'paused at a pause step',
        canary(PAUSED_AT_STEP),
        { status: { status: { abort: true } }, unified: { status: { abort: true } } },
      ],
      [
        'abort',
        'blue-green paused',
        blueGreen(),
        { status: { status: { abort: true } }, unified: { status: { abort: true } } },
      ],
      [
        'retry',
        'aborted',
        canary(ABORTED),
        { status: { status: { abort: false } }, unified: { status: { abort: false } } },
      ],
    ])('%s, %s', (action, _, rollout, expected) => {
      expect(patchesFor(action, state(rollout))).toEqual(expected);
    });
  });
});

describe('rolloutPosition', () => {
  it.each<[string, K8sObject, string]>([
    ['the fixture: revision 31, step 0', canary(), '31/0'],
    ['step 1', canary(PAUSED_AT_STEP), '31/1'],
    ['all steps done', canary(HEALTHY), '31/8'],
    ['revision 32', canary({}, {}, { annotations: { 'rollout.argoproj.io/revision': '32' } }), '32/0'],
    ['aborted at step 3', canary(ABORTED), '31/3/aborted'],
    ['no revision annotation: the pod hash', canary({}, {}, { annotations: {} }), `${NEW}/0`],
    ['unset currentStepIndex', UNSET_INDEX, '31/-'],
    ['blue-green: no steps', blueGreen(), '11/-'],
  ])('%s → %s', (_, rollout, position) => {
    expect(rolloutPosition(state(rollout))).toBe(position);
  });

  it('changes with the revision, the step and an abort, and with nothing else', () => {
    const at = (rollout: K8sObject) => rolloutPosition(state(rollout));
    const base = canary(PAUSED_AT_STEP);
    expect(at(canary({ ...PAUSED_AT_STEP, currentStepIndex: 2 }))).not.toBe(at(base));
    expect(at(canary(PAUSED_AT_STEP, {}, { annotations: { 'rollout.argoproj.io/revision': '32' } }))).not.toBe(
      at(base),
    );
    expect(at(canary({ ...PAUSED_AT_STEP, abort: true }))).not.toBe(at(base));
    // The same place: a pause condition cleared, a new message, another phase.
    expect(
      at(
        canary({
          ...omit(PAUSED_AT_STEP, 'pauseConditions'),
          controllerPause: false,
          phase: 'Progressing',
          message: 'more replicas need to be updated',
        }),
      ),
    ).toBe(at(base));
  });
});

describe('watching a Rollout: isWaitingForPerson, observeRollout', () => {
  const NEWER = '5f7c9d8b64';
  const EXPERIMENT_STEPS: Obj[] = [
    { setWeight: 20 },
    { pause: {} },
    { experiment: { duration: '1h', templates: [{ name: 'baseline', specRef: 'stable' }] } },
  ];
  const INCONCLUSIVE_EXPERIMENT: Obj = {
    currentStepIndex: 2,
    phase: 'Paused',
    message: 'InconclusiveExperiment',
    controllerPause: true,
    pauseConditions: [{ reason: 'InconclusiveExperiment', startTime: PAUSED_AT }],
  };
  /** The fixture's own condition (ProgressDeadlineExceeded) as the phase the controller computes from it. */
  const DEGRADED: Obj = {
    currentStepIndex: 0,
    phase: 'Degraded',
    message: 'ProgressDeadlineExceeded: ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing.',
  };
  const STARTED: K8sObject = canary({ phase: 'Progressing', message: 'more replicas need to be updated' });
  /** The fixture before its deadline passed, from a controller that writes no status.phase: Progressing by its conditions. */
  const PHASELESS_PROGRESSING: K8sObject = canary({
    conditions: [
      {
        type: 'Progressing',
        status: 'True',
        reason: 'ReplicaSetUpdated',
        message: 'ReplicaSet "canary-demo-65fb5ffc84" is progressing.',
      },
    ],
  });
  const at = (revision: string, generation: number): Obj => ({
    generation,
    annotations: { 'rollout.argoproj.io/revision': revision },
  });
  /** All steps done, the canary pods are the stable ones: revision 30 (generation 428) unless told. */
  const idle = (status: Obj = {}, generation = 428, revision = '30'): K8sObject =>
    canary(
      {
        stableRS: STABLE,
        currentPodHash: STABLE,
        currentStepIndex: FIXTURE_STEPS.length,
        phase: 'Healthy',
        observedGeneration: String(generation),
        ...status,
      },
      {},
      at(revision, generation),
    );
  /** After an abort, the spec reverted to the stable's template: revision 32, fully promoted at once, scaling back. */
  const ROLLED_BACK = idle(
    { phase: 'Progressing', message: 'updated replicas are still becoming available' },
    430,
    '32',
  );
  const IDLE_AFTER_ROLLBACK = idle({}, 430, '32');

  /** Feeds the states in order, as the watch does, and returns the notice of each. */
  const notices = (...rollouts: K8sObject[]): (RolloutNotice | undefined)[] => {
    let memory: RolloutMemory | undefined;
    return rollouts.map((rollout) => {
      const seen = observeRollout(memory, state(rollout));
      memory = seen.memory;
      return seen.notice;
    });
  };

  describe('isWaitingForPerson', () => {
    it.each<[string, K8sObject, boolean]>([
      // Pause steps: only one without a duration waits for a promote; the controller ends a timed one itself.
      ['CanaryPauseStep at the pause {} step (step 1)', canary(PAUSED_AT_STEP), true],
      ['CanaryPauseStep at a pause 10s step (step 3)', canary(PAUSED_TIMED), false],
      ['CanaryPauseStep at the last pause 10s step (step 7)', canary({ ...PAUSED_TIMED, currentStepIndex: 7 }), false],
      ['CanaryPauseStep at the pause {} step of the analysis canary', analysisCanary(PAUSED_AT_STEP), true],
      [
        'CanaryPauseStep at a pause 1h step: long, still timed',
        analysisCanary({ ...PAUSED_TIMED, currentStepIndex: 4 }),
        false,
      ],
      ['CanaryPauseStep at a pause 10s step, spec.paused too', canary(PAUSED_TIMED, { paused: true }), true],
      // The controller's other pauses all wait for a person.
      ['BlueGreenPause before promotion', blueGreen(), true],
      ['InconclusiveAnalysisRun', analysisCanary(INCONCLUSIVE), true],
      ['InconclusiveExperiment', canary(INCONCLUSIVE_EXPERIMENT, withSteps(EXPERIMENT_STEPS)), true],
      // By hand (kubectl argo rollouts pause): spec.paused, no pause condition.
      ['spec.paused by hand mid-canary', canary(PROGRESSING, { paused: true }), true],
      ['spec.paused by hand on a Healthy rollout', canary(HEALTHY, { paused: true }), true],
      ['blue-green spec.paused by hand', { ...BLUE_GREEN_PROMOTED, spec: { ...BLUE_GREEN.spec, paused: true } }, true],
      // Aborted: an alert and a Retry button, never a wait, whatever else is set.
      ['aborted', canary(ABORTED), false],
      [
        'aborted while at the pause {} step',
        canary({ ...PAUSED_AT_STEP, abort: true, message: ABORTED_MESSAGE }),
        false,
      ],
      [
        'aborted, known by its message only, at the pause {} step',
        canary({ ...PAUSED_AT_STEP, abort: false, message: ABORTED_MESSAGE }),
        false,
      ],
      ['aborted and spec.paused', canary(ABORTED, { paused: true }), false],
      // Degraded: an alert, not a card asking for a promote.
      ['Degraded (the fixture) and paused by hand', canary({}, { paused: true }), false],
      [
        'Degraded at an inconclusive analysis (the captured experiment-analysis rollout)',
        load('experiment-analysis/rollout-experiment-analysis.yaml'),
        false,
      ],
      ['blue-green aborted during BlueGreenPause', blueGreen({ abort: true }), false],
      [
        'aborted during an inconclusive analysis',
        analysisCanary({ ...INCONCLUSIVE, abort: true, message: ABORTED_MESSAGE }),
        false,
      ],
      // No pause.
      ['the fixture: progressing at step 0', canary(), false],
      ['progressing at step 2', canary(PROGRESSING), false],
      ['at the pause {} step, no pause condition yet', canary({ currentStepIndex: 1, phase: 'Progressing' }), false],
      [
        'promote pressed: conditions cleared, controllerPause not yet',
        canary({ ...PAUSED_AT_STEP, pauseConditions: [] }),
        false,
      ],
      ['analysis running (the controller decides)', analysisCanary(ANALYZING), false],
      ['fully promoted, Healthy', canary(HEALTHY), false],
      ['blue-green promoted', BLUE_GREEN_PROMOTED, false],
    ])('%s → %s', (_, rollout, waiting) => {
      expect(isWaitingForPerson(state(rollout))).toBe(waiting);
    });
  });

  describe('observeRollout', () => {
    describe('first sight is never news', () => {
      it.each<[string, K8sObject]>([
        ['idle Healthy', idle()],
        ['progressing', STARTED],
        ['waiting at the pause {} step', canary(PAUSED_AT_STEP)],
        ['inconclusive analysis', analysisCanary(INCONCLUSIVE)],
        ['blue-green paused before promotion', blueGreen()],
        ['aborted', canary(ABORTED)],
        ['Degraded', canary(DEGRADED)],
        ['just fully promoted, Healthy', canary(HEALTHY)],
      ])('%s', (_, rollout) => {
        expect(observeRollout(undefined, state(rollout)).notice).toBeUndefined();
      });

      it('remembers where the rollout stands', () => {
        expect(observeRollout(undefined, state(canary(PAUSED_AT_STEP))).memory).toEqual({
          position: '31/1',
          waiting: true,
          aborted: false,
          degraded: false,
          updating: true,
          troubled: false,
        } satisfies RolloutMemory);
        expect(observeRollout(undefined, state(canary(ABORTED))).memory).toEqual({
          position: '31/3/aborted',
          waiting: false,
          aborted: true,
          degraded: false,
          updating: true,
          troubled: true,
        } satisfies RolloutMemory);
        expect(observeRollout(undefined, state(canary(DEGRADED))).memory).toEqual({
          position: '31/0',
          waiting: false,
          aborted: false,
          degraded: true,
          updating: true,
          troubled: true,
        } satisfies RolloutMemory);
        expect(observeRollout(undefined, state(idle())).memory).toEqual({
          position: '30/8',
          waiting: false,
          aborted: false,
          degraded: false,
          updating: false,
          troubled: false,
        } satisfies RolloutMemory);
      });
    });

    describe('paused: the card, once per position', () => {
      it.each<[string, K8sObject[], (RolloutNotice | undefined)[]]>([
        ['starts waiting at the pause {} step', [STARTED, canary(PAUSED_AT_STEP)], [undefined, 'paused']],
        [
          'a repeat event at the same position: no second card',
          [
            STARTED,
            canary(PAUSED_AT_STEP),
            canary({ ...PAUSED_AT_STEP, availableReplicas: 4 }),
            canary(PAUSED_AT_STEP),
          ],
          [undefined, 'paused', undefined, undefined],
        ],
        [
          'paused by hand on top of the pause step: same position',
          [STARTED, canary(PAUSED_AT_STEP), canary(PAUSED_AT_STEP, { paused: true })],
          [undefined, 'paused', undefined],
        ],
        [
          'promote pressed, the controller not yet moved: nothing',
          [canary(PAUSED_AT_STEP), canary({ ...PAUSED_AT_STEP, pauseConditions: [], phase: 'Progressing' })],
          [undefined, undefined],
        ],
        [
          'waits again at a later step: pause {}, analysis, inconclusive',
          [
            analysisCanary({ phase: 'Progressing' }),
            analysisCanary(PAUSED_AT_STEP),
            analysisCanary(ANALYZING),
            analysisCanary(INCONCLUSIVE),
          ],
          [undefined, 'paused', 'moved', 'paused'],
        ],
        [
          'waits at a new step with no event between',
          [analysisCanary(PAUSED_AT_STEP), analysisCanary(INCONCLUSIVE)],
          [undefined, 'paused'],
        ],
        [
          'waits at the same step of a new revision',
          [
            canary(PAUSED_AT_STEP),
            canary({ ...PAUSED_AT_STEP, currentPodHash: NEWER, observedGeneration: '430' }, {}, at('32', 430)),
          ],
          [undefined, 'paused'],
        ],
        [
          'a timed pause step: the card moves, no new card',
          [canary(PROGRESSING), canary(PAUSED_TIMED)],
          [undefined, 'moved'],
        ],
        [
          'paused by hand mid-canary, then resumed',
          [
            canary(PROGRESSING),
            canary({ ...PROGRESSING, phase: 'Paused', message: 'manually paused' }, { paused: true }),
            canary(PROGRESSING),
          ],
          [undefined, 'paused', undefined],
        ],
        [
          'inconclusive experiment',
          [
            canary({ currentStepIndex: 1, phase: 'Progressing' }, withSteps(EXPERIMENT_STEPS)),
            canary(INCONCLUSIVE_EXPERIMENT, withSteps(EXPERIMENT_STEPS)),
          ],
          [undefined, 'paused'],
        ],
        [
          'blue-green: paused before promotion, then promoted and Healthy',
          [blueGreen({ pauseConditions: [], controllerPause: false }), blueGreen(), BLUE_GREEN_PROMOTED],
          [undefined, 'paused', 'healthy'],
        ],
      ])('%s', (_, rollouts, expected) => {
        expect(notices(...rollouts)).toEqual(expected);
      });
    });

    describe('aborted and degraded: one alert each', () => {
      it.each<[string, K8sObject[], (RolloutNotice | undefined)[]]>([
        [
          'aborted once, not again while still aborted',
          [
            canary(PAUSED_TIMED),
            canary(ABORTED),
            canary({ ...ABORTED, availableReplicas: 4 }),
            canary({ ...ABORTED, abort: false }),
          ],
          [undefined, 'aborted', undefined, undefined],
        ],
        [
          'aborted while waiting at the pause {} step: the alert, not a card',
          [
            canary(PAUSED_AT_STEP),
            canary({ ...PAUSED_AT_STEP, abort: true, phase: 'Degraded', message: ABORTED_MESSAGE }),
          ],
          [undefined, 'aborted'],
        ],
        [
          'aborted, retried, aborted again: two alerts',
          [
            canary(ABORTED),
            canary({ currentStepIndex: 0, phase: 'Progressing', message: 'more replicas need to be updated' }),
            canary(ABORTED),
          ],
          [undefined, 'moved', 'aborted'],
        ],
        [
          'Degraded once, not again while still Degraded',
          [STARTED, canary(DEGRADED), canary({ ...DEGRADED, availableReplicas: 4 }), canary(DEGRADED)],
          [undefined, 'degraded', undefined, undefined],
        ],
        [
          'an abort (phase Degraded) is not also a Degraded alert',
          [STARTED, canary(ABORTED), canary(ABORTED)],
          [undefined, 'aborted', undefined],
        ],
        [
          'Degraded, then aborted: both',
          [STARTED, canary(DEGRADED), canary({ ...ABORTED, currentStepIndex: 0 })],
          [undefined, 'degraded', 'aborted'],
        ],
        [
          // A controller that writes no status.phase: the progress deadline shows in the conditions only.
          'Degraded from the conditions alone, once, whatever the pods do next',
          [
            PHASELESS_PROGRESSING,
            canary(),
            canary({ availableReplicas: 4 }),
            canary({ readyReplicas: 4, availableReplicas: 4 }),
            canary(),
          ],
          [undefined, 'degraded', undefined, undefined, undefined],
        ],
        [
          'Degraded from the conditions, then a spec change not yet observed, then still Degraded: one alert',
          [
            PHASELESS_PROGRESSING,
            canary(),
            canary({}, {}, { generation: 430 }),
            canary({ observedGeneration: '430' }, {}, { generation: 430 }),
          ],
          [undefined, 'degraded', undefined, undefined],
        ],
        [
          'the progress deadline cleared: progressing again, then Healthy',
          [
            canary(),
            PHASELESS_PROGRESSING,
            canary({ ...HEALTHY, phase: undefined, conditions: [], replicas: 5, updatedReplicas: 5 }),
          ],
          [undefined, undefined, 'healthy'],
        ],
      ])('%s', (_, rollouts, expected) => {
        expect(notices(...rollouts)).toEqual(expected);
      });
    });

    describe('healthy: after an update or after trouble, never for an idle rollout', () => {
      it.each<[string, K8sObject[], (RolloutNotice | undefined)[]]>([
        [
          'an update completes: from the last pause to fully promoted',
          [canary({ ...PAUSED_TIMED, currentStepIndex: 7 }), canary(HEALTHY)],
          [undefined, 'healthy'],
        ],
        [
          'once: the same Healthy rollout seen again',
          [
            canary({ ...PAUSED_TIMED, currentStepIndex: 7 }),
            canary(HEALTHY),
            canary({ ...HEALTHY, availableReplicas: 5 }),
            canary(HEALTHY),
          ],
          [undefined, 'healthy', undefined, undefined],
        ],
        [
          'an idle Healthy rollout seen again: nothing',
          [idle(), idle({ availableReplicas: 5 }), idle()],
          [undefined, undefined, undefined],
        ],
        [
          'an idle rollout scaled by its HPA: spec not yet observed (phase unknown), then Healthy: nothing',
          [idle(), idle({ observedGeneration: '428' }, 429), idle({}, 429)],
          [undefined, undefined, undefined],
        ],
        [
          'the fully promoted canary seen first, then again: nothing',
          [canary(HEALTHY), canary(HEALTHY)],
          [undefined, undefined],
        ],
        [
          'Healthy after an abort and a rollback (no update in flight)',
          [
            canary(PAUSED_TIMED),
            canary(ABORTED),
            ROLLED_BACK,
            idle(
              { phase: 'Progressing', message: 'updated replicas are still becoming available', availableReplicas: 4 },
              430,
              '32',
            ),
            IDLE_AFTER_ROLLBACK,
            IDLE_AFTER_ROLLBACK,
          ],
          [undefined, 'aborted', 'moved', undefined, 'healthy', undefined],
        ],
        [
          'Healthy after Degraded during an update, through Progressing events',
          [
            STARTED,
            canary(DEGRADED),
            canary(PROGRESSING),
            canary({ ...PROGRESSING, availableReplicas: 4 }),
            canary(HEALTHY),
          ],
          [undefined, 'degraded', 'moved', undefined, 'healthy'],
        ],
        [
          'troubled memory alone survives Progressing events: an idle rollout Degraded (InvalidSpec), fixed, Healthy',
          [
            idle(),
            idle({ phase: 'Degraded', message: 'InvalidSpec: The Rollout "canary-demo" is invalid' }, 429),
            idle({ phase: 'Progressing', message: 'updated replicas are still becoming available' }, 430),
            idle(
              { phase: 'Progressing', message: 'updated replicas are still becoming available', availableReplicas: 4 },
              430,
            ),
            idle({}, 430),
            idle({}, 430),
          ],
          [undefined, 'degraded', undefined, undefined, 'healthy', undefined],
        ],
        [
          'Healthy first seen while troubled (aborted), then rolled back',
          [canary(ABORTED), IDLE_AFTER_ROLLBACK],
          [undefined, 'healthy'],
        ],
      ])('%s', (_, rollouts, expected) => {
        expect(notices(...rollouts)).toEqual(expected);
      });
    });

    describe('moved: only the position', () => {
      it.each<[string, K8sObject[], (RolloutNotice | undefined)[]]>([
        ['the next step', [STARTED, canary(PROGRESSING)], [undefined, 'moved']],
        [
          'a new revision mid-canary',
          [
            canary(PROGRESSING),
            canary({ ...PROGRESSING, currentPodHash: NEWER, observedGeneration: '430' }, {}, at('32', 430)),
          ],
          [undefined, 'moved'],
        ],
        ['a new revision starts on an idle rollout', [idle(), STARTED], [undefined, 'moved']],
        [
          'a new message, phase or replica count at the same step: nothing',
          [
            canary(PROGRESSING),
            canary({ ...PROGRESSING, message: 'updated replicas are still becoming available', availableReplicas: 4 }),
            canary({ ...PROGRESSING, phase: undefined, conditions: [] }),
          ],
          [undefined, undefined, undefined],
        ],
        ['the same state twice: nothing', [canary(PROGRESSING), canary(PROGRESSING)], [undefined, undefined]],
      ])('%s', (_, rollouts, expected) => {
        expect(notices(...rollouts)).toEqual(expected);
      });
    });

    /** idle → new revision at step 0 → waiting at step 1 → step 2 → timed pause at step 3 → aborted → rolled back, idle Healthy. */
    const JOURNEY: K8sObject[] = [
      idle(),
      STARTED,
      canary(PAUSED_AT_STEP),
      canary(PROGRESSING),
      canary(PAUSED_TIMED),
      canary(ABORTED),
      IDLE_AFTER_ROLLBACK,
    ];
    const JOURNEY_NOTICES: (RolloutNotice | undefined)[] = [
      undefined,
      'moved',
      'paused',
      'moved',
      'moved',
      'aborted',
      'healthy',
    ];

    it('a whole canary, from idle to aborted to Healthy again', () => {
      expect(notices(...JOURNEY)).toEqual(JOURNEY_NOTICES);
    });

    it('a whole canary promoted to the end: one card, one final line', () => {
      const steps = [3, 4, 5, 6, 7].map((index) =>
        canary(
          FIXTURE_STEPS[index]?.['pause']
            ? { ...PAUSED_TIMED, currentStepIndex: index }
            : { ...PROGRESSING, currentStepIndex: index },
        ),
      );
      expect(notices(idle(), STARTED, canary(PAUSED_AT_STEP), canary(PROGRESSING), ...steps, canary(HEALTHY))).toEqual([
        undefined,
        'moved',
        'paused',
        'moved',
        'moved',
        'moved',
        'moved',
        'moved',
        'moved',
        'healthy',
      ]);
    });

    describe('deterministic: every replica reaches the same notices', () => {
      it('the same, with the memory stored as JSON between events, and never changed in place', () => {
        let memory: RolloutMemory | undefined;
        const seen = JOURNEY.map((rollout) => {
          const previous = memory && (Object.freeze(JSON.parse(JSON.stringify(memory))) as RolloutMemory);
          const snapshot = previous && { ...previous };
          const result = observeRollout(previous, state(rollout));
          if (previous) expect(previous).toEqual(snapshot);
          memory = result.memory;
          return result.notice;
        });
        expect(seen).toEqual(JOURNEY_NOTICES);
      });

      it('each event alone depends only on the memory and the state', () => {
        const memories: (RolloutMemory | undefined)[] = [undefined];
        for (const rollout of JOURNEY) memories.push(observeRollout(memories.at(-1), state(rollout)).memory);
        JOURNEY.forEach((rollout, i) => {
          expect(observeRollout(memories[i], state(rollout)).notice).toBe(JOURNEY_NOTICES[i]);
        });
      });
    });

    // The rules as observeRollout's doc comment states them.
    describe('notices that must survive an intermediate event', () => {
      it.each<[string, K8sObject[], (RolloutNotice | undefined)[]]>([
        [
          // rolloututil.CalculateRolloutPhase: a canary without traffic routing is fully promoted (stableRS =
          // currentPodHash) but Progressing, "old replicas are pending termination", before it is Healthy.
          'Healthy after the update completes in two events: promoted, old replicas terminating, then Healthy',
          [
            canary({ ...PAUSED_TIMED, currentStepIndex: 7 }),
            canary({
              stableRS: NEW,
              currentPodHash: NEW,
              currentStepIndex: FIXTURE_STEPS.length,
              phase: 'Progressing',
              message: 'old replicas are pending termination',
              replicas: 6,
              updatedReplicas: 5,
            }),
            canary(HEALTHY),
          ],
          [undefined, 'moved', 'healthy'],
        ],
        [
          'Healthy after the update completes while an HPA change is not yet observed (phase unknown)',
          [
            canary({ ...PAUSED_TIMED, currentStepIndex: 7 }),
            canary(HEALTHY, {}, { generation: 430 }),
            canary({ ...HEALTHY, observedGeneration: '430' }, {}, { generation: 430 }),
          ],
          [undefined, 'moved', 'healthy'],
        ],
        [
          'Degraded once, even across an event before the controller observed a spec change (phase unknown)',
          [
            STARTED,
            canary(DEGRADED),
            canary(DEGRADED, {}, { generation: 430 }),
            canary({ ...DEGRADED, observedGeneration: '430' }, {}, { generation: 430 }),
          ],
          [undefined, 'degraded', undefined, undefined],
        ],
      ])('%s', (_, rollouts, expected) => {
        expect(notices(...rollouts)).toEqual(expected);
      });
    });
  });
});

describe('noticeOnceKey: what keeps a notice to one post across replicas and events', () => {
  const degraded = state(CANARY);
  const nextRevision = state(canary({}, {}, { annotations: { 'rollout.argoproj.io/revision': '32' } }));

  it('keys a Degraded alert by the revision: any resourceVersion of revision 31 is the same alert', () => {
    expect(noticeOnceKey('degraded', degraded, '28253567')).toBe(
      noticeOnceKey('degraded', state(canary({ availableReplicas: 4 })), '28253599'),
    );
    expect(noticeOnceKey('degraded', degraded, '28253567')).not.toBe(
      noticeOnceKey('degraded', nextRevision, '28253567'),
    );
  });

  it.each<RolloutNotice>(['paused', 'aborted', 'healthy', 'moved'])(
    'keys %s by the resourceVersion: each change of the object is its own notice',
    (notice) => {
      expect(noticeOnceKey(notice, degraded, '28253567')).not.toBe(noticeOnceKey(notice, degraded, '28253599'));
      expect(noticeOnceKey(notice, degraded, '28253567')).toBe(noticeOnceKey(notice, nextRevision, '28253567'));
    },
  );
});
