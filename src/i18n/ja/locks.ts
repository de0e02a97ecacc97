import type { locks as en } from '../en/locks.js';
import type { Shape } from '../shape.js';

export const locks: Shape<typeof en> = {
  held: {
    message: '`{{app}}` は {{since}} から <@{{holder}}> さんがロックしています。{{why}}',
    message_until: '`{{app}}` は {{since}} から {{until}} まで <@{{holder}}> さんがロックしています。{{why}}',
    hint: '終わったら `/unlock {{app}}` するよう <@{{holder}}> さんに頼んでください。 `policies.{{environment}}.override` の人はロックを外せます (ブレークグラス)。 `/rollback` とカナリアの中止はロック中でも通ります。',
  },
  needsStage: {
    message: '`{{pipeline}}` はパイプラインです: ステージ ({{stages, alternatives}}) を指定してください。',
    hint: '例: `/lock {{pipeline}} {{first}} <理由>` 。ステージのアプリ名でも指定できます。',
  },
  unknownStage: {
    message:
      'パイプライン `{{pipeline}}` にステージ {{typed, quote}} はありません: ステージは {{stages, alternatives}} です。',
  },
  badDuration: {
    message: '`--for` には期間を指定します ( {{typed, quote}} ではなく)。',
    hint: '例: `--for 30m` 、 `--for 2h` 、 `--for 1d` 。省略すると `/unlock` するまでロックが続きます。',
  },
  unreachable: {
    message: 'ロックを保存している Redis に Kanaria が接続できないため、ロックもロック解除もしていません。',
    hint: '$t(errorsQueue.tryAgain)',
  },
  taken:
    ':lock: `{{app}}` ({{environment}}) をロックしました: あなたが `/unlock {{app}}` するまで、ほかの人の変更は拒否されます (期限なし)。{{why}}',
  taken_until:
    ':lock: `{{app}}` ({{environment}}) を {{until}} までロックしました: それまで、またはあなたが `/unlock {{app}}` するまで、ほかの人の変更は拒否されます。{{why}}',
  updated: ':lock: `{{app}}` のロックを更新しました。 {{since}} から、期限なし。{{why}}',
  updated_until: ':lock: `{{app}}` のロックを更新しました。 {{since}} から {{until}} まで。{{why}}',
  unlocked: ':unlock: `{{app}}` のロックを解除しました。',
  liftedOthers:
    ':unlock: `{{app}}` のロックを解除しました: <@{{holder}}> さんのロックを外しました (ブレークグラス、 `policies.{{environment}}.override` )。{{why}}',
  notLocked: '`{{app}}` はロックされていません。',
  forbidden: {
    message: '`{{app}}` は <@{{holder}}> さんがロックしています: 解除できるのは本人か `{{rule}}` の人だけです。{{why}}',
    hint: '`/unlock {{app}}` するよう <@{{holder}}> さんに頼んでください。',
  },
  extra: {
    message: '`/unlock` にはアプリ、またはパイプラインとそのステージを指定します: {{extra, quote}} は余分です。',
    hint: '例: `/unlock {{app}}` 。',
  },
  passing: ':lock: `{{app}}` は <@{{holder}}> さんがロックしていますが、ロールバックはロック中でも通ります。',
  status: ':lock: {{since}} から <@{{holder}}> さんがロック中{{why}}',
  status_until: ':lock: {{since}} から {{until}} まで <@{{holder}}> さんがロック中{{why}}',
};
