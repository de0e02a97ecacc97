import { describe, it, expect } from 'vitest';
import type { Config, Policy } from '../../src/domain/config.js';
import {
  authorize,
  groupsNamedIn,
  mayApprove,
  policyFor,
  type Identity,
  type PolicyAction,
} from '../../src/domain/policy.js';

const policy = (deploy: string[], promote: string[] = deploy, twoPersonRule = false): Policy => ({
  deploy,
  promote,
  twoPersonRule,
});
const policies = (p: Record<string, Policy>): Pick<Config, 'policies'> => ({ policies: p });

// The policies of the configuration sketch, plus a staging environment that names people.
const config = policies({
  production: policy(['S0PLATFORM'], ['S0PLATFORM'], true),
  staging: policy(['U0ALICE', 'Bob@Example.com', 'S0QA'], ['U0ALICE']),
  default: policy(['*']),
});

const someone: Identity = { userId: 'U0SOMEONE', groups: [] };

describe('authorize', () => {
  it.each<[string, string, PolicyAction, Identity, string]>([
    ['anyone, by "*"', 'dev', 'deploy', someone, 'policies.default.deploy (*)'],
    [
      'a member of the named group',
      'production',
      'deploy',
      { userId: 'U0X', groups: ['S0OTHER', 'S0PLATFORM'] },
      'policies.production.deploy (S0PLATFORM)',
    ],
    [
      'a member of the named group, to promote',
      'production',
      'promote',
      { userId: 'U0X', groups: ['S0PLATFORM'] },
      'policies.production.promote (S0PLATFORM)',
    ],
    ['the named user', 'staging', 'deploy', { userId: 'U0ALICE', groups: [] }, 'policies.staging.deploy (U0ALICE)'],
    [
      'the named e-mail, whatever its case',
      'staging',
      'deploy',
      { userId: 'U0BOB', email: 'bob@example.COM', groups: [] },
      'policies.staging.deploy (Bob@Example.com)',
    ],
    [
      'a member of a group named among users',
      'staging',
      'deploy',
      { userId: 'U0Q', groups: ['S0QA'] },
      'policies.staging.deploy (S0QA)',
    ],
  ])('allows %s', (_, environment, action, who, rule) => {
    expect(authorize(config, environment, action, who)).toEqual({ allowed: true, rule });
  });

  it.each<[string, string, PolicyAction, Identity, string]>([
    ['someone outside the group', 'production', 'deploy', someone, 'policies.production.deploy'],
    [
      'a group the policy does not name',
      'production',
      'promote',
      { userId: 'U0X', groups: ['S0QA'] },
      'policies.production.promote',
    ],
    [
      'a user named for deploy only, to promote',
      'staging',
      'promote',
      { userId: 'U0BOB', email: 'bob@example.com', groups: ['S0QA'] },
      'policies.staging.promote',
    ],
    [
      'an e-mail that only contains the named one',
      'staging',
      'deploy',
      { userId: 'U0E', email: 'evil.bob@example.com', groups: [] },
      'policies.staging.deploy',
    ],
    [
      'a user whose id is a group name, with no groups',
      'production',
      'deploy',
      { userId: 'U0PLATFORM', groups: [] },
      'policies.production.deploy',
    ],
  ])('refuses %s, naming the rule', (_, environment, action, who, rule) => {
    expect(authorize(config, environment, action, who)).toEqual({ allowed: false, rule });
  });

  it("uses the environment's own policy instead of `default`, even where `default` would allow", () => {
    // `default` allows everyone; production must not fall back to it.
    expect(authorize(config, 'production', 'deploy', someone).allowed).toBe(false);
  });

  it('falls back to `default` for an environment without a policy', () => {
    const decision = authorize(policies({ default: policy(['U0ALICE']) }), 'qa', 'deploy', {
      userId: 'U0ALICE',
      groups: [],
    });
    expect(decision).toEqual({ allowed: true, rule: 'policies.default.deploy (U0ALICE)' });
    expect(authorize(policies({ default: policy(['U0ALICE']) }), 'qa', 'deploy', someone)).toEqual({
      allowed: false,
      rule: 'policies.default.deploy',
    });
  });

  it('refuses an action the policy lists nobody for', () => {
    expect(authorize(policies({ production: policy(['*'], []) }), 'production', 'promote', someone)).toEqual({
      allowed: false,
      rule: 'policies.production.promote',
    });
  });

  it('refuses everything when no policy covers the environment (the refusal names what to add: refusals.forbidden)', () => {
    const refusal = { allowed: false, uncovered: true };
    expect(authorize(policies({}), 'production', 'deploy', someone)).toEqual(refusal);
    expect(
      authorize(policies({ staging: policy(['*']) }), 'production', 'promote', {
        userId: 'U0ALICE',
        groups: ['S0PLATFORM'],
      }),
    ).toEqual(refusal);
  });
});

describe('policyFor', () => {
  it.each([
    ['production', 'production'],
    ['staging', 'staging'],
    ['dev', 'default'],
  ])('%s → policies.%s', (environment, name) => {
    expect(policyFor(config, environment)?.name).toBe(name);
  });

  it('finds nothing without a matching or default policy', () => {
    expect(policyFor(policies({ staging: policy(['*']) }), 'production')).toBeUndefined();
  });
});

describe('groupsNamedIn', () => {
  it('lists each user group once, from deploy and promote, and nothing else', () => {
    const named = groupsNamedIn(
      policies({
        production: policy(['S0PLATFORM', 'U0ALICE'], ['S0PLATFORM', 'S0SRE']),
        staging: policy(['*', 'ops@example.com', 'W0BOT'], ['S0QA', 'S0SRE']),
      }),
    );
    expect(named.sort()).toEqual(['S0PLATFORM', 'S0QA', 'S0SRE']);
  });

  it('is empty when policies name only users, e-mails and "*"', () => {
    expect(groupsNamedIn(policies({ default: policy(['*', 'U0A', 'sam@example.com']) }))).toEqual([]);
    expect(groupsNamedIn(policies({}))).toEqual([]);
  });
});

describe('mayApprove: break-glass overrides need a second, listed person', () => {
  const withOverride = policies({
    production: { ...policy(['*']), override: ['S0SRE', 'U0ANA'] },
    staging: policy(['*']),
  });
  const ana: Identity = { userId: 'U0ANA', groups: [] };
  const sre: Identity = { userId: 'U0SAM', groups: ['S0SRE'] };

  it.each<[string, string, Identity, string, object]>([
    ['a listed user', 'production', ana, 'U0BOB', { allowed: true, rule: 'policies.production.override (U0ANA)' }],
    [
      'a member of a listed group',
      'production',
      sre,
      'U0BOB',
      { allowed: true, rule: 'policies.production.override (S0SRE)' },
    ],
    ['the requester, even though listed', 'production', ana, 'U0ANA', { allowed: false, self: true }],
    ['someone not listed', 'production', someone, 'U0BOB', { allowed: false, rule: 'policies.production.override' }],
    [
      'anyone where no override is listed',
      'staging',
      ana,
      'U0BOB',
      { allowed: false, rule: 'policies.staging.override' },
    ],
    ['anyone where no policy applies', 'dev', ana, 'U0BOB', { allowed: false, uncovered: true }],
  ])('%s', (_, environment, approver, requester, expected) => {
    expect(mayApprove(withOverride, environment, approver, requester)).toEqual(expected);
  });

  it('resolves the groups named as override approvers', () => {
    expect(groupsNamedIn(withOverride)).toEqual(['S0SRE']);
  });
});
