import type { gate as en } from '../en/gate.js';
import type { Shape } from '../shape.js';

export const gate: Shape<typeof en> = {
  evidence: {
    heading: '`{{app}}` の *エラーバジェット* ({{environment}}、 `errorBudget: {{mode}}` )',
    slo: '`{{slo}}` ({{window, duration}}で {{objective}} %): バジェット残り {{remaining, number(style: percent; maximumFractionDigits: 1)}} (完全停止なら {{outage, duration}})',
    sloNoData:
      '`{{slo}}` ({{window, duration}}で {{objective}} %): SLO 期間の *データがありません* 。正常とはみなしません',
    unavailable: '`{{slo}}` : Prometheus に問い合わせできませんでした。バジェットは不明です',
    burnRates: 'バーンレート: {{rates}}',
    rate: '{{window}} {{rate, number(maximumFractionDigits: 1)}}×',
    rateNoData: '{{window}} データなし',
    firing: '発火中: {{alerts, words}}',
    noneFiring: '発火中のバーンレートアラートはありません。',
    undecided: '判定できません (データのない期間があります): {{alerts, words}}',
    pass: '変更を進めます。',
    warn: ':warning: `errorBudget: enforce` ならこの変更は止められます。 `warn` なので通します。',
    unknownAllowed: 'バジェットを読めません。 `errorBudgetUnknown: allow` なので変更を通します。',
    refuse: ':no_entry: 変更を止めました。',
  },
  alert: {
    'page-1h': 'ページ (1時間と5分で 14.4×)',
    'page-6h': 'ページ (6時間と30分で 6×)',
    'ticket-1d': 'チケット (1日と2時間で 3×)',
    'ticket-3d': 'チケット (3日と6時間で 1×)',
  },
  refused: {
    spent: {
      message:
        '`{{slo}}` のエラーバジェットを使い切りました ({{window, duration}}で残り {{remaining, number(style: percent; maximumFractionDigits: 1)}})。いまは {{environment}} の `{{app}}` の$t(gate.what.{{what}})はできません。',
      hint: 'まず信頼性の改善を (`/rollback` とスケールダウンは止めません)。P0 の修正やセキュリティパッチなら `--override "<理由>"` を付けてやり直してください。 `policies.{{environment}}.override` の人が承認します。',
    },
    burning: {
      message:
        '`{{slo}}` がエラーバジェットを {{rate, number(maximumFractionDigits: 1)}}× の速さで消費しています。$t(gate.alert.{{alert}}) が発火中です。いまは {{environment}} の `{{app}}` の$t(gate.what.{{what}})はできません。',
      hint: 'まず信頼性の改善を (`/rollback` とスケールダウンは止めません)。P0 の修正やセキュリティパッチなら `--override "<理由>"` を付けてやり直してください。 `policies.{{environment}}.override` の人が承認します。',
    },
    unknown: {
      message:
        '`{{slo}}` のエラーバジェットを読めません ($t(gate.why.{{why}}))。 `policies.{{environment}}.errorBudgetUnknown` が `deny` なので、読めるまで {{environment}} の `{{app}}` の$t(gate.what.{{what}})はできません。',
      hint: 'Prometheus を確認するか、P0 の修正なら `--override "<理由>"` を付けてやり直してください。',
    },
  },
  why: {
    unavailable: 'Prometheus が応答しません',
    'no-data': 'データがありません',
  },
  what: {
    deploy: 'デプロイ',
    scale: 'スケールアップ',
    promote: '昇格',
  },
  frozen: {
    message:
      '{{environment}} の `{{app}}` は {{reopens, datetime(dateStyle: medium; timeStyle: short)}} {{zone}} までデプロイ凍結中です ({{windows, words}})。',
    hint: '`--when-open` を付けると凍結期間が明けたときに適用します。P0 の修正なら `--override "<理由>"` を付けてください。',
  },
  frozenLong: {
    message: '{{environment}} の `{{app}}` は1年以上デプロイ凍結中です ({{windows, words}})。',
    hint: 'kanaria.yaml の `freezes:` を確認するか、P0 の修正なら `--override "<理由>"` を付けてやり直してください。',
  },
  outsideAllow: {
    message:
      '{{environment}} の `{{app}}` は {{windows, words}} の間だけ変更できます。次は {{reopens, datetime(dateStyle: medium; timeStyle: short)}} {{zone}} からです。',
    hint: '`--when-open` を付けるとそのときに適用します。P0 の修正なら `--override "<理由>"` を付けてください。',
  },
  status: {
    waiting:
      '凍結期間 ({{windows, words}}) が明けるのを待っています: {{until, datetime(dateStyle: medium; timeStyle: short)}} {{zone}} に適用します',
    superseded: '取り下げ: 同じ凍結期間を待つ `{{app}}` の新しい変更があります',
    awaitingApproval: 'エラーバジェットまたは凍結で止めました: 別の人によるオーバーライドの承認を待っています',
  },
  supersededReply: '適用しませんでした: 凍結期間が明けるのを待つ間に `{{app}}` の新しい変更が依頼されました。',
  approval: {
    request:
      ':rotating_light: *ブレークグラス* : <@{{requester}}> さんが {{environment}} で {{description}}を依頼しています ({{reason}}にもかかわらず)。\n> {{why}}\n<@{{requester}}> さん以外の `policies.{{environment}}.override` の人の承認が必要です。',
    button: 'オーバーライドを承認',
    title: 'オーバーライドを承認しますか?',
    text: '{{description}}をいまコミットします。 `Approved-by:` トレーラーにあなたの名前が入ります。',
    approved:
      ':white_check_mark: <@{{approver}}> さんが *ブレークグラス* を承認しました: {{description}}を進めます。\n> {{why}}',
    reasonSpent: '`{{slo}}` のエラーバジェットを使い切っている',
    reasonBurning: '`{{slo}}` がバジェットを速く消費し、{{alert}} が発火している',
    reasonUnknown: '`{{slo}}` のエラーバジェットを読めない',
    reasonFrozen: 'デプロイ凍結中 ({{windows, words}})',
  },
  approve: {
    done: '承認しました: {{description}}を進めます。 `Approved-by:` トレーラーにあなたの名前が入ります。',
    already: '<@{{user}}> さんが承認済みです: 変更は進みます。',
    unknown: {
      message:
        '承認待ちのオーバーライド `{{id}}` はありません ({{hours}} 時間を過ぎて期限切れになった可能性があります)。',
      hint: '依頼者は `--override "<理由>"` を付けてもう一度依頼できます。',
    },
    self: {
      message: 'このオーバーライドはあなたの依頼です: 別の人が承認する必要があります。',
      hint: '`policies.{{environment}}.override` の人に頼んでください。',
    },
    forbidden: {
      message: '{{environment}} のオーバーライドを承認できるのは `policies.{{environment}}.override` の人だけです。',
    },
  },
};
