import { describe, expect, it } from 'vitest';
import {
  checkPress,
  twoPersonRule,
  twoPersonRuleApplies,
  type LastChange,
  type PressDecision,
} from '../../src/domain/canary-policy.js';
import type { Config, Policy } from '../../src/domain/config.js';
import type { RolloutAction } from '../../src/domain/rollout.js';

describe('checkPress: may a canary button go ahead as the rollout stands', () => {
  const ALL: RolloutAction[] = ['promote', 'promote-full', 'abort'];
  const promotedAt3 = { action: 'promote' as const, from: 'r7/3', by: 'U0ANA' };

  it.each<[string, Parameters<typeof checkPress>[0], PressDecision]>([
    [
      'a press on a card drawn where the rollout stands',
      { action: 'promote', cardPosition: 'r7/3', position: 'r7/3', available: ALL },
      { allowed: true },
    ],
    [
      'a typed command (no card), wherever the rollout stands',
      { action: 'abort', position: 'r7/5', available: ALL, last: { action: 'abort', from: 'r7/5' } },
      { allowed: true },
    ],
    [
      'the same button at the same position again (a double click)',
      { action: 'promote', cardPosition: 'r7/3', position: 'r7/4', available: ALL, last: promotedAt3 },
      { allowed: false, rule: 'already-done', last: promotedAt3 },
    ],
    [
      'another button at the position of the last press: not done already, but the card is out of date',
      { action: 'abort', cardPosition: 'r7/3', position: 'r7/4', available: ALL, last: promotedAt3 },
      { allowed: false, rule: 'card-out-of-date' },
    ],
    [
      'the same button on a card the rollout has moved on from',
      { action: 'promote', cardPosition: 'r7/2', position: 'r7/3', available: ALL, last: promotedAt3 },
      { allowed: false, rule: 'card-out-of-date' },
    ],
    [
      'a card of an earlier revision',
      { action: 'abort', cardPosition: 'r6/3', position: 'r7/3', available: ALL },
      { allowed: false, rule: 'card-out-of-date' },
    ],
    [
      'an action the rollout does not offer now (a card still current)',
      { action: 'promote', cardPosition: 'r7/3/aborted', position: 'r7/3/aborted', available: ['retry'] },
      { allowed: false, rule: 'nothing-to-do' },
    ],
    [
      'an action the rollout does not offer now (typed)',
      { action: 'retry', position: 'r7/3', available: ALL },
      { allowed: false, rule: 'nothing-to-do' },
    ],
  ])('%s', (_, press, decision) => {
    expect(checkPress(press)).toEqual(decision);
  });
});

const policy = (twoPersonRule: boolean): Policy => ({ deploy: ['*'], promote: ['*'], twoPersonRule });
const config: Pick<Config, 'policies'> = {
  policies: { production: policy(true), staging: policy(false), default: policy(false) },
};
const strictDefault: Pick<Config, 'policies'> = { policies: { default: policy(true) } };
const byAna: LastChange = { sha: '3f1c2a9d0b7e4c6a8f5d2e1b0a9c8d7e6f5a4b3c', slackUser: 'U0ANA' };

describe('twoPersonRule: who may promote the change that is rolling out', () => {
  it.each<[string, Parameters<typeof twoPersonRule>[0], ReturnType<typeof twoPersonRule>]>([
    [
      'the person who made the change may not promote it',
      { config, environment: 'production', action: 'promote', presser: 'U0ANA', lastChange: byAna },
      { allowed: false, rule: 'policies.production.twoPersonRule', commit: byAna.sha },
    ],
    [
      'nor promote it fully',
      { config, environment: 'production', action: 'promote-full', presser: 'U0ANA', lastChange: byAna },
      { allowed: false, rule: 'policies.production.twoPersonRule', commit: byAna.sha },
    ],
    [
      'the rule of `default` applies to an environment without its own policy',
      { config: strictDefault, environment: 'qa', action: 'promote', presser: 'U0ANA', lastChange: byAna },
      { allowed: false, rule: 'policies.default.twoPersonRule', commit: byAna.sha },
    ],
    [
      'someone else may promote it',
      { config, environment: 'production', action: 'promote', presser: 'U0BOB', lastChange: byAna },
      { allowed: true, why: 'someone-else-made-it' },
    ],
    [
      'a change made outside Kanaria (no Slack user on the commit) names nobody',
      {
        config,
        environment: 'production',
        action: 'promote',
        presser: 'U0ANA',
        lastChange: { sha: byAna.sha },
      },
      { allowed: true, why: 'someone-else-made-it' },
    ],
    [
      'an app without commits names nobody',
      { config, environment: 'production', action: 'promote', presser: 'U0ANA' },
      { allowed: true, why: 'someone-else-made-it' },
    ],
    [
      'the maker may abort their own change',
      { config, environment: 'production', action: 'abort', presser: 'U0ANA', lastChange: byAna },
      { allowed: true, why: 'not-a-promotion' },
    ],
    [
      'the maker may retry their own change',
      { config, environment: 'production', action: 'retry', presser: 'U0ANA', lastChange: byAna },
      { allowed: true, why: 'not-a-promotion' },
    ],
    [
      "an environment whose policy has no rule, even where `default`'s would have it",
      {
        config: { policies: { staging: policy(false), default: policy(true) } },
        environment: 'staging',
        action: 'promote',
        presser: 'U0ANA',
        lastChange: byAna,
      },
      { allowed: true, why: 'rule-off' },
    ],
    [
      'no policy covers the environment',
      { config: { policies: {} }, environment: 'production', action: 'promote', presser: 'U0ANA', lastChange: byAna },
      { allowed: true, why: 'rule-off' },
    ],
  ])('%s', (_, input, decision) => {
    expect(twoPersonRule(input)).toEqual(decision);
  });

  it.each<[Pick<Config, 'policies'>, string, RolloutAction, boolean]>([
    [config, 'production', 'promote', true],
    [config, 'production', 'promote-full', true],
    [config, 'production', 'abort', false],
    [config, 'staging', 'promote', false],
    [config, 'dev', 'promote', false],
    [strictDefault, 'dev', 'promote', true],
    [{ policies: {} }, 'production', 'promote', false],
  ])('needs to know who made the change (%#): %s %s → %s', (policies, environment, action, asks) => {
    expect(twoPersonRuleApplies(policies, environment, action)).toBe(asks);
  });
});
