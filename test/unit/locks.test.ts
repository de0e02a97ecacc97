import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/boot/config-file.js';
import { Refusal } from '../../src/domain/errors.js';
import {
  decideLock,
  lockDuration,
  lockReason,
  lockRefusal,
  lockTarget,
  mayUnlock,
  REASON_LIMIT,
  type Lock,
} from '../../src/domain/locks.js';
import { explain, wordsFor } from '../../src/i18n/index.js';

const app = (name: string, environment: string) =>
  `  ${name}: { environment: ${environment}, manifest: apps/${name}.yaml, container: web }\n`;
const config = parseConfig(
  `
apps:
${app('api-dev', 'dev')}${app('api-prod', 'prod')}${app('solo', 'staging')}${app('eu', 'prod')}
pipelines:
  api: { stages: [api-dev, api-prod] }
  regional: { stages: [solo, { name: eu-prod, app: eu }] }
policies:
  prod: { deploy: ["*"], override: [U0CAROL, S0SRE] }
  default: { deploy: ["*"] }
`,
  'kanaria.yaml',
);

const T0 = Date.parse('2026-12-03T10:00:00Z');
const ana = { id: 'U0ANA', name: 'Ana Lima' };
const held: Lock = { app: 'api-prod', holder: ana, reason: 'migration', since: T0 };

describe('lockTarget: what /lock and /unlock name', () => {
  it.each<[string, string[], { app: string; rest: string[] }]>([
    [
      'a pipeline and a stage by name',
      ['api', 'prod', 'db', 'migration'],
      { app: 'api-prod', rest: ['db', 'migration'] },
    ],
    ['a pipeline and a stage by its app', ['api', 'api-dev'], { app: 'api-dev', rest: [] }],
    ['a named stage', ['regional', 'eu-prod'], { app: 'eu', rest: [] }],
    ['an app alone', ['solo', 'quiet', 'please'], { app: 'solo', rest: ['quiet', 'please'] }],
    [
      'an app and its own environment, which confirms it',
      ['api-prod', 'prod', 'audit'],
      { app: 'api-prod', rest: ['audit'] },
    ],
    ['an app and its own stage name', ['eu', 'eu-prod'], { app: 'eu', rest: [] }],
    ['an app and another word: the reason', ['api-prod', 'dev'], { app: 'api-prod', rest: ['dev'] }],
  ])('%s', (_, args, expected) => {
    expect(lockTarget(config, args)).toMatchObject(expected);
  });

  it.each<[string, string[], string, Record<string, unknown>]>([
    ['a pipeline without its stage', ['api'], 'locks.needsStage', { pipeline: 'api', stages: ['dev', 'prod'] }],
    ['a stage the pipeline does not have', ['api', 'qa'], 'locks.unknownStage', { typed: 'qa' }],
    ['an unknown name, with the closest', ['api-prd'], 'refusals.unknownApp', { suggestions: ['api-prod'] }],
  ])('refuses %s', (_, args, key, params) => {
    let thrown: unknown;
    try {
      lockTarget(config, args);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Refusal);
    expect(thrown).toMatchObject({ key, params });
  });
});

describe('decideLock', () => {
  const bob = { id: 'U0BOB' };
  it.each<[string, Lock | undefined, Parameters<typeof decideLock>[1], number, Record<string, unknown>]>([
    [
      'a free app is taken, without expiry',
      undefined,
      { app: 'api-prod', who: ana, reason: 'x' },
      T0,
      { kind: 'take', lock: { since: T0, reason: 'x' } },
    ],
    [
      '--for sets the expiry',
      undefined,
      { app: 'api-prod', who: ana, reason: '', forSeconds: 7200 },
      T0,
      { kind: 'take', lock: { until: T0 + 7_200_000 } },
    ],
    [
      'someone else’s lock holds',
      held,
      { app: 'api-prod', who: bob, reason: 'hotfix' },
      T0 + 1,
      { kind: 'held', lock: held },
    ],
    [
      'an expired lock is taken over',
      { ...held, until: T0 + 10 },
      { app: 'api-prod', who: bob, reason: 'hotfix' },
      T0 + 10,
      { kind: 'take', lock: { holder: bob, since: T0 + 10 } },
    ],
    [
      'the holder updates the reason, keeping since',
      held,
      { app: 'api-prod', who: ana, reason: 'backfill' },
      T0 + 60_000,
      { kind: 'update', lock: { reason: 'backfill', since: T0 } },
    ],
    [
      'the holder sets an expiry, keeping the reason',
      held,
      { app: 'api-prod', who: ana, reason: '', forSeconds: 60 },
      T0 + 1000,
      { kind: 'update', lock: { reason: 'migration', until: T0 + 61_000 } },
    ],
  ])('%s', (_, current, request, now, expected) => {
    expect(decideLock(current, request, now)).toMatchObject(expected);
  });

  it('an update without --for keeps the expiry there was', () => {
    const lock = { ...held, until: T0 + 3_600_000 };
    expect(decideLock(lock, { app: 'api-prod', who: ana, reason: 'y' }, T0 + 1).lock.until).toBe(T0 + 3_600_000);
  });
});

