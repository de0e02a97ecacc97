import type { Config, Policy } from './config.js';
import type { GateMode, UnknownBudget } from './slo/types.js';

/** Who is asking, as far as policies care. */
export interface Identity {
  readonly userId: string;
  readonly email?: string;
  /** Ids of the Slack user groups (S…) the user belongs to, among those the policies name. */
  readonly groups: readonly string[];
}

/** `override`: may approve someone else's break-glass override of the error-budget gate or a freeze. */
export type PolicyAction = 'deploy' | 'promote' | 'override';

/** Allowed or not, by which rule (`policies.<name>.<action>`); or refused because no policy covers the environment. */
export type Decision =
  | { readonly allowed: true; readonly rule: string }
  | { readonly allowed: false; readonly rule: string }
  | { readonly allowed: false; readonly uncovered: true };

/** The policy for an environment, falling back to `default`. */
export function policyFor(
  config: Pick<Config, 'policies'>,
  environment: string,
): { name: string; policy: Policy } | undefined {
  const own = config.policies[environment];
  if (own) return { name: environment, policy: own };
  const fallback = config.policies['default'];
  return fallback ? { name: 'default', policy: fallback } : undefined;
}

/** The user groups named anywhere in the policies: the only ones worth resolving. */
export const groupsNamedIn = (config: Pick<Config, 'policies'>): string[] => [
  ...new Set(
    Object.values(config.policies).flatMap((p) =>
      [...p.deploy, ...p.promote, ...(p.override ?? []), ...(p.approvals?.from ?? [])].filter((x) =>
        /^S[A-Z0-9]+$/.test(x),
      ),
    ),
  ),
];

/** The first of `principals` (user ids, group ids, e-mails, "*") that names `who`, if any. */
export function matchPrincipal(principals: readonly string[], who: Identity): string | undefined {
  const email = who.email?.toLowerCase();
  return principals.find(
    (p) =>
      p === '*' || p === who.userId || who.groups.includes(p) || (email !== undefined && p.toLowerCase() === email),
  );
}

/** Decides whether `who` may do `action` in `environment`. Pure: all lookups happen before. */
export function authorize(
  config: Pick<Config, 'policies'>,
  environment: string,
  action: PolicyAction,
  who: Identity,
): Decision {
  const found = policyFor(config, environment);
  if (!found) return { allowed: false, uncovered: true };
  const allowedPrincipals = found.policy[action] ?? [];
  const rule = `policies.${found.name}.${action}`;
  const match = matchPrincipal(allowedPrincipals, who);
  return match !== undefined ? { allowed: true, rule: `${rule} (${match})` } : { allowed: false, rule };
}

/** A break-glass approval: allowed by a rule, refused because it is the requester's own, or not listed. */
export type ApprovalDecision = Decision | { readonly allowed: false; readonly self: true };

/**
 * Whether `approver` may approve `requesterId`'s override in `environment`: someone listed under
 * `policies.<env>.override`, and never the requester (break-glass needs a second person).
 */
export function mayApprove(
  config: Pick<Config, 'policies'>,
  environment: string,
  approver: Identity,
  requesterId: string,
): ApprovalDecision {
  if (approver.userId === requesterId) return { allowed: false, self: true };
  return authorize(config, environment, 'override', approver);
}

/** The error-budget settings of an environment's policy, with their defaults (off; deny when unknown). */
export function budgetPolicy(
  config: Pick<Config, 'policies'>,
  environment: string,
): { mode: GateMode; unknown: UnknownBudget; rule?: string } {
  const found = policyFor(config, environment);
  if (!found) return { mode: 'off', unknown: 'deny' };
  return {
    mode: found.policy.errorBudget ?? 'off',
    unknown: found.policy.errorBudgetUnknown ?? 'deny',
    rule: `policies.${found.name}.errorBudget`,
  };
}
