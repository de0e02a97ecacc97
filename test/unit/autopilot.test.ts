import { describe, expect, it } from 'vitest';
import { autopilotDecision, type AutopilotDecision } from '../../src/domain/autopilot.js';

const pass = { verdict: 'pass', reason: { why: 'tally', failed: [], missing: [] }, score: 100 } as const;
const fail = { verdict: 'fail', reason: { why: 'critical-failed', metric: 'successRate' }, score: 20 } as const;
const inconclusive = { verdict: 'inconclusive', reason: { why: 'no-metrics' }, score: 0 } as const;

describe("autopilot's decision after an analysis", () => {
  it.each<[string, Parameters<typeof autopilotDecision>[0], AutopilotDecision]>([
    [
      'a fail aborts at once, with the reason and the score',
      { verdict: fail, streak: 0, passes: 3, phase: 'Paused' },
      { act: 'abort', why: 'verdict-failed', reason: fail.reason, score: 20 },
    ],
    [
      'a fail aborts even a Degraded rollout',
      { verdict: fail, streak: 0, passes: 1, phase: 'Degraded' },
      { act: 'abort', why: 'verdict-failed', reason: fail.reason, score: 20 },
    ],
    [
      'the first pass of three waits, counting',
      { verdict: pass, streak: 1, passes: 3, phase: 'Paused' },
      { act: 'wait', why: 'counting-passes', streak: 1, passes: 3 },
    ],
    [
      'the last pass but one waits',
      { verdict: pass, streak: 2, passes: 3, phase: 'Paused' },
      { act: 'wait', why: 'counting-passes', streak: 2, passes: 3 },
    ],
    [
      'the third pass in a row promotes',
      { verdict: pass, streak: 3, passes: 3, phase: 'Paused' },
      { act: 'promote', why: 'enough-passes', streak: 3 },
    ],
    [
      'one pass is enough when one is asked for',
      { verdict: pass, streak: 1, passes: 1, phase: 'Progressing' },
      { act: 'promote', why: 'enough-passes', streak: 1 },
    ],
    [
      'more passes than asked (a streak carried over) promote too',
      { verdict: pass, streak: 5, passes: 3 },
      { act: 'promote', why: 'enough-passes', streak: 5 },
    ],
    [
      'enough passes, but a Degraded rollout is never promoted',
      { verdict: pass, streak: 3, passes: 3, phase: 'Degraded' },
      { act: 'wait', why: 'degraded', streak: 3, passes: 3 },
    ],
    [
      'a Degraded rollout still counting waits as ever',
      { verdict: pass, streak: 1, passes: 3, phase: 'Degraded' },
      { act: 'wait', why: 'counting-passes', streak: 1, passes: 3 },
    ],
    [
      'an inconclusive verdict does nothing',
      { verdict: inconclusive, streak: 0, passes: 3, phase: 'Paused' },
      { act: 'wait', why: 'inconclusive' },
    ],
    [
      'an inconclusive verdict does nothing, whatever streak was passed in',
      { verdict: inconclusive, streak: 3, passes: 3, phase: 'Paused' },
      { act: 'wait', why: 'inconclusive' },
    ],
  ])('%s', (_, input, decision) => {
    expect(autopilotDecision(input)).toEqual(decision);
  });
});
