import { describe, expect, it } from 'vitest';
import {
  overridesMessage,
  releaseCostMessage,
  sloMessage,
  sloStatusLine,
  type SloReport,
} from '../../src/blocks/slo.js';
import type { CommitInfo } from '../../src/domain/commits.js';
import { overridesOf } from '../../src/domain/slo/override-log.js';
import type { SloStatus } from '../../src/domain/slo/types.js';
import { wordsFor } from '../../src/i18n/index.js';

const en = wordsFor('en');
const ja = wordsFor('ja');

const spec = { name: 'web-availability', objective: 99.9, windowSeconds: 30 * 86_400 };
// 2026-12-03T15:44:00Z
const NOW = 1_796_312_640;

/** A budget being spent fast: the 1 h page fires, the 3 d window has no data yet. */
const burning: SloStatus = {
  slo: spec,
  now: NOW,
  budgetRemaining: 0.8734,
  outageMinutesLeft: 37.7,
  burnRates: { '5m': 20.1, '1h': 15.25, '30m': 8, '6h': 7.5, '2h': 2, '1d': 1.2 },
  missing: ['3d'],
  firing: ['page-1h', 'page-6h'],
  undecided: ['ticket-3d'],
  exhaustsAt: NOW + 2 * 86_400,
};

const noData: SloStatus = {
  slo: spec,
  now: NOW,
  burnRates: {},
  missing: ['5m', '30m', '1h', '2h', '6h', '1d', '3d', 'window'],
  firing: [],
  undecided: ['page-1h', 'page-6h', 'ticket-1d', 'ticket-3d'],
};

const read = (status: SloStatus, spedUpHour?: number): SloReport => ({
  kind: 'read',
  status,
  ...(spedUpHour !== undefined && { spedUpHour }),
});

describe('the /slo report', () => {
  it('says the budget, the burn rates per Workbook pair, the alerts and when the budget runs out (English)', () => {
    const { text } = sloMessage(en, 'web', [read(burning)]);
    expect(text).toContain('*SLOs of `web`*');
    expect(text).toContain('*web-availability* · objective 99.9 % over 30 days');
    expect(text).toContain('Error budget left: *87.3 %* (37 min 42 sec of full outage)');
    expect(text).toContain('1h/5m 15.3× / 20.1× · 6h/30m 7.5× / 8× · 1d/2h 1.2× / 2× · 3d/6h no data / 7.5×');
    expect(text).toContain(':rotating_light: Would fire: page (14.4× over 1h and 5m), page (6× over 6h and 30m)');
    expect(text).toContain('Cannot tell for lack of data: ticket (1× over 3d and 6h)');
    expect(text).not.toContain('No burn-rate alert would fire');
    expect(text).toContain('the budget runs out on Dec 5, 2026, 15:44 UTC.');
  });

  it('the same in Japanese, with the date in Japanese and the zone named', () => {
    const { text } = sloMessage(ja, 'web', [read(burning)]);
    expect(text).toContain('エラーバジェット残り: *87.3 %*');
    expect(text).toContain('バーンレート: 1h/5m 15.3倍 / 20.1倍');
    expect(text).toContain('発報するアラート: ページ（1h と 5m で 14.4倍超）、ページ（6h と 30m で 6倍超）');
    expect(text).toContain('2026/12/05 15:44 UTC に尽きます');
  });

  it('never reads missing data as healthy', () => {
    const { text } = sloMessage(en, 'web', [read(noData)]);
    expect(text).toContain(':grey_question: Error budget left: no data over the window');
    expect(text).toContain('1h/5m no data / no data');
    expect(text).toContain('Cannot tell for lack of data: page (14.4× over 1h and 5m)');
    expect(text).not.toContain('No burn-rate alert would fire');
    expect(text).toContain('When the budget runs out: no data over the last hour.');
  });

  it('a spent budget, nothing firing, a sped-up window, and an SLO Prometheus did not answer for', () => {
    const spent: SloStatus = {
      ...noData,
      slo: { ...spec, windowSeconds: 12 * 3600 },
      budgetRemaining: -0.25,
      outageMinutesLeft: 0,
      burnRates: { '5m': 0, '1h': 0 },
      undecided: [],
      exhaustsAt: null,
    };
    const { text } = sloMessage(en, 'web', [
      read(spent, 60),
      { kind: 'unavailable', slo: 'latency', reason: 'HTTP 503' },
    ]);
    expect(text).toContain('over 12 hr');
    expect(text).toContain(':red_circle: Error budget *spent*: -25 % left');
    expect(text).toContain('No burn-rate alert would fire.');
    // Spent already: no date it runs out.
    expect(text).not.toContain('runs out');
    expect(text).not.toContain('When the budget runs out');
    expect(text).toContain('(1h here is 1 min)');
    expect(text).toContain('*latency*: Prometheus did not answer (HTTP 503): the budget is unknown, not healthy.');
  });

  it('a budget that nothing burns is not running out', () => {
    const { text } = sloMessage(en, 'web', [read({ ...burning, firing: [], undecided: [], exhaustsAt: null })]);
    expect(text).toContain('Nothing burns over the last hour: the budget is not running out.');
  });
});

