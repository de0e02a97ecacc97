import { describe, expect, it } from 'vitest';
import { budgetGate, type BudgetCheck } from '../../src/domain/slo/gate.js';
import type { ChangeDirection, GateMode, GateReason, SloStatus, UnknownBudget } from '../../src/domain/slo/types.js';

const spec = (name: string) => ({ name, objective: 99.9, windowSeconds: 30 * 86_400 });
const status = (name: string, facts: Partial<SloStatus> = {}): SloStatus => ({
  slo: spec(name),
  now: 1_800_000_000,
  budgetRemaining: 0.6,
  burnRates: { '5m': 0.5, '30m': 0.5, '1h': 0.5, '2h': 0.5, '6h': 0.5, '1d': 0.5, '3d': 0.5 },
  missing: [],
  firing: [],
  undecided: [],
  ...facts,
});

const healthy = status('web');
const spent = status('web', { budgetRemaining: -0.25 });
const paging = status('web', { burnRates: { ...healthy.burnRates, '1h': 20, '5m': 22 }, firing: ['page-1h'] });
const paging6h = status('web', { burnRates: { ...healthy.burnRates, '6h': 7, '30m': 9 }, firing: ['page-6h'] });
const ticketOnly = status('web', { firing: ['ticket-1d', 'ticket-3d'] });
const { budgetRemaining: _, ...noBudget } = status('web', { missing: ['window'] });
const noData: SloStatus = noBudget;
const undecided = status('web', { missing: ['5m'], undecided: ['page-1h'] });
const ticketUndecided = status('web', { missing: ['3d'], undecided: ['ticket-3d'] });
const down: BudgetCheck = { slo: 'web', unavailable: true };
const otherDown: BudgetCheck = { slo: 'api', unavailable: true };

const SPENT: GateReason = { kind: 'budget-spent', slo: 'web', remaining: -0.25 };
const BURN_1H: GateReason = { kind: 'burning', slo: 'web', alert: 'page-1h', rate: 20 };
const BURN_6H: GateReason = { kind: 'burning', slo: 'web', alert: 'page-6h', rate: 7 };
const UNAVAILABLE: GateReason = { kind: 'unknown', slo: 'web', why: 'unavailable' };
const NO_DATA: GateReason = { kind: 'unknown', slo: 'web', why: 'no-data' };

type Row = [
  string,
  GateMode,
  UnknownBudget,
  ChangeDirection,
  BudgetCheck[],
  { kind: string; why?: string; reasons?: GateReason[] },
];

const rows: Row[] = [
  ['off lets everything through', 'off', 'deny', 'forward', [spent, down], { kind: 'pass', why: 'off' }],
  ['a change back is never blocked', 'enforce', 'deny', 'back', [spent, down], { kind: 'pass', why: 'back' }],
  ['an app without an SLO', 'enforce', 'deny', 'forward', [], { kind: 'pass', why: 'no-slo' }],
  ['a healthy budget', 'enforce', 'deny', 'forward', [healthy], { kind: 'pass', why: 'healthy' }],
  ['a spent budget', 'enforce', 'allow', 'forward', [spent], { kind: 'refuse', reasons: [SPENT] }],
  [
    'a budget spent to exactly 0',
    'enforce',
    'allow',
    'forward',
    [status('web', { budgetRemaining: 0 })],
    {
      kind: 'refuse',
      reasons: [{ kind: 'budget-spent', slo: 'web', remaining: 0 }],
    },
  ],
  [
    'a fast burn (14.4× over 1h and 5m)',
    'enforce',
    'allow',
    'forward',
    [paging],
    { kind: 'refuse', reasons: [BURN_1H] },
  ],
  ['a burn over 6h and 30m', 'enforce', 'allow', 'forward', [paging6h], { kind: 'refuse', reasons: [BURN_6H] }],
  [
    'ticket-level burns only (they do not gate)',
    'enforce',
    'deny',
    'forward',
    [ticketOnly],
    { kind: 'pass', why: 'healthy' },
  ],
  [
    'a ticket alert undecided (does not gate)',
    'enforce',
    'deny',
    'forward',
    [ticketUndecided],
    {
      kind: 'pass',
      why: 'healthy',
    },
  ],
  ['Prometheus down, unknown: deny', 'enforce', 'deny', 'forward', [down], { kind: 'refuse', reasons: [UNAVAILABLE] }],
  ['Prometheus down, unknown: allow', 'enforce', 'allow', 'forward', [down], { kind: 'pass', why: 'unknown-allowed' }],
  ['no data over the SLO window, deny', 'enforce', 'deny', 'forward', [noData], { kind: 'refuse', reasons: [NO_DATA] }],
  [
    'no data over the SLO window, allow',
    'enforce',
    'allow',
    'forward',
    [noData],
    { kind: 'pass', why: 'unknown-allowed' },
  ],
  ['a page alert undecided, deny', 'enforce', 'deny', 'forward', [undecided], { kind: 'refuse', reasons: [NO_DATA] }],
  [
    'a page alert undecided, allow',
    'enforce',
    'allow',
    'forward',
    [undecided],
    { kind: 'pass', why: 'unknown-allowed' },
  ],
  [
    'spent and another SLO unknown, allow: the spent one decides',
    'enforce',
    'allow',
    'forward',
    [spent, otherDown],
    {
      kind: 'refuse',
      reasons: [SPENT, { kind: 'unknown', slo: 'api', why: 'unavailable' }],
    },
  ],
  [
    'warn: a spent budget goes with the reasons',
    'warn',
    'deny',
    'forward',
    [spent],
    { kind: 'warn', reasons: [SPENT] },
  ],
  [
    'warn: a fast burn goes with the reasons',
    'warn',
    'deny',
    'forward',
    [paging],
    { kind: 'warn', reasons: [BURN_1H] },
  ],
  [
    'warn: unknown goes with the reason, even with deny',
    'warn',
    'deny',
    'forward',
    [down],
    {
      kind: 'warn',
      reasons: [UNAVAILABLE],
    },
  ],
  ['warn: a healthy budget', 'warn', 'deny', 'forward', [healthy], { kind: 'pass', why: 'healthy' }],
];

describe('budgetGate', () => {
  it.each(rows)('%s', (_, mode, unknown, direction, checks, expected) => {
    expect(budgetGate({ mode, unknown, direction, checks })).toMatchObject(expected);
  });

  it('keeps the statuses it read (not the unavailable ones) for the thread', () => {
    const decision = budgetGate({ mode: 'enforce', unknown: 'deny', direction: 'forward', checks: [spent, otherDown] });
    expect(decision.statuses).toEqual([spent]);
  });
});
