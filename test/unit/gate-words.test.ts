import { describe, expect, it } from 'vitest';
import { approvalGranted, approvalRequest, gateEvidence, overrideCause } from '../../src/blocks/gate.js';
import type { Message } from '../../src/domain/chat.js';
import { BudgetRefusal, FrozenRefusal, type GateTarget } from '../../src/domain/slo/refusals.js';
import type { GateDecision, SloSpec, SloStatus } from '../../src/domain/slo/types.js';
import { explain, wordsFor, type Explanation } from '../../src/i18n/index.js';

const EN = wordsFor('en');
const JA = wordsFor('ja');

/** Everything a message shows: its fallback text and the JSON of its blocks. */
const shown = (message: Message): string => `${message.text}\n${JSON.stringify(message.blocks ?? [])}`;
const both = (e: Explanation): string => `${e.message}\n${e.hint ?? ''}`;

/**
 * What a Japanese reader would find still in English: the text without code spans, mentions, emoji, identifiers
 * the reader types or configured (apps, environments, SLO and window names, zones) and the words kept as they are.
 */
const IDENTIFIERS =
  /web-availability|checkout-latency|production|weekend|year-end|business-hours|Asia\/Tokyo|[0-9]+[mhd]\b/g;
const KEPT = /\b(SLO|Prometheus|P0|Kanaria|kanaria\.yaml)\b/g;
const english = (text: string): string[] =>
  text
    .replace(/`[^`]*`/g, '')
    .replace(/<[^>]*>|:[a-z0-9_+-]+:/g, '')
    .replace(IDENTIFIERS, '')
    .replace(KEPT, '')
    .match(/[A-Za-z]{2,}/g) ?? [];

/** Code spans glued to Japanese text (Slack renders a code span only with a space or ASCII punctuation around it). */
const JAPANESE = /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/;
const gluedSpans = (text: string): string[] =>
  [...text.matchAll(/`[^`\n]+`/g)].flatMap((m) => {
    const before = text[m.index - 1] ?? ' ';
    const after = text[m.index + m[0].length] ?? ' ';
    return JAPANESE.test(before) || JAPANESE.test(after) ? [`${before}${m[0]}${after}`] : [];
  });

/** The Japanese words a reader must find, and nothing left in English; code spans spaced from Japanese text. */
function expectNaturalJapanese(text: string, vocabulary: readonly string[]): void {
  for (const word of vocabulary) expect(text).toContain(word);
  expect(english(text), text).toEqual([]);
  expect(gluedSpans(text), text).toEqual([]);
}

const THIRTY_DAYS: SloSpec = { name: 'web-availability', objective: 99.9, windowSeconds: 30 * 86_400 };
const SPED_UP: SloSpec = { name: 'checkout-latency', objective: 99, windowSeconds: 12 * 3_600 };

/** Spent and burning: 10 % errors against a 0.1 % budget over the last hour, less further back. */
const spent: SloStatus = {
  slo: THIRTY_DAYS,
  now: 1_767_225_600,
  budgetRemaining: -0.254,
  outageMinutesLeft: 0,
  burnRates: { '5m': 100, '30m': 98.44, '1h': 100, '2h': 57.25, '6h': 20, '1d': 5, '3d': 1.23 },
  missing: [],
  firing: ['page-1h', 'page-6h', 'ticket-1d', 'ticket-3d'],
  undecided: [],
  exhaustsAt: 1_767_225_600,
};
/** Healthy: half the budget left on a sped-up window (1 % of 12 h is 7.2 min; half of it 3 min 36 s). */
const healthy: SloStatus = {
  slo: SPED_UP,
  now: 1_767_225_600,
  budgetRemaining: 0.5,
  outageMinutesLeft: 3.6,
  burnRates: { '5m': 0, '30m': 0.05, '1h': 0.1, '2h': 0.2, '6h': 0.5, '1d': 0.5, '3d': 0.5 },
  missing: [],
  firing: [],
  undecided: [],
  exhaustsAt: null,
};
/** Nothing over the SLO window and most burn windows: never read as healthy. */
const dark: SloStatus = {
  slo: SPED_UP,
  now: 1_767_225_600,
  burnRates: { '5m': 0.5 },
  missing: ['30m', '1h', '2h', '6h', '1d', '3d', 'window'],
  firing: [],
  undecided: ['page-1h', 'page-6h'],
};

const scene = { app: 'web', environment: 'production', mode: 'enforce' } as const;
const refuse: GateDecision = {
  kind: 'refuse',
  reasons: [{ kind: 'budget-spent', slo: 'web-availability', remaining: -0.254 }],
  statuses: [spent],
};