describe('the SLO line of /status', () => {
  it.each([
    [
      read(burning),
      'en',
      'SLO *web-availability*: 87.3 % of the error budget left · :rotating_light: page (14.4× over 1h and 5m), page (6× over 6h and 30m)',
    ],
    [read({ ...burning, firing: [] }), 'en', 'SLO *web-availability*: 87.3 % of the error budget left'],
    [
      read({ ...burning, budgetRemaining: 0, firing: [] }),
      'en',
      'SLO *web-availability*: :red_circle: error budget spent (0 % left)',
    ],
    [read(noData), 'en', 'SLO *web-availability*: no data'],
    [{ kind: 'unavailable', slo: 'a', reason: 'x' } as const, 'en', 'SLO *a*: Prometheus unavailable'],
    [{ kind: 'no-prometheus', slo: 'a' } as const, 'en', 'SLO *a*: no Prometheus configured'],
    [read({ ...burning, firing: [] }), 'ja', 'SLO *web-availability*: エラーバジェット残り 87.3 %'],
    [{ kind: 'unavailable', slo: 'a', reason: 'x' } as const, 'ja', 'SLO *a*: Prometheus に接続できません'],
  ] as const)('%# %s', (line, locale, expected) => {
    expect(sloStatusLine(wordsFor(locale), line)).toBe(expected);
  });
});

const commit = (sha: string, subject: string, trailers: Record<string, string>): CommitInfo => ({
  sha,
  authorName: 'Ana Lima',
  authorEmail: 'ana@example.com',
  date: '2026-12-03T10:00:00Z',
  subject,
  trailers,
});

describe('break-glass overrides', () => {
  const history = [
    commit('c'.repeat(40), 'deploy web 1.3', {
      'Slack-User': 'U0ANA',
      'Override-Reason': 'P0: <checkout> down',
      'Approved-by': 'Bob Stone <bob@example.com> (Slack user U0BOB)',
    }),
    commit('b'.repeat(40), 'deploy web 1.2', { 'Slack-User': 'U0ANA' }),
    commit('a'.repeat(40), 'deploy web 1.1', { 'Override-Reason': 'security patch', 'Approved-by': 'Eve <eve@x>' }),
  ];

  it('keeps only the commits with an Override-Reason, newest first, up to the limit', () => {
    expect(overridesOf(history, 20).map((o) => o.reason)).toEqual(['P0: <checkout> down', 'security patch']);
    expect(overridesOf(history, 1)).toEqual([
      {
        sha: 'c'.repeat(40),
        date: '2026-12-03T10:00:00Z',
        subject: 'deploy web 1.3',
        requester: 'U0ANA',
        approvedBy: 'Bob Stone <bob@example.com> (Slack user U0BOB)',
        reason: 'P0: <checkout> down',
      },
    ]);
  });

  it('lists when, what, who asked, who approved and why; a trailer missing is said', () => {
    const { text } = overridesMessage(en, 'web', 'main', overridesOf(history, 20));
    expect(text).toContain('*Break-glass overrides of `web`* (newest first, at most 20)');
    expect(text).toContain(
      '`ccccccc` deploy web 1.3 — asked by <@U0ANA>, approved by <@U0BOB>: P0: &lt;checkout&gt; down',
    );
    expect(text).toContain(
      '`aaaaaaa` deploy web 1.1 — asked by not recorded, approved by Eve &lt;eve@x&gt;: security patch',
    );
    expect(text).toMatch(/<!date\^1796292000\^/);
    expect(overridesMessage(ja, 'web', 'main', overridesOf(history, 20)).text).toContain(
      '依頼: <@U0ANA>、承認: <@U0BOB>、理由: P0: &lt;checkout&gt; down',
    );
  });

  it('says when there is none', () => {
    expect(overridesMessage(en, 'web', 'main', []).text).toBe(
      'No break-glass override of `web` in the GitOps history of `main`.',
    );
  });
});

describe('the cost of a release', () => {
  it('compares the budget spent since it went live with the same time before, and says what has no data', () => {
    const { text } = releaseCostMessage(en, {
      seconds: 3600,
      revision: 'd'.repeat(40),
      costs: [
        { slo: 'web-availability', after: 0.0123, before: 0.00041 },
        { slo: 'latency', before: 0.01 },
      ],
    });
    expect(text).toBe(
      [
        ':bar_chart: *Cost of this release* 1 hr after it went live (`ddddddd`):',
        '*web-availability*: 1.2 % of the error budget spent since, against 0.041 % in the same time before',
        '*latency*: no data for the time since: the cost cannot be told',
      ].join('\n'),
    );
    expect(
      releaseCostMessage(ja, { seconds: 86_400, revision: 'rollout-31', costs: [{ slo: 'a', after: 0.5, before: 0 }] })
        .text,
    ).toContain('`rollout-31` ）:\n*a*: 反映後にエラーバジェットの 50 % を消費（反映前の同じ時間では 0 %）');
  });
});
