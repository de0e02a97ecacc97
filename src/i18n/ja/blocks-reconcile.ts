import type { reconcile as en } from '../en/blocks-reconcile.js';
import type { Shape } from '../shape.js';

export const reconcile: Shape<typeof en> = {
  steps: {
    committed: 'コミット',
    refreshRequested: 'リフレッシュ要求',
    syncing: '同期',
    autoSync: '自動同期',
    synced: '同期完了',
    healthy: '正常稼働',
  },
  inProgress: '進行中',
  headline: {
    healthy: '反映済み・Healthy',
    degraded: 'Degraded になりました',
    missing: 'リソースが Missing です',
    failed: '同期に失敗しました',
    timeout: 'タイムアウトしました',
    superseded: '新しい変更に引き継ぎました',
    error: '反映できませんでした',
    retrying: '再試行しています',
  },
  state: {
    sync: '同期 {{status}}',
    syncAt: '同期 {{status}}（リビジョン `{{sha}}` ）',
    health: 'ヘルス {{status}}',
    operation: '直近のオペレーション {{phase}}',
  },
  timeout:
    '{{after}}経っても反映されないため、Kanariaは追跡をやめました。この後Argo CDが反映する可能性はあります。 `/status` で確認してください。',
  superseded: 'より新しい変更 `{{sha}}` がプッシュされました。進捗はその変更のスレッドで追跡します。',
  retrying: '{{message}}（{{attempts}}回中{{attempt}}回目が失敗したため、再試行します）',
  notice: {
    drift:
      ':warning: Argo CD `{{application}}` ({{app}}) がGitと一致しない *OutOfSync* の状態ですが、進行中のKanariaの変更はありません（ドリフト、またはKanaria以外からのコミットです）。',
    driftAt:
      ':warning: Argo CD `{{application}}` ({{app}}) がリビジョン `{{sha}}` でGitと一致しない *OutOfSync* の状態ですが、進行中のKanariaの変更はありません（ドリフト、またはKanaria以外からのコミットです）。',
    degraded: ':x: Argo CD `{{application}}` ({{app}}) が *Degraded* になりました。',
    degradedAt: ':x: Argo CD `{{application}}` ({{app}}) がリビジョン `{{sha}}` で *Degraded* になりました。',
    healthy: ':white_check_mark: Argo CD `{{application}}` ({{app}}) が *Healthy* に戻りました。',
    healthyAt:
      ':white_check_mark: Argo CD `{{application}}` ({{app}}) がリビジョン `{{sha}}` で *Healthy* に戻りました。',
    footer: '`/status {{app}}` で詳細を表示 · `/sync {{app}}` で今すぐ同期',
  },
};