describe("the gate's evidence in a change's thread", () => {
  it('a spent budget: the percent left, burn rates per window, the alerts that fire, held back (English)', () => {
    const text = gateEvidence(EN, scene, refuse, []).text;
    expect(text).toBe(
      [
        '*Error budget* of `web` (production, `errorBudget: enforce`)',
        '`web-availability` (99.9 % over 30 days): -25.4% of the budget left (0 sec of full outage)',
        'Burn rates: 5m 100× · 30m 98.4× · 1h 100× · 2h 57.3× · 6h 20× · 1d 5× · 3d 1.2×',
        'Firing: page (14.4× over 1 h and 5 min), page (6× over 6 h and 30 min), ticket (3× over 1 d and 2 h), ticket (1× over 3 d and 6 h)',
        ':no_entry: The change is held back.',
      ].join('\n'),
    );
  });

  it('the same in Japanese, read naturally', () => {
    const text = gateEvidence(JA, scene, refuse, []).text;
    expect(text).toBe(
      [
        '`web` の *エラーバジェット* (production、 `errorBudget: enforce` )',
        '`web-availability` (30日で 99.9 %): バジェット残り -25.4% (完全停止なら 0秒)',
        'バーンレート: 5m 100× · 30m 98.4× · 1h 100× · 2h 57.3× · 6h 20× · 1d 5× · 3d 1.2×',
        '発火中: ページ (1時間と5分で 14.4×)、ページ (6時間と30分で 6×)、チケット (1日と2時間で 3×)、チケット (3日と6時間で 1×)',
        ':no_entry: 変更を止めました。',
      ].join('\n'),
    );
    expectNaturalJapanese(text, ['エラーバジェット', 'バーンレート']);
  });

  it('a healthy sped-up SLO: its window, minutes of outage left, nothing firing, goes ahead', () => {
    const decision: GateDecision = { kind: 'pass', why: 'healthy', statuses: [healthy] };
    expect(gateEvidence(EN, scene, decision, []).text).toContain(
      '`checkout-latency` (99 % over 12 hr): 50% of the budget left (3 min 36 sec of full outage)\n' +
        'Burn rates: 5m 0× · 30m 0.1× · 1h 0.1× · 2h 0.2× · 6h 0.5× · 1d 0.5× · 3d 0.5×\n' +
        'No burn-rate alert fires.\n' +
        'The change goes ahead.',
    );
    const ja = gateEvidence(JA, scene, decision, []).text;
    expect(ja).toContain('`checkout-latency` (12時間で 99 %): バジェット残り 50% (完全停止なら 3分36秒)');
    expect(ja).toContain('発火中のバーンレートアラートはありません。\n変更を進めます。');
    expectNaturalJapanese(ja, ['バーンレート']);
  });

  it('no data is said per window and for the SLO window, alerts that cannot be told are named, Prometheus away too', () => {
    const decision: GateDecision = {
      kind: 'refuse',
      reasons: [{ kind: 'unknown', slo: 'checkout-latency', why: 'no-data' }],
      statuses: [dark],
    };
    const en = gateEvidence(EN, scene, decision, ['web-availability']).text;
    expect(en).toContain('`checkout-latency` (99 % over 12 hr): *no data* over the SLO window, not read as healthy');
    expect(en).toContain(
      'Burn rates: 5m 0.5× · 30m no data · 1h no data · 2h no data · 6h no data · 1d no data · 3d no data',
    );
    expect(en).toContain(
      'Cannot tell (a window has no data): page (14.4× over 1 h and 5 min), page (6× over 6 h and 30 min)',
    );
    expect(en).toContain('`web-availability`: Prometheus could not be asked: the budget is unknown');
    expect(en).not.toMatch(/of the budget left|healthy\./);

    const ja = gateEvidence(JA, scene, decision, ['web-availability']).text;
    expect(ja).toContain('`checkout-latency` (12時間で 99 %): SLO 期間の *データがありません* 。正常とはみなしません');
    expect(ja).toContain('30m データなし · 1h データなし');
    expect(ja).toContain(
      '判定できません (データのない期間があります): ページ (1時間と5分で 14.4×)、ページ (6時間と30分で 6×)',
    );
    expect(ja).toContain('`web-availability` : Prometheus に問い合わせできませんでした。バジェットは不明です');
    expectNaturalJapanese(ja, ['バーンレート']);
  });

  it.each([
    [
      'warn',
      { kind: 'warn', reasons: [], statuses: [spent] },
      ':warning: Under `errorBudget: enforce` this change would be held back; `warn` lets it through.',
      ':warning: `errorBudget: enforce` ならこの変更は止められます。 `warn` なので通します。',
    ],
    [
      'unknown-allowed',
      { kind: 'pass', why: 'unknown-allowed', statuses: [] },
      'The budget cannot be read; `errorBudgetUnknown: allow` lets the change through.',
      'バジェットを読めません。 `errorBudgetUnknown: allow` なので変更を通します。',
    ],
  ] as const)('%s: the verdict says why the change goes ahead anyway', (_, decision, en, ja) => {
    expect(gateEvidence(EN, { ...scene, mode: 'warn' }, decision, []).text.endsWith(en)).toBe(true);
    const text = gateEvidence(JA, { ...scene, mode: 'warn' }, decision, []).text;
    expect(text.endsWith(ja)).toBe(true);
    expectNaturalJapanese(text, ['エラーバジェット']);
  });
});