describe('lockRefusal: what a lock holds back', () => {
  it.each<[string, Lock | undefined, string, string, number, boolean]>([
    ['no lock', undefined, 'deploy', 'U0BOB', T0, false],
    ['someone else’s deploy', held, 'deploy', 'U0BOB', T0, true],
    ['someone else’s scale', held, 'scale', 'U0BOB', T0, true],
    ['someone else’s promotion (the promote kind, or a canary press)', held, 'promote', 'U0BOB', T0, true],
    ['a canary retry', held, 'retry', 'U0BOB', T0, true],
    ['the holder’s own deploy', held, 'deploy', 'U0ANA', T0, false],
    ['a rollback: it puts back what ran', held, 'rollback', 'U0BOB', T0, false],
    ['a canary abort', held, 'abort', 'U0BOB', T0, false],
    ['an expired lock', { ...held, until: T0 }, 'deploy', 'U0BOB', T0, false],
    ['a lock before its expiry', { ...held, until: T0 + 1 }, 'deploy', 'U0BOB', T0, true],
  ])('%s', (_, lock, kind, by, now, refused) => {
    expect(lockRefusal(lock, { kind, by, environment: 'prod' }, now) !== undefined).toBe(refused);
  });

  it('names the holder, since and until when, and why, with the reason escaped', () => {
    const lock: Lock = { ...held, reason: 'ping <!channel> & co', until: T0 + 3_600_000 };
    const refusal = lockRefusal(lock, { kind: 'deploy', by: 'U0BOB', environment: 'prod' }, T0);
    const { message, hint } = explain(wordsFor('en'), refusal!);
    expect(message).toBe(
      `\`api-prod\` is locked by <@U0ANA> since <!date^${T0 / 1000}^{date_short_pretty} {time}|2026-12-03T10:00:00.000Z>, until <!date^${T0 / 1000 + 3600}^{date_short_pretty} {time}|2026-12-03T11:00:00.000Z>.\n> ping &lt;!channel&gt; &amp; co`,
    );
    expect(hint).toContain('someone in `policies.prod.override` may lift it');
    expect(explain(wordsFor('ja'), refusal!).message).toContain('<@U0ANA> さんがロックしています');
  });
});

describe('mayUnlock', () => {
  const who = (userId: string, groups: string[] = []) => ({ userId, groups });
  it.each<[string, ReturnType<typeof who>, string, Record<string, unknown>]>([
    ['the holder', who('U0ANA'), 'prod', { allowed: true, as: 'holder' }],
    ['a break-glass approver', who('U0CAROL'), 'prod', { allowed: true, as: 'override' }],
    ['a member of an approver group', who('U0DAN', ['S0SRE']), 'prod', { allowed: true, as: 'override' }],
    ['anyone else, told the rule', who('U0BOB'), 'prod', { allowed: false, rule: 'policies.prod.override' }],
    [
      'where the policy names no approver',
      who('U0CAROL'),
      'staging',
      { allowed: false, rule: 'policies.default.override' },
    ],
  ])('%s', (_, identity, environment, expected) => {
    expect(mayUnlock(config, environment, held, identity)).toMatchObject(expected);
  });
});

describe('--for and the reason', () => {
  it.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ['30m', 1800],
    ['2h', 7200],
    ['1d', 86_400],
    ['1h30m', 5400],
  ])('--for %s', (typed, seconds) => {
    expect(lockDuration(typed)).toBe(seconds);
  });

  it.each(['soon', '0s', '-1h', '2 hours'])('refuses --for %s', (typed) => {
    expect(() => lockDuration(typed)).toThrow(Refusal);
  });

  it('keeps the reason on one line, clipped', () => {
    expect(lockReason(['db', ' migration\n', 'step 2'])).toBe('db migration step 2');
    expect(lockReason(['x'.repeat(500)])).toHaveLength(REASON_LIMIT);
  });
});
