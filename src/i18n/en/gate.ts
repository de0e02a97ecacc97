/**
 * The error-budget gate and freeze windows (jobs/gate.ts, src/blocks/gate.ts): what holds a change back, the
 * evidence in its thread, break-glass overrides and changes that wait for a freeze to end.
 */
export const gate = {
  /** One line per SLO in the change's thread. */
  evidence: {
    heading: '*Error budget* of `{{app}}` ({{environment}}, `errorBudget: {{mode}}`)',
    slo: '`{{slo}}` ({{objective}} % over {{window, duration}}): {{remaining, number(style: percent; maximumFractionDigits: 1)}} of the budget left ({{outage, duration}} of full outage)',
    sloNoData:
      '`{{slo}}` ({{objective}} % over {{window, duration}}): *no data* over the SLO window, not read as healthy',
    unavailable: '`{{slo}}`: Prometheus could not be asked: the budget is unknown',
    burnRates: 'Burn rates: {{rates}}',
    rate: '{{window}} {{rate, number(maximumFractionDigits: 1)}}×',
    rateNoData: '{{window}} no data',
    firing: 'Firing: {{alerts, words}}',
    noneFiring: 'No burn-rate alert fires.',
    undecided: 'Cannot tell (a window has no data): {{alerts, words}}',
    pass: 'The change goes ahead.',
    warn: ':warning: Under `errorBudget: enforce` this change would be held back; `warn` lets it through.',
    unknownAllowed: 'The budget cannot be read; `errorBudgetUnknown: allow` lets the change through.',
    refuse: ':no_entry: The change is held back.',
  },
  /** The alerts, as the SRE Workbook names them. */
  alert: {
    'page-1h': 'page (14.4× over 1 h and 5 min)',
    'page-6h': 'page (6× over 6 h and 30 min)',
    'ticket-1d': 'ticket (3× over 1 d and 2 h)',
    'ticket-3d': 'ticket (1× over 3 d and 6 h)',
  },
  /** Why a forward change is refused: the first reason, with the numbers (the thread has them all). */
  refused: {
    spent: {
      message:
        'The error budget of `{{slo}}` is spent ({{remaining, number(style: percent; maximumFractionDigits: 1)}} left over {{window, duration}}): `{{app}}` takes no $t(gate.what.{{what}}) in {{environment}} now.',
      hint: 'Work on reliability first (`/rollback` and scaling down are never held back). For a P0 fix or a security patch, ask again with `--override "<reason>"`: someone in `policies.{{environment}}.override` approves it.',
    },
    burning: {
      message:
        '`{{slo}}` burns its error budget {{rate, number(maximumFractionDigits: 1)}}× too fast: $t(gate.alert.{{alert}}) fires. `{{app}}` takes no $t(gate.what.{{what}}) in {{environment}} now.',
      hint: 'Work on reliability first (`/rollback` and scaling down are never held back). For a P0 fix or a security patch, ask again with `--override "<reason>"`: someone in `policies.{{environment}}.override` approves it.',
    },
    unknown: {
      message:
        'The error budget of `{{slo}}` cannot be read ($t(gate.why.{{why}})), and `policies.{{environment}}.errorBudgetUnknown` is `deny`: `{{app}}` takes no $t(gate.what.{{what}}) in {{environment}} until it can.',
      hint: 'Check Prometheus, or ask again with `--override "<reason>"` for a P0 fix.',
    },
  },
  why: {
    unavailable: 'Prometheus does not answer',
    'no-data': 'no data',
  },
  what: {
    deploy: 'deploy',
    scale: 'scale-up',
    promote: 'promotion',
  },
  frozen: {
    message:
      '`{{app}}` is frozen in {{environment}} ({{windows, words}}) until {{reopens, datetime(dateStyle: medium; timeStyle: short)}} {{zone}}.',
    hint: 'Add `--when-open` to have it applied when the window opens, or `--override "<reason>"` for a P0 fix.',
  },
  frozenLong: {
    message: '`{{app}}` is frozen in {{environment}} ({{windows, words}}) for more than a year.',
    hint: 'Check `freezes:` in kanaria.yaml, or ask again with `--override "<reason>"` for a P0 fix.',
  },
  outsideAllow: {
    message:
      '`{{app}}` takes changes in {{environment}} only inside {{windows, words}}; the next opens {{reopens, datetime(dateStyle: medium; timeStyle: short)}} {{zone}}.',
    hint: 'Add `--when-open` to have it applied then, or `--override "<reason>"` for a P0 fix.',
  },
  /** The announcement while a change waits. */
  status: {
    waiting:
      'waiting for the freeze ({{windows, words}}) to end: applied at {{until, datetime(dateStyle: medium; timeStyle: short)}} {{zone}}',
    superseded: 'superseded: a newer change of `{{app}}` waited for the same freeze',
    awaitingApproval: 'held back by the error budget or a freeze: waiting for a second person to approve the override',
  },
  supersededReply:
    'Not applied: a newer change of `{{app}}` was asked for while this one waited for the freeze to end.',
  /** The break-glass approval request (a button with a confirm dialog). */
  approval: {
    request:
      ':rotating_light: *Break-glass*: <@{{requester}}> asks to {{description}} in {{environment}} although {{reason}}.\n> {{why}}\nSomeone in `policies.{{environment}}.override` other than <@{{requester}}> must approve it.',
    button: 'Approve override',
    title: 'Approve the override?',
    text: 'This commits {{description}} now, with you in its `Approved-by:` trailer.',
    approved: ':white_check_mark: *Break-glass* approved by <@{{approver}}>: {{description}} goes ahead.\n> {{why}}',
    reasonSpent: 'the error budget of `{{slo}}` is spent',
    reasonBurning: '`{{slo}}` burns its budget too fast and {{alert}} fires',
    reasonUnknown: 'the error budget of `{{slo}}` cannot be read',
    reasonFrozen: 'it is frozen ({{windows, words}})',
  },
  /** `/approve`: a press of the approval button. */
  approve: {
    done: 'Approved: {{description}} goes ahead, with you in its `Approved-by:` trailer.',
    already: 'Already approved by <@{{user}}>: the change goes ahead.',
    unknown: {
      message: 'There is no override `{{id}}` waiting for approval (it may have expired after {{hours}} h).',
      hint: 'The requester can ask again with `--override "<reason>"`.',
    },
    self: {
      message: 'You asked for this override: someone else must approve it.',
      hint: 'Ask someone in `policies.{{environment}}.override`.',
    },
    forbidden: {
      message: 'Only people in `policies.{{environment}}.override` may approve an override in {{environment}}.',
    },
  },
};
