import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/domain/chat.js';
import type { Config, Policy } from '../../src/domain/config.js';
import { approvalPolicy, approve, expire, mayApproveQuorum, reject, type Quorum } from '../../src/domain/approvals.js';
import { groupsNamedIn } from '../../src/domain/policy.js';

const person = (id: string, email?: string): Person => ({ id, groups: [], ...(email && { email }) });
const BOB = person('U0BOB');
const CAROL = person('U0CAROL');
const NOW = 1_800_000_000_000;

const open: Quorum = {
  environment: 'production',
  requesterId: 'U0ANA',
  min: 2,
  expiresAt: NOW + 3_600_000,
  approvers: [],
  state: 'open',
};
const withBob: Quorum = { ...open, approvers: [BOB] };

const policy = (extra: Partial<Policy> = {}): Policy => ({
  deploy: ['*'],
  promote: ['*'],
  twoPersonRule: false,
  ...extra,
});
const config: Pick<Config, 'policies'> = {
  policies: {
    production: policy({
      approvals: {
        min: 2,
        from: ['S0PLATFORM', 'U0CAROL', 'Dan@Example.com'],
        selfApproval: false,
        expiresAfter: '30m',
      },
    }),
    staging: policy(),
    default: policy({ approvals: { min: 1, from: ['*'], selfApproval: false, expiresAfter: '4h' } }),
  },
};

describe('approvalPolicy', () => {
  it.each([
    ['its own policy', 'production', { rule: 'policies.production.approvals', min: 2, seconds: 1800 }],
    ['none where its own policy names none', 'staging', undefined],
    ['the default policy’s otherwise', 'dev', { rule: 'policies.default.approvals', min: 1, seconds: 14400 }],
  ])('%s', (_, environment, expected) => {
    const found = approvalPolicy(config, environment);
    expect(found && { rule: found.rule, min: found.approvals.min, seconds: found.expiresAfterSeconds }).toEqual(
      expected,
    );
  });
});

describe('mayApproveQuorum', () => {
  it.each([
    ['a listed user', { userId: 'U0CAROL', groups: [] }, true],
    ['a member of a listed group', { userId: 'U0BOB', groups: ['S0PLATFORM'] }, true],
    ['a listed e-mail, whatever its case', { userId: 'U0DAN', groups: [], email: 'dan@example.com' }, true],
    ['someone not listed', { userId: 'U0EVE', groups: ['S0OTHER'], email: 'eve@example.com' }, false],
  ])('%s', (_, who, allowed) => expect(mayApproveQuorum(config, 'production', who)).toBe(allowed));

  it('names approvals.from groups among those worth resolving', () => {
    expect(groupsNamedIn(config)).toContain('S0PLATFORM');
  });
});

describe('approve', () => {
  it.each<[string, Quorum, Person, boolean, number, unknown]>([
    ['the requester', open, person('U0ANA'), true, NOW, { kind: 'refused', why: 'self' }],
    ['someone not in from', open, person('U0EVE'), false, NOW, { kind: 'refused', why: 'forbidden' }],
    ['a second press of the same person', withBob, BOB, true, NOW, { kind: 'duplicate' }],
    ['a press at the expiry', withBob, CAROL, true, open.expiresAt, { kind: 'refused', why: 'expired' }],
    [
      'a press after a rejection',
      { ...open, state: 'rejected' },
      CAROL,
      true,
      NOW,
      { kind: 'refused', why: 'rejected' },
    ],
    [
      'a press once approved',
      { ...withBob, state: 'approved' },
      CAROL,
      true,
      NOW,
      { kind: 'refused', why: 'approved' },
    ],
    [
      'the same person once approved',
      { ...withBob, state: 'approved' },
      BOB,
      true,
      NOW,
      { kind: 'refused', why: 'approved' },
    ],
  ])('refuses %s', (_, quorum, who, allowed, now, expected) => {
    expect(approve(quorum, who, allowed, now)).toEqual(expected);
  });

  it('counts the first approval and keeps the request open', () => {
    expect(approve(open, BOB, true, NOW)).toEqual({ kind: 'counted', complete: false, quorum: withBob });
  });

  it('the last approval needed completes it, approvers in order', () => {
    expect(approve(withBob, CAROL, true, NOW)).toEqual({
      kind: 'counted',
      complete: true,
      quorum: { ...withBob, approvers: [BOB, CAROL], state: 'approved' },
    });
  });
});

describe('reject', () => {
  const carol = { userId: 'U0CAROL', groups: [] };
  it.each<[string, Quorum, { userId: string; groups: string[] }, boolean, number, string]>([
    ['the requester', open, { userId: 'U0ANA', groups: [] }, true, NOW, 'self'],
    ['someone not in from', open, { userId: 'U0EVE', groups: [] }, false, NOW, 'forbidden'],
    ['after expiry', open, carol, true, open.expiresAt + 1, 'expired'],
    ['once approved', { ...withBob, state: 'approved' }, carol, true, NOW, 'approved'],
    ['twice', { ...open, state: 'rejected' }, carol, true, NOW, 'rejected'],
  ])('refuses %s', (_, quorum, who, allowed, now, why) => {
    expect(reject(quorum, who, allowed, 'no', now)).toEqual({ kind: 'refused', why });
  });

  it('ends an open request with who and why, approvals so far kept', () => {
    expect(reject(withBob, carol, true, '5xx in staging', NOW)).toEqual({
      kind: 'rejected',
      quorum: { ...withBob, state: 'rejected', rejection: { by: 'U0CAROL', reason: '5xx in staging' } },
    });
  });
});

describe('expire', () => {
  it.each<[string, Quorum, number, Quorum | undefined]>([
    ['an open request before its time', open, open.expiresAt - 1, undefined],
    ['an open request at its time', open, open.expiresAt, { ...open, state: 'expired' }],
    ['an approved request', { ...withBob, state: 'approved' }, open.expiresAt + 1, undefined],
    ['a rejected request', { ...open, state: 'rejected' }, open.expiresAt + 1, undefined],
  ])('%s', (_, quorum, now, expected) => expect(expire(quorum, now)).toEqual(expected));
});
