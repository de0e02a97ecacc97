import type { gitops as en } from '../en/blocks-gitops.js';
import type { Shape } from '../shape.js';

export const gitops: Shape<typeof en> = {
  asked: '<@{{who}}> さんの依頼: {{description}}',
  status: {
    committing: 'コミットしています…',
    requeued: '再試行しています（{{attempt}}回目）',
    unchanged: '変更はありません: {{summary}}',
    pushed: '`{{sha}}` を `{{branch}}` にプッシュしました',
    retrying: '{{reason}} 再試行します（{{attempts}}回中{{attempt}}回目が失敗）。',
    failed: '失敗しました: {{reason}}',
  },
  pushed: '`{{sha}}` を `{{branch}}` にプッシュしました: {{change}}',
  rollBack: {
    button: 'ロールバック',
    title: '{{app}} をロールバックしますか？',
    text: '`{{sha}}` の `git revert` を `{{branch}}` にコミットします。',
  },
  dryRun: {
    title: 'ドライラン（何もコミットしていません）: {{description}}',
    unchanged: '変更はありません。リポジトリはすでに指定どおりの状態です。',
    truncated: '…（差分が長いため省略しました）',
  },
  history: {
    none: '`{{branch}}` には `{{app}}` に関するコミットがありません。',
    title: '`{{branch}}` にある `{{app}}` の最近のコミット:',
  },
};
