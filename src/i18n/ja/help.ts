import type { help as en } from '../en/help.js';
import type { Shape } from '../shape.js';

export const help: Shape<typeof en> = {
  intro: '*Kanaria* はGitOpsリポジトリへのコミットを通じて、クラスタで動くものを変更します。',
  command: '• `{{usage}}` — {{summary}}。例: `{{example}}`',
  dryRun: '変更を伴うコマンドは `--dry-run` を受け付けます。計画と差分を表示するだけで、何もコミットしません。',
  gate: 'エラーバジェットやデプロイ凍結でデプロイ、スケールアップ、昇格が止められたときは、 `--when-open` を付けると凍結期間が明けたときに適用し、 `--override "<理由>"` を付けると別の人に承認を求めます ( `/approve` )。',
  gpuIdle:
    '• `/gpu idle` — `gpu.reclaim` の名前空間にあるアイドル GPU の回収候補を本人だけに表示します。提案には `/gpu keep <id> 4h|1d` か `/gpu release <id>` で回答します',
  summaries: {
    deploy: 'アプリのコンテナのイメージを変更します（GitOpsリポジトリへのコミット）',
    promote:
      'パイプラインのあるステージで動いているイメージを次のステージにコピーします（ `Promoted-From:` トレーラー付きのコミット。元のステージが Synced かつ Healthy でカナリアが完了していること）',
    pipeline:
      'パイプラインのカードを投稿します: ステージごとに実行中のもの (イメージ、コミット、経過時間)、 Argo CD の同期と健全性、カナリア、ロック、「<次> にプロモート」ボタン。ステージが動くとその場で更新されます',
    scale: 'アプリのレプリカ数を変更します（GitOpsリポジトリへのコミット）',
    rollback: 'アプリに対するKanariaの直近の変更、または指定したコミットを取り消します（git revert）',
    sync: 'Argo CDにアプリをGitの最新コミットへ今すぐ同期させ、反映されるまで追跡します（ `hard` はArgo CDのマニフェストキャッシュも破棄します）',
    status:
      'アプリのArgo CDでの同期状態、ヘルス、Gitの最新コミットと比べたリビジョン、直近のオペレーションを表示します',
    canary:
      'アプリのArgo Rolloutsのカナリアカードを、昇格・全面昇格・中止・再試行のボタン付きで表示します（ボタンの操作をコマンドで行うこともできます）',
    analyze:
      '進行中のカナリアをPrometheusのメトリクスで安定版と比較して判定し、結果をチャート付きで投稿します（期間の既定値はkanaria.yaml、例: 30m）',
    gpu: 'GPUをプロダクトとノードプールごとに集計します: 容量、要求数、空き、GPUを待つPending Pod、GPUを多く使うNamespace、Kueue のキュー。`/gpu usage [<namespace>|pool <name>] [7d|30d]`: 名前空間ごとのGPU時間のショーバック（効率、コスト、グラフ、CSV）。`/gpu why <namespace>/<pod|workload>` は待っている理由をあなただけに答えます',
    history:
      'GitOpsリポジトリにあるアプリの直近n件のコミットを表示します（既定10件、最大50件）: 誰が・何を・いつ・コミットID',
    approve:
      'エラーバジェットまたはデプロイ凍結で止められた変更のブレークグラス (オーバーライド) や、承認待ちの変更を承認します (依頼メッセージに ID とボタンがあります)',
    reject: '承認待ちの変更を理由を付けて却下します (理由はスレッドに表示されます。却下ボタンで入力できます)',
    slo: 'アプリのエラーバジェットを表示します: 期間内の残り、バーンレート、発報するアラート、尽きる時期、チャート（ `overrides` はブレークグラスの記録）',
    lock: 'アプリ (またはパイプラインのステージ) をロックします: 解除するか期限 ( `--for 2h` ) が来るまで、ほかの人の変更は拒否されます',
    unlock: 'ロックを解除します: ロックした本人か `policies.<env>.override` の人',
    kanaria: 'このヘルプを表示します',
  },
};