const target: GateTarget = { app: 'web', environment: 'production', what: 'deploy' };
const windows = { 'web-availability': THIRTY_DAYS.windowSeconds, 'checkout-latency': SPED_UP.windowSeconds };
/** 2026-01-05 00:00 UTC: Monday 09:00 in Tokyo. */
const MONDAY_9_TOKYO = Date.UTC(2026, 0, 5, 0, 0);

describe('the refusals of the gate, as the requester reads them', () => {
  it.each<[string, BudgetRefusal | FrozenRefusal, Explanation, Explanation, readonly string[]]>([
    [
      'budget spent',
      new BudgetRefusal(target, [{ kind: 'budget-spent', slo: 'web-availability', remaining: -0.254 }], windows),
      {
        message:
          'The error budget of `web-availability` is spent (-25.4% left over 30 days): `web` takes no deploy in production now.',
        hint: 'Work on reliability first (`/rollback` and scaling down are never held back). For a P0 fix or a security patch, ask again with `--override "<reason>"`: someone in `policies.production.override` approves it.',
      },
      {
        message:
          '`web-availability` のエラーバジェットを使い切りました (30日で残り -25.4%)。いまは production の `web` のデプロイはできません。',
        hint: 'まず信頼性の改善を (`/rollback` とスケールダウンは止めません)。P0 の修正やセキュリティパッチなら `--override "<理由>"` を付けてやり直してください。 `policies.production.override` の人が承認します。',
      },
      ['エラーバジェット'],
    ],
    [
      'a page alert firing, on a promotion',
      new BudgetRefusal(
        { ...target, what: 'promote' },
        [{ kind: 'burning', slo: 'checkout-latency', alert: 'page-6h', rate: 7.25 }],
        windows,
      ),
      {
        message:
          '`checkout-latency` burns its error budget 7.3× too fast: page (6× over 6 h and 30 min) fires. `web` takes no promotion in production now.',
        hint: 'Work on reliability first (`/rollback` and scaling down are never held back). For a P0 fix or a security patch, ask again with `--override "<reason>"`: someone in `policies.production.override` approves it.',
      },
      {
        message:
          '`checkout-latency` がエラーバジェットを 7.3× の速さで消費しています。ページ (6時間と30分で 6×) が発火中です。いまは production の `web` の昇格はできません。',
        hint: 'まず信頼性の改善を (`/rollback` とスケールダウンは止めません)。P0 の修正やセキュリティパッチなら `--override "<理由>"` を付けてやり直してください。 `policies.production.override` の人が承認します。',
      },
      ['エラーバジェット', '昇格'],
    ],
    [
      'Prometheus away, on a scale-up',
      new BudgetRefusal(
        { ...target, what: 'scale' },
        [{ kind: 'unknown', slo: 'web-availability', why: 'unavailable' }],
        windows,
      ),
      {
        message:
          'The error budget of `web-availability` cannot be read (Prometheus does not answer), and `policies.production.errorBudgetUnknown` is `deny`: `web` takes no scale-up in production until it can.',
        hint: 'Check Prometheus, or ask again with `--override "<reason>"` for a P0 fix.',
      },
      {
        message:
          '`web-availability` のエラーバジェットを読めません (Prometheus が応答しません)。 `policies.production.errorBudgetUnknown` が `deny` なので、読めるまで production の `web` のスケールアップはできません。',
        hint: 'Prometheus を確認するか、P0 の修正なら `--override "<理由>"` を付けてやり直してください。',
      },
      ['エラーバジェット'],
    ],
    [
      'no data',
      new BudgetRefusal(target, [{ kind: 'unknown', slo: 'checkout-latency', why: 'no-data' }], windows),
      {
        message:
          'The error budget of `checkout-latency` cannot be read (no data), and `policies.production.errorBudgetUnknown` is `deny`: `web` takes no deploy in production until it can.',
        hint: 'Check Prometheus, or ask again with `--override "<reason>"` for a P0 fix.',
      },
      {
        message:
          '`checkout-latency` のエラーバジェットを読めません (データがありません)。 `policies.production.errorBudgetUnknown` が `deny` なので、読めるまで production の `web` のデプロイはできません。',
        hint: 'Prometheus を確認するか、P0 の修正なら `--override "<理由>"` を付けてやり直してください。',
      },
      ['エラーバジェット'],
    ],
    [
      'inside deny windows: their names, and when it reopens in their zone',
      new FrozenRefusal(
        target,
        { frozen: true, windows: ['weekend', 'year-end'], reason: 'deny', reopensAt: MONDAY_9_TOKYO },
        'Asia/Tokyo',
      ),
      {
        message: '`web` is frozen in production (weekend, year-end) until Jan 5, 2026, 9:00 AM Asia/Tokyo.',
        hint: 'Add `--when-open` to have it applied when the window opens, or `--override "<reason>"` for a P0 fix.',
      },
      {
        message: 'production の `web` は 2026/01/05 9:00 Asia/Tokyo までデプロイ凍結中です (weekend、year-end)。',
        hint: '`--when-open` を付けると凍結期間が明けたときに適用します。P0 の修正なら `--override "<理由>"` を付けてください。',
      },
      ['デプロイ凍結', '凍結期間'],
    ],
    [
      'outside every allow window',
      new FrozenRefusal(
        target,
        { frozen: true, windows: ['business-hours'], reason: 'outside-allow', reopensAt: MONDAY_9_TOKYO },
        'Asia/Tokyo',
      ),
      {
        message:
          '`web` takes changes in production only inside business-hours; the next opens Jan 5, 2026, 9:00 AM Asia/Tokyo.',
        hint: 'Add `--when-open` to have it applied then, or `--override "<reason>"` for a P0 fix.',
      },
      {
        message:
          'production の `web` は business-hours の間だけ変更できます。次は 2026/01/05 9:00 Asia/Tokyo からです。',
        hint: '`--when-open` を付けるとそのときに適用します。P0 の修正なら `--override "<理由>"` を付けてください。',
      },
      [],
    ],
    [
      'frozen for more than a year',
      new FrozenRefusal(target, { frozen: true, windows: ['year-end'], reason: 'deny' }, 'UTC'),
      {
        message: '`web` is frozen in production (year-end) for more than a year.',
        hint: 'Check `freezes:` in kanaria.yaml, or ask again with `--override "<reason>"` for a P0 fix.',
      },
      {
        message: 'production の `web` は1年以上デプロイ凍結中です (year-end)。',
        hint: 'kanaria.yaml の `freezes:` を確認するか、P0 の修正なら `--override "<理由>"` を付けてやり直してください。',
      },
      ['デプロイ凍結'],
    ],
  ])('%s', (_, refusal, en, ja, vocabulary) => {
    expect(explain(EN, refusal)).toEqual(en);
    expect(explain(JA, refusal)).toEqual(ja);
    expectNaturalJapanese(both(explain(JA, refusal)), vocabulary);
  });

  it('a reopening is told in the window’s own zone, across a DST change there', () => {
    // 2026-03-08 07:30 UTC: New York has just sprung forward (03:30 EDT); Tokyo reads 16:30.
    const reopensAt = Date.UTC(2026, 2, 8, 7, 30);
    const frozen = (zone: string) =>
      explain(EN, new FrozenRefusal(target, { frozen: true, windows: ['weekend'], reason: 'deny', reopensAt }, zone));
    expect(frozen('America/New_York').message).toContain('until Mar 8, 2026, 3:30 AM America/New_York.');
    expect(frozen('Asia/Tokyo').message).toContain('until Mar 8, 2026, 4:30 PM Asia/Tokyo.');
  });
});

