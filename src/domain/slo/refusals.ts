import { Refusal } from '../errors.js';
import type { FreezeState, GateReason } from './types.js';

/** What kind of forward change a refusal names (the catalog's `gate.what.*`). */
export type ForwardChange = 'deploy' | 'scale' | 'promote';

/** Where a refused change was headed. */
export interface GateTarget {
  readonly app: string;
  readonly environment: string;
  readonly what: ForwardChange;
}

/**
 * The error budget holds a forward change back. Facts: the first reason with its numbers (the change's thread
 * shows every SLO); all reasons in `reasons`.
 */
export class BudgetRefusal extends Refusal {
  override readonly name = 'BudgetRefusal';
  constructor(
    readonly target: GateTarget,
    readonly reasons: readonly GateReason[],
    /** Each SLO's window, in seconds, for the numbers. */
    windowSeconds: Readonly<Record<string, number>>,
  ) {
    const [first] = reasons;
    if (!first) throw new Error('a budget refusal needs a reason');
    const common = { ...target, slo: first.slo, window: windowSeconds[first.slo] };
    super(
      `gate.refused.${first.kind === 'budget-spent' ? 'spent' : first.kind}`,
      first.kind === 'budget-spent'
        ? { ...common, remaining: first.remaining }
        : first.kind === 'burning'
          ? { ...common, rate: first.rate, alert: first.alert }
          : { ...common, why: first.why },
    );
  }
}

/** A freeze window holds a forward change back; it says until when, in the window's time zone. */
export class FrozenRefusal extends Refusal {
  override readonly name = 'FrozenRefusal';
  constructor(
    readonly target: GateTarget,
    readonly freeze: Extract<FreezeState, { frozen: true }>,
    /** The zone dates are shown in (the first window's). */
    readonly timeZone: string,
  ) {
    const key =
      freeze.reopensAt === undefined
        ? 'gate.frozenLong'
        : freeze.reason === 'deny'
          ? 'gate.frozen'
          : 'gate.outsideAllow';
    super(key, {
      ...target,
      windows: freeze.windows,
      ...(freeze.reopensAt !== undefined && {
        reopens: freeze.reopensAt,
        zone: timeZone,
        formatParams: { reopens: { timeZone } },
      }),
    });
  }
}
