/**
 * Error budgets (issue 14). `command`: `/slo <app>` and its report (src/blocks/slo.ts); `status`: the SLO lines of
 * `/status`; `overrides`: `/slo <app> overrides`; `cost`: the cost of a release, posted in the change's thread.
 * Facts: `app`, `slo`, `objective` (percent), `window` (as kanaria.yaml writes it), percents and rates already
 * rounded, `when` (a date already written in the reader's language and zone), `seconds` (durations).
 */
export const slo = {
  command: {
    lookingUp: 'Reading the error budget of `{{app}}`…',
    what: 'SLO of `{{app}}`',
    lookingUpOverrides: 'Looking up the break-glass overrides of `{{app}}`…',
    whatOverrides: 'break-glass overrides of `{{app}}`',
    badView: {
      message: '{{typed, quote}} is not something `/slo` shows.',
      hint: 'e.g. `/slo {{app}}`, or `/slo {{app}} overrides` for the break-glass overrides.',
    },
    noSlo: {
      message: '`{{app}}` has no SLO.',
      hint: 'Define one under `slos:` in kanaria.yaml (objective, window, sli) and name it in `apps.{{app}}.slo`.',
    },
    noPrometheus: {
      message: 'Kanaria has no Prometheus to read the error budget of `{{app}}` from.',
      hint: 'Set PROMETHEUS_URL where Kanaria runs.',
    },
    /** The report, one section per SLO. */
    report: {
      title: '*SLOs of `{{app}}`*',
      heading: '*{{slo}}* · objective {{objective}} % over {{window}}',
      spedUp: 'A sped-up window: each burn window is scaled to it (1h here is {{hour, duration}}).',
      budget: 'Error budget left: *{{percent}} %* ({{outage, duration}} of full outage)',
      budgetSpent: ':red_circle: Error budget *spent*: {{percent}} % left',
      budgetNoData: ':grey_question: Error budget left: no data over the window',
      burnRates: 'Burn rates: {{pairs}}',
      /** One Workbook pair of windows: `1h/5m 0.52× / 0.61×`. */
      pair: '{{long}}/{{short}} {{longRate}} / {{shortRate}}',
      rate: '{{rate}}×',
      noData: 'no data',
      firing: ':rotating_light: Would fire: {{alerts, words}}',
      quiet: ':white_check_mark: No burn-rate alert would fire.',
      undecided: ':grey_question: Cannot tell for lack of data: {{alerts, words}}',
      exhaustsAt: 'At the current burn (1h) the budget runs out on {{when}}.',
      exhaustsNever: 'Nothing burns over the last hour: the budget is not running out.',
      exhaustsUnknown: 'When the budget runs out: no data over the last hour.',
      unavailable:
        ':grey_question: *{{slo}}*: Prometheus did not answer ({{reason}}): the budget is unknown, not healthy.',
      chartTitle: 'Error budget left of {{slo}} ({{app}}) over its window',
      /** The Workbook's multi-window alerts. */
      alert: {
        'page-1h': 'page (14.4× over 1h and 5m)',
        'page-6h': 'page (6× over 6h and 30m)',
        'ticket-1d': 'ticket (3× over 1d and 2h)',
        'ticket-3d': 'ticket (1× over 3d and 6h)',
      },
    },
  },
  /** `/status`: one line per SLO; never fails the status. */
  status: {
    line: 'SLO *{{slo}}*: {{percent}} % of the error budget left',
    spent: 'SLO *{{slo}}*: :red_circle: error budget spent ({{percent}} % left)',
    firing: ' · :rotating_light: {{alerts, words}}',
    noData: 'SLO *{{slo}}*: no data',
    unavailable: 'SLO *{{slo}}*: Prometheus unavailable',
    noPrometheus: 'SLO *{{slo}}*: no Prometheus configured',
  },
  overrides: {
    title: '*Break-glass overrides of `{{app}}`* (newest first, at most {{max}})',
    line: '{{when}} `{{sha}}` {{subject}} — asked by {{who}}, approved by {{approver}}: {{reason}}',
    nobody: 'not recorded',
    none: 'No break-glass override of `{{app}}` in the GitOps history of `{{branch}}`.',
  },
  cost: {
    title: ':bar_chart: *Cost of this release* {{seconds, duration}} after it went live (`{{revision}}`):',
    line: '*{{slo}}*: {{after}} % of the error budget spent since, against {{before}} % in the same time before',
    lineNoData: '*{{slo}}*: no data for {{which}}: the cost cannot be told',
    after: 'the time since',
    before: 'the time before',
    both: 'either period',
    unavailable:
      ':grey_question: *Cost of this release* {{seconds, duration}} after it went live: it could not be read. {{reason}}',
  },
};
