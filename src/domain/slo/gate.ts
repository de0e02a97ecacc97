import type { ChangeDirection, GateDecision, GateMode, GateReason, SloStatus, UnknownBudget } from './types.js';
import { ALERT_RULES } from './windows.js';

/** One SLO as the gate sees it: its status, or the fact that it could not be read (Prometheus down). */
export type BudgetCheck = SloStatus | Unavailable;
export interface Unavailable {
  readonly slo: string;
  readonly unavailable: true;
}

const PAGE_RULES = ALERT_RULES.filter((rule) => rule.severity === 'page');

const isUnavailable = (check: BudgetCheck): check is Unavailable => 'unavailable' in check;

/** Why one SLO holds a change back: budget spent, a page-level burn firing, or no way to tell. */
function reasonsFor(status: SloStatus): GateReason[] {
  const slo = status.slo.name;
  const reasons: GateReason[] = [];
  if (status.budgetRemaining !== undefined && status.budgetRemaining <= 0)
    reasons.push({ kind: 'budget-spent', slo, remaining: status.budgetRemaining });
  for (const rule of PAGE_RULES)
    if (status.firing.includes(rule.name))
      reasons.push({ kind: 'burning', slo, alert: rule.name, rate: status.burnRates[rule.long]! });
  const undecided = PAGE_RULES.some((rule) => status.undecided.includes(rule.name));
  if (status.budgetRemaining === undefined || undecided) reasons.push({ kind: 'unknown', slo, why: 'no-data' });
  return reasons;
}

/**
 * The error-budget gate (issue 14; the Workbook's example error budget policy): forward changes stop while an SLO's
 * budget is spent or a page-level burn fires; changes that buy reliability back always go. What cannot be read is
 * never taken as healthy: `unknown` says whether it refuses or lets through.
 */
export function budgetGate(input: {
  readonly mode: GateMode;
  readonly unknown: UnknownBudget;
  readonly direction: ChangeDirection;
  readonly checks: readonly BudgetCheck[];
}): GateDecision {
  const statuses = input.checks.filter((check): check is SloStatus => !isUnavailable(check));
  if (input.mode === 'off') return { kind: 'pass', why: 'off', statuses };
  if (input.direction === 'back') return { kind: 'pass', why: 'back', statuses };
  if (input.checks.length === 0) return { kind: 'pass', why: 'no-slo', statuses };

  const reasons = input.checks.flatMap((check): GateReason[] =>
    isUnavailable(check) ? [{ kind: 'unknown', slo: check.slo, why: 'unavailable' }] : reasonsFor(check),
  );
  if (reasons.length === 0) return { kind: 'pass', why: 'healthy', statuses };
  if (input.mode === 'warn') return { kind: 'warn', reasons, statuses };
  const known = reasons.some((reason) => reason.kind !== 'unknown');
  if (known || input.unknown === 'deny') return { kind: 'refuse', reasons, statuses };
  return { kind: 'pass', why: 'unknown-allowed', statuses };
}
