import type { slo as en } from '../en/slo.js';
import type { Shape } from '../shape.js';

export const slo: Shape<typeof en> = {
  command: {
    lookingUp: '`{{app}}` のエラーバジェットを読んでいます…',
    what: '`{{app}}` の SLO',
    lookingUpOverrides: '`{{app}}` のブレークグラスの記録を調べています…',
    whatOverrides: '`{{app}}` のブレークグラスの記録',
    badView: {
      message: '{{typed, quote}} は `/slo` で表示できるものではありません。',
      hint: '例: `/slo {{app}}` 、ブレークグラスの記録は `/slo {{app}} overrides`',
    },
    noSlo: {
      message: '`{{app}}` には SLO がありません。',
      hint: 'kanaria.yaml の `slos:` に SLO（objective、window、sli）を定義し、 `apps.{{app}}.slo` でその名前を指定してください。',
    },
    noPrometheus: {
      message: '`{{app}}` のエラーバジェットを読む Prometheus が設定されていません。',
      hint: 'Kanaria の実行環境で PROMETHEUS_URL を設定してください。',
    },
    report: {
      title: '*`{{app}}` の SLO*',
      heading: '*{{slo}}* · 目標 {{objective}} % ・期間 {{window}}',
      spedUp:
        '短縮された期間です。バーンレートの各ウィンドウもそれに合わせて縮めています（ここでの 1h は {{hour, duration}}）。',
      budget: 'エラーバジェット残り: *{{percent}} %* （全面停止なら {{outage, duration}} 相当）',
      budgetSpent: ':red_circle: エラーバジェットを *使い切りました*: 残り {{percent}} %',
      budgetNoData: ':grey_question: エラーバジェット残り: 期間内のデータがありません',
      burnRates: 'バーンレート: {{pairs}}',
      pair: '{{long}}/{{short}} {{longRate}} / {{shortRate}}',
      rate: '{{rate}}倍',
      noData: 'データなし',
      firing: ':rotating_light: 発報するアラート: {{alerts, words}}',
      quiet: ':white_check_mark: 発報するバーンレートアラートはありません。',
      undecided: ':grey_question: データがなく判断できないアラート: {{alerts, words}}',
      exhaustsAt: '現在のバーンレート（1h）では、エラーバジェットは {{when}} に尽きます。',
      exhaustsNever: '直近 1 時間は消費がなく、エラーバジェットは減っていません。',
      exhaustsUnknown: 'エラーバジェットが尽きる時期: 直近 1 時間のデータがありません。',
      unavailable:
        ':grey_question: *{{slo}}*: Prometheus が応答しませんでした（{{reason}}）。エラーバジェットは不明です（健全とはみなしません）。',
      chartTitle: '{{slo}} （{{app}}）のエラーバジェット残りの推移',
      alert: {
        'page-1h': 'ページ（1h と 5m で 14.4倍超）',
        'page-6h': 'ページ（6h と 30m で 6倍超）',
        'ticket-1d': 'チケット（1d と 2h で 3倍超）',
        'ticket-3d': 'チケット（3d と 6h で 1倍超）',
      },
    },
  },
  status: {
    line: 'SLO *{{slo}}*: エラーバジェット残り {{percent}} %',
    spent: 'SLO *{{slo}}*: :red_circle: エラーバジェットを使い切りました（残り {{percent}} %）',
    firing: ' · :rotating_light: {{alerts, words}}',
    noData: 'SLO *{{slo}}*: データなし',
    unavailable: 'SLO *{{slo}}*: Prometheus に接続できません',
    noPrometheus: 'SLO *{{slo}}*: Prometheus が設定されていません',
  },
  overrides: {
    title: '*`{{app}}` のブレークグラスの記録* （新しい順、最大 {{max}} 件）',
    line: '{{when}} `{{sha}}` {{subject}} — 依頼: {{who}}、承認: {{approver}}、理由: {{reason}}',
    nobody: '記録なし',
    none: '`{{branch}}` の GitOps の履歴に `{{app}}` のブレークグラスはありません。',
  },
  cost: {
    title: ':bar_chart: *このリリースのコスト* （反映から {{seconds, duration}} 後、 `{{revision}}` ）:',
    line: '*{{slo}}*: 反映後にエラーバジェットの {{after}} % を消費（反映前の同じ時間では {{before}} %）',
    lineNoData: '*{{slo}}*: {{which}}のデータがなく、コストは分かりません',
    after: '反映後',
    before: '反映前',
    both: 'どちらの期間も',
    unavailable:
      ':grey_question: *このリリースのコスト* （反映から {{seconds, duration}} 後）: 読み取れませんでした。{{reason}}',
  },
};
