/*
 * The facts of error budgets (SRE Workbook, chapter 5 "Alerting on SLOs"): what an SLO reading is, what the
 * arithmetic (budget.ts) makes of it, and what the gate (gate.ts) decides. Pure data: no I/O, no words.
 */

/** The Workbook's burn-rate windows, named as for a 30-day SLO window (Sloth's recording rules use these names). */
export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

/** The Workbook's multi-window, multi-burn-rate alerts: both windows above `factor` fire it. */
export type AlertName = 'page-1h' | 'page-6h' | 'ticket-1d' | 'ticket-3d';

export interface AlertRule {
  readonly name: AlertName;
  readonly severity: 'page' | 'ticket';
  readonly long: BurnWindow;
  readonly short: BurnWindow;
  /** Burn rate both windows must exceed (14.4, 6, 3, 1). */
  readonly factor: number;
}

/** One SLO as the arithmetic needs it. */
export interface SloSpec {
  readonly name: string;
  /** Percent, strictly between 0 and 100 (99.9). */
  readonly objective: number;
  /** The SLO window in seconds (30 days = 2_592_000). */
  readonly windowSeconds: number;
}

/**
 * What was read for one SLO at `now`: the error ratio (bad ÷ total events, 0…1) over each burn window and over
 * the whole SLO window. `undefined`: no data (no series, or no events) — never read as healthy.
 */
export interface SloReadings {
  /** Unix seconds. */
  readonly now: number;
  readonly ratios: Partial<Record<BurnWindow, number>>;
  readonly windowRatio?: number;
}

/** What an SLO's readings mean. */
export interface SloStatus {
  readonly slo: SloSpec;
  readonly now: number;
  /** Fraction of the budget left over the SLO window (1 = untouched, 0 = spent, negative = overspent); undefined: no data. */
  readonly budgetRemaining?: number;
  /** Minutes of full outage the remaining budget allows (0 when spent); undefined with budgetRemaining. */
  readonly outageMinutesLeft?: number;
  /** Burn rate per window: error ratio ÷ (1 − objective/100); a window without data is absent. */
  readonly burnRates: Partial<Record<BurnWindow, number>>;
  /** Windows without data (burn windows, and `window` for the whole SLO window). */
  readonly missing: readonly (BurnWindow | 'window')[];
  /** Alerts whose two windows are both above their factor. */
  readonly firing: readonly AlertName[];
  /** Alerts that cannot be told because a window has no data (and the other does not rule it out). */
  readonly undecided: readonly AlertName[];
  /**
   * Unix seconds when the budget runs out at the current burn (the 1 h window's rate): `now` when already spent,
   * null when nothing burns, undefined without data.
   */
  readonly exhaustsAt?: number | null;
}

/** `policies.<env>.errorBudget`. */
export type GateMode = 'enforce' | 'warn' | 'off';
/** `policies.<env>.errorBudgetUnknown`: what the gate does when it cannot tell (Prometheus down, no data). */
export type UnknownBudget = 'allow' | 'deny';

/** Whether a change spends reliability (deploy, scale up, promote) or buys it back (rollback, abort, scale down). */
export type ChangeDirection = 'forward' | 'back';

/** Why the gate holds a change back (or warns about it). */
export type GateReason =
  | { readonly kind: 'budget-spent'; readonly slo: string; readonly remaining: number }
  | { readonly kind: 'burning'; readonly slo: string; readonly alert: AlertName; readonly rate: number }
  | { readonly kind: 'unknown'; readonly slo: string; readonly why: 'unavailable' | 'no-data' };

/**
 * The gate's answer for one change. `pass`: go ahead (with the statuses read, for the thread). `warn`: go ahead,
 * with the reasons in the thread. `refuse`: not without an approved override.
 */
export type GateDecision =
  | {
      readonly kind: 'pass';
      readonly why: 'off' | 'back' | 'no-slo' | 'healthy' | 'unknown-allowed';
      readonly statuses: readonly SloStatus[];
    }
  | { readonly kind: 'warn'; readonly reasons: readonly GateReason[]; readonly statuses: readonly SloStatus[] }
  | { readonly kind: 'refuse'; readonly reasons: readonly GateReason[]; readonly statuses: readonly SloStatus[] };

/** A freeze window as kanaria.yaml gives it, resolved (see freeze.ts). */
export interface FreezeWindow {
  readonly name: string;
  /** `deny`: no forward changes inside. `allow`: forward changes only inside (when any allow window applies). */
  readonly kind: 'deny' | 'allow';
  /** Local wall-clock start of the first occurrence, `YYYY-MM-DDTHH:MM` in `timeZone`. */
  readonly start: string;
  /** RFC 5545 RRULE (without `RRULE:`), e.g. `FREQ=WEEKLY;BYDAY=FR`; absent: one occurrence at `start`. */
  readonly rrule?: string;
  /** Wall-clock length of each occurrence, in seconds (a 63 h window ends at the same local time across DST). */
  readonly durationSeconds: number;
  /** IANA zone of `start` and the recurrence. */
  readonly timeZone: string;
  /** Where it applies: these environments and/or apps; both absent: everywhere. */
  readonly environments?: readonly string[];
  readonly apps?: readonly string[];
}

/** Whether an app may take a forward change at a moment, and if not, until when. */
export type FreezeState =
  | { readonly frozen: false }
  | {
      readonly frozen: true;
      /** The deny window's name, or, outside every allow window, the allow windows' names. */
      readonly windows: readonly string[];
      readonly reason: 'deny' | 'outside-allow';
      /** Unix ms when forward changes may go again; undefined: not within a year. */
      readonly reopensAt?: number;
    };