describe('break-glass: the approval request and its answer', () => {
  const request = (t: typeof EN, cause: string) =>
    approvalRequest(t, {
      id: '3f9c2a71b0',
      requester: 'U0ANA',
      environment: 'production',
      description: t('changes.describe.deploy', { app: 'web', image: 'nginx:1.28.0' }),
      cause,
      why: 'P0: checkout <is> down\nsince 09:00',
    });

  it('names the requester, the change, why it needs an override and their reason (escaped, on one line)', () => {
    const en = request(EN, overrideCause(EN, { kind: 'budget-spent', slo: 'web-availability', remaining: -0.2 }));
    expect(en.text).toBe(
      ':rotating_light: *Break-glass*: <@U0ANA> asks to deploy `web` → `nginx:1.28.0` in production although the error budget of `web-availability` is spent.\n' +
        '> P0: checkout &lt;is&gt; down since 09:00\n' +
        'Someone in `policies.production.override` other than <@U0ANA> must approve it.',
    );
    const ja = request(JA, overrideCause(JA, { kind: 'budget-spent', slo: 'web-availability', remaining: -0.2 }));
    expect(ja.text).toBe(
      ':rotating_light: *ブレークグラス* : <@U0ANA> さんが production で `web` を `nginx:1.28.0` にデプロイを依頼しています (`web-availability` のエラーバジェットを使い切っているにもかかわらず)。\n' +
        '> P0: checkout &lt;is&gt; down since 09:00\n' +
        '<@U0ANA> さん以外の `policies.production.override` の人の承認が必要です。',
    );
    // The requester's reason is theirs, as typed: the rest is Japanese.
    expectNaturalJapanese(ja.text.replace(/^> .*$/m, ''), ['ブレークグラス', 'エラーバジェット', '承認']);
  });

  it.each([
    [
      { kind: 'burning', slo: 'web-availability', alert: 'page-1h', rate: 20 },
      '`web-availability` burns its budget too fast and page (14.4× over 1 h and 5 min) fires',
      '`web-availability` がバジェットを速く消費し、ページ (1時間と5分で 14.4×) が発火している',
    ],
    [
      { kind: 'unknown', slo: 'web-availability', why: 'unavailable' },
      'the error budget of `web-availability` cannot be read',
      '`web-availability` のエラーバジェットを読めない',
    ],
    [
      { kind: 'frozen', windows: ['weekend', 'year-end'] },
      'it is frozen (weekend, year-end)',
      'デプロイ凍結中 (weekend、year-end)',
    ],
  ] as const)('why it needs an override: %j', (reason, en, ja) => {
    expect(overrideCause(EN, reason)).toBe(en);
    expect(overrideCause(JA, reason)).toBe(ja);
    const text = request(JA, overrideCause(JA, reason)).text.replace(/^> .*$/m, '');
    expectNaturalJapanese(text, ['ブレークグラス']);
  });

  it('its button asks for confirmation in the channel’s words, and carries only the override id', () => {
    const cause = overrideCause(JA, { kind: 'frozen', windows: ['weekend'] });
    const blocks = JSON.stringify(request(JA, cause).blocks);
    expect(blocks).toContain('"action_id":"kanaria:override-approve"');
    expect(blocks).toContain('"value":"{\\"id\\":\\"3f9c2a71b0\\"}"');
    for (const label of [
      '"text":"オーバーライドを承認"',
      '"text":"オーバーライドを承認しますか?"',
      '"text":"キャンセル"',
    ])
      expect(blocks).toContain(label);
    expect(blocks).toContain(
      '`web` を `nginx:1.28.0` にデプロイをいまコミットします。 `Approved-by:` トレーラーにあなたの名前が入ります。',
    );
    expect(blocks).not.toMatch(/"(Approve override|Approve the override\?|Cancel)"|This commits/);
    expect(shown(request(EN, cause))).toContain('This commits deploy `web` → `nginx:1.28.0` now');
  });

  it('once approved: who approved, what goes ahead, the reason; no button any more', () => {
    const scene = {
      approver: 'U0BOB',
      description: JA('changes.describe.scale', { app: 'web', count: 4 }),
      why: 'security patch <CVE>',
    };
    const ja = approvalGranted(JA, scene);
    expect(ja.text).toBe(
      ':white_check_mark: <@U0BOB> さんが *ブレークグラス* を承認しました: `web` を 4 レプリカにスケールを進めます。\n> security patch &lt;CVE&gt;',
    );
    expect(shown(ja)).not.toContain('"type":"actions"');
    expectNaturalJapanese(ja.text.replace(/^> .*$/m, ''), ['ブレークグラス', '承認']);
    expect(
      approvalGranted(EN, { ...scene, description: EN('changes.describe.scale', { app: 'web', count: 4 }) }).text,
    ).toBe(
      ':white_check_mark: *Break-glass* approved by <@U0BOB>: scale `web` to 4 replicas goes ahead.\n> security patch &lt;CVE&gt;',
    );
  });
});
