import type { promote as en } from '../en/promote.js';
import type { Shape } from '../shape.js';

export const promote: Shape<typeof en> = {
  describe: '`{{pipeline}}` を {{from}} → {{to}} にプロモート',
  plan: {
    unknownPipeline: {
      message: '{{typed, quote}} はパイプラインでも、パイプラインに属するアプリでもありません。',
      hint: 'kanaria.yaml のパイプライン: {{pipelines, alternatives}}',
    },
    noPipelines: {
      message:
        '{{typed, quote}} はパイプラインでも、そのアプリでもありません。kanaria.yaml に `pipelines:` がありません。',
      hint: '例: `pipelines: { web: { stages: [web-dev, web-staging, web-prod] } }` を追加してください。',
    },
    unknownStage: {
      message: 'パイプライン `{{pipeline}}` にステージ {{typed, quote}} はありません。',
      hint: 'ステージ (最初から順に): {{stages, alternatives}}',
    },
    firstStage: {
      message: '`{{to}}` は `{{pipeline}}` の最初のステージです。プロモート元になるステージがありません。',
      hint: '新しいイメージは `/deploy` で入れてください。',
    },
    notForward: {
      message: '`{{pipeline}}` で `{{from}}` は `{{to}}` より前にありません。プロモートは前にしか進みません。',
      hint: '`{{to}}` を戻すには、そのアプリで `/rollback` を使ってください。',
    },
    skips: {
      message: '`{{from}}` → `{{to}}` のプロモートは `{{pipeline}}` の {{skipped, alternatives}} を飛ばします。',
      hint: '順にプロモートする ( `/promote {{pipeline}} {{next}}` ) か、 `{{rule}}: true` で許可してください。',
    },
  },
  refused: {
    outOfSync: {
      message: '`{{stage}}` は {{sync}} です (Argo CD `{{application}}` )。マニフェストどおりに動いていません。',
      hint: '同期して ( `/sync` )、Synced かつ Healthy になってからプロモートしてください。',
    },
    unhealthy: {
      message: '`{{stage}}` は {{health}} です (Argo CD `{{application}}` )。{{reason}}',
      hint: 'Healthy になってからプロモートしてください ( `/status` で原因を確認できます)。',
    },
    behind: {
      message:
        '`{{stage}}` のリビジョン `{{revision}}` は最新のコミット `{{commit}}` を含んでいません (Argo CD `{{application}}` )。',
      hint: 'Argo CD がコミットを取り込むのを待つか ( `/sync` )、その後でプロモートしてください。',
    },
    midCanary: {
      message: '`{{stage}}` はカナリアの途中です (ステップ {{step}}/{{steps}}、Rollout `{{rollout}}` )。',
      hint: 'カナリアが完全にプロモートされてからプロモートしてください ( `/canary` )。',
    },
    paused: {
      message: '`{{stage}}` は一時停止中です (Rollout `{{rollout}}` )。',
      hint: 'ロールアウトを再開または完了させてから ( `/canary` )、プロモートしてください。',
    },
    aborted: {
      message: '`{{stage}}` のカナリアは中止されました (Rollout `{{rollout}}` )。新しいバージョンは動いていません。',
      hint: 'リトライするか修正をデプロイし、完全にプロモートされてからプロモートしてください。',
    },
    unpinned: {
      message: '`{{stage}}` の `{{image}}` にはタグもダイジェストもありません。コピーするリリースがありません。',
      hint: '先に、タグまたはダイジェスト付きのイメージを `{{stage}}` にデプロイしてください。',
    },
  },
  part: {
    argocd: 'Argo CD の同期状態とヘルス',
    rollout: 'カナリア',
  },
  thread: {
    unchecked:
      ':warning: Kubernetes の認証情報がないため、 `{{stage}}` の {{parts, words}} を確認せずにプロモートしました。',
  },
};
