import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/boot/config-file.js';
import { explainedBy, moveOnceKey, outsideCommitApps, personMove, type RolloutMove } from '../../src/domain/outside.js';
import { observeRollout, rolloutState, type RolloutState } from '../../src/domain/rollout.js';

// canary-demo, revision 31, 8 steps (setWeight 20, pause, setWeight 40, pause 10s, …), as the Argo project captured it.
type Obj = Record<string, unknown>;
const CANARY = parse(
  readFileSync(new URL('../fixtures/argo-rollouts/canary/canary-rollout.yaml', import.meta.url), 'utf8'),
) as { metadata: Obj; spec: Obj; status: Obj };
const canary = (status: Obj, revision = '31'): RolloutState =>
  rolloutState({
    ...CANARY,
    metadata: { ...CANARY.metadata, annotations: { 'rollout.argoproj.io/revision': revision } },
    status: { ...CANARY.status, ...status },
  });

const pausedFor = (reason: string) => [{ reason, startTime: '2019-10-28T04:53:10Z' }];
/** At `pause: {}` (index 1): only a person moves it on. */
const WAITING: Obj = {
  currentStepIndex: 1,
  phase: 'Paused',
  controllerPause: true,
  pauseConditions: pausedFor('CanaryPauseStep'),
};
/** At `setWeight 40` (index 2): the controller moves on by itself. */
const PROGRESSING: Obj = { currentStepIndex: 2, pauseConditions: null, controllerPause: false, phase: 'Progressing' };
/** At `pause 10s` (index 3): a timed pause, also the controller's. */
const TIMED_PAUSE: Obj = {
  currentStepIndex: 3,
  phase: 'Paused',
  controllerPause: true,
  pauseConditions: pausedFor('CanaryPauseStep'),
};
const ABORTED: Obj = {
  abort: true,
  phase: 'Degraded',
  message: 'RolloutAborted: Rollout aborted update to revision 31',
};
const FAILED_ANALYSIS: Obj = {
  ...ABORTED,
  canary: { currentStepAnalysisRunStatus: { name: 'canary-demo-31-2', status: 'Failed' } },
};

const memoryOf = (state: RolloutState) => observeRollout(undefined, state).memory;

describe('personMove: what a person did to a canary, seen by the watch', () => {
  const cases: [string, RolloutState | undefined, RolloutState, RolloutMove | undefined][] = [
    ['first sight is no move', undefined, canary(PROGRESSING), undefined],
    [
      'promoted from a pause for a person',
      canary(WAITING),
      canary(PROGRESSING),
      { kind: 'promoted', from: '31/1', step: 3, steps: 8 },
    ],
    [
      'promoted by clearing the pause (the controller moves on to the next step)',
      canary(WAITING),
      canary({ ...WAITING, pauseConditions: null, phase: 'Progressing' }),
      { kind: 'promoted', from: '31/1', step: 3, steps: 8 },
    ],
    [
      'fully promoted (--full) from a pause for a person',
      canary(WAITING),
      canary({ ...PROGRESSING, currentStepIndex: 8 }),
      { kind: 'promoted', from: '31/1', step: 8, steps: 8 },
    ],
    ['the controller leaves setWeight by itself', canary(PROGRESSING), canary(TIMED_PAUSE), undefined],
    [
      'the controller leaves a timed pause by itself',
      canary(TIMED_PAUSE),
      canary({ ...PROGRESSING, currentStepIndex: 4 }),
      undefined,
    ],
    ['a new revision is a deploy, not a promotion', canary(WAITING), canary(PROGRESSING, '32'), undefined],
    ['still at the same step', canary(WAITING), canary({ ...WAITING, phase: 'Paused' }), undefined],
    ['aborted while waiting', canary(WAITING), canary({ ...WAITING, ...ABORTED }), { kind: 'aborted', from: '31/1' }],
    [
      'aborted mid-step',
      canary(PROGRESSING),
      canary({ ...PROGRESSING, ...ABORTED }),
      { kind: 'aborted', from: '31/2' },
    ],
    [
      'a failed analysis aborts by itself',
      canary(PROGRESSING),
      canary({ ...PROGRESSING, ...FAILED_ANALYSIS }),
      undefined,
    ],
    ['already aborted', canary({ ...WAITING, ...ABORTED }), canary({ ...WAITING, ...ABORTED }), undefined],
  ];
  it.each(cases)('%s', (_, before, after, expected) => {
    expect(personMove(before && memoryOf(before), after)).toEqual(expected);
  });
});

describe('explainedBy and moveOnceKey', () => {
  const promoted: RolloutMove = { kind: 'promoted', from: '31/1', step: 3, steps: 8 };
  it.each([
    [['31/1'], true],
    [[undefined, '31/1'], true],
    [['31/2'], false],
    [[undefined], false],
  ] as const)('a press from %j explains a promotion from 31/1: %s', (pressed, explained) => {
    expect(explainedBy(promoted, pressed)).toBe(explained);
  });
  it('is one key per app, revision and step, or per revision for an abort', () => {
    expect(moveOnceKey('web', promoted)).toBe('web:31:step-3');
    expect(moveOnceKey('web', { kind: 'aborted', from: '31/1' })).toBe('web:31:aborted');
  });
});

describe('outsideCommitApps: whose files a commit by someone else changed', () => {
  const config = parseConfig(
    `
gitops: { url: https://git.example.com/gitops.git }
apps:
  web: { manifest: apps/web/deploy.yaml, paths: [apps/web/values.yaml] }
  api: { manifest: apps/api/deploy.yaml }
`,
    'kanaria.yaml',
  );
  it.each([
    ['a manifest', {}, ['apps/web/deploy.yaml'], ['web']],
    ["one of the app's paths", {}, ['apps/web/values.yaml'], ['web']],
    ['two apps at once', {}, ['apps/api/deploy.yaml', 'apps/web/deploy.yaml'], ['web', 'api']],
    ['no app', {}, ['README.md'], []],
    ["Kanaria's own (Kanaria-Request)", { 'Kanaria-Request': 'req-1' }, ['apps/web/deploy.yaml'], []],
  ] as const)('%s', (_, trailers, files, apps) => {
    expect(outsideCommitApps(config, { trailers }, files)).toEqual(apps);
  });
});
