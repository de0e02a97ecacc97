import type { canary as en } from '../en/blocks-canary.js';
import type { Shape } from '../shape.js';

export const canary: Shape<typeof en> = {
  actions: { promote: '昇格', 'promote-full': '全面昇格', abort: '中止', retry: '再試行' },
  done: { promote: '昇格', 'promote-full': '全面昇格', abort: '中止', retry: '再試行' },
  pressed: '{{by}} が{{action}}しました（{{at}}）',
  promotedToStep: '{{by}} がステップ{{step}}へ昇格しました（{{at}}）',
  confirm: {
    title: '{{app}} を{{action}}しますか？',
    'promote-full':
      '`{{app}}` の残りのステップ、分析、一時停止をすべて飛ばして、全トラフィックを新バージョンに切り替えますか？',
    abort:
      '`{{app}}` のカナリアを中止して、全トラフィックを安定版に戻しますか？GitOpsリポジトリは新バージョンを指したままなので、 /rollback でロールバックしてください。',
  },
  title: 'カナリア `{{app}}` · Rollout `{{rollout}}`',
  titleRevision: 'カナリア `{{app}}` · Rollout `{{rollout}}` · リビジョン {{revision}}',
  allStepsDone: '全{{total}}ステップ完了',
  step: 'ステップ {{step}}/{{total}}: `{{text}}`',
  paused: '一時停止中（{{reasons}}）',
  byHand: '手動',
  weight: '重み: {{sides}}（{{source}}）',
  side: { canary: 'カナリア *{{weight}}%*', stable: '安定版 *{{weight}}%*', experiments: '実験 *{{weight}}%*' },
  source: { traffic: 'トラフィック', steps: '到達した直近ステップの setWeight' },
  podSplit: 'Pod: カナリア {{canary}}、安定版 {{stable}}',
  version: { stable: '安定版', canary: 'カナリア', old: '旧版' },
  pods: '{{version}} `{{hash}}`{{image}}: {{ready}}/{{pods}} Ready',
  moreVersions: '…ほか{{count}}バージョン',
  newVersion: '新バージョン: `{{image}}`',
  pausedSince: '{{ago}}から一時停止中',
  notice: {
    aborted: ':rotating_light: `{{app}}` のカナリアは *中止* されました。全トラフィックが安定版に戻っています。',
    degraded: ':x: `{{app}}` のロールアウトが *Degraded* になりました。',
    healthy: ':white_check_mark: `{{app}}` が *Healthy* になりました。ロールアウトは完了です。',
  },
  hint: {
    aborted:
      'GitOpsリポジトリは新バージョンを指したままです。 `/rollback` で元に戻すか、修正してもう一度デプロイしてください。',
    degraded:
      '`/canary {{app}} abort` で全トラフィックを安定版に戻せます。 `/rollback {{app}}` でGitの変更を取り消せます。',
  },
};
