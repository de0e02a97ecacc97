import type { errorsJobs as en } from '../en/errors-jobs.js';
import type { Shape } from '../shape.js';

export const errorsJobs: Shape<typeof en> = {
  olderRequest: {
    message: 'このリクエストの待機中に Kanaria が更新されたため、実行しませんでした。何も変更していません。',
    hint: 'コマンドをもう一度実行してください。',
  },
  noRollout: {
    message: 'Kanaria の設定では `{{app}}` に Argo Rollout がありません。',
    hint: 'kanaria.yaml の apps.{{app}} に `rollout: { name: …, namespace: … }` を追加してください。',
  },
  noAnalysis: {
    message: 'Kanaria の設定では `{{app}}` にカナリア分析がありません。',
    hint: 'kanaria.yaml の apps.{{app}}.analysis にクエリを追加してください。',
  },
  noRolloutToJudge: {
    message: '`{{app}}` には Kanaria が読める Argo Rollout がないため、判定するカナリアがありません。',
  },
  noPrometheus: {
    message: 'Kanaria が問い合わせる Prometheus がありません（PROMETHEUS_URL が設定されていません）。',
  },
  canaryAborted: {
    message: '`{{app}}` のカナリアは中止されました。トラフィックは安定版に戻っており、判定するものはありません。',
  },
  noCanary: {
    message: '`{{app}}` ではカナリアが動いていません。Rollout は1つのバージョン（`{{stable}}`）だけを動かしています。',
  },
  noArgocd: {
    message: '`{{app}}` には Argo CD Application が設定されていません。',
    hint: 'kanaria.yaml に apps.<app>.argocd を追加してください。',
  },
  nothingToSync: {
    message: 'GitOps ブランチ `{{branch}}` には同期するコミットがありません。',
  },
  applicationDeleted: {
    message: 'Argo CD Application `{{application}}` は削除されました。',
  },
  noGpuScope: {
    message: 'GPU のある {{kind}} `{{name}}` はありません。',
  },
  noGpuScopeKnown: {
    message: 'GPU のある {{kind}} `{{name}}` はありません。',
    message_near: 'GPU のある {{kind}} `{{name}}` はありません。{{near, alternatives}} のことですか？',
    hint: '既知: {{known}}。',
  },
  noGpuScopeMany: {
    message: 'GPU のある {{kind}} `{{name}}` はありません。',
    message_near: 'GPU のある {{kind}} `{{name}}` はありません。{{near, alternatives}} のことですか？',
    hint: '既知: {{known}} ほか{{more}}件。',
  },
  rollback: {
    nothingLeft: {
      message: '`{{app}}` にはロールバックできる Kanaria の変更が残っていません。',
      hint: '`/history {{app}}` を確認し、特定のコミットを戻すには `/rollback {{app}} <commit>` を使ってください。',
    },
    noSuchCommit: {
      message: '`{{branch}}` にコミット {{commit, quote}} はありません。',
      hint: 'アプリのコミットは `/history {{app}}` で確認できます。',
    },
    alreadyRolledBack: {
      message: '`{{sha}}` はすでに `{{by}}`（{{author}}）でロールバック済みです。',
      hint: '`/history {{app}}` を確認してください。',
    },
    mergeCommit: {
      message: '`{{sha}}` はマージコミットです。Kanaria は単一の変更しか revert しません。',
    },
    otherApp: {
      message: '`{{sha}}`（"{{subject}}"）は `{{app}}` を変更していません。',
      hint: '`/history {{app}}` を確認してください。',
    },
    foreignFiles: {
      message_one:
        '`{{sha}}` は `{{app}}` に属さない {{files, quote}} も変更しています。revert すると他のアプリも変わってしまいます。',
      message_other:
        '`{{sha}}` は `{{app}}` に属さない {{files, quote}} も変更しています。revert すると他のアプリも変わってしまいます。',
      hint: 'Git で手動で revert するか、 /deploy または /scale で必要な値を設定してください。',
    },
  },
};
