import type { changes as en } from '../en/changes.js';
import type { Shape } from '../shape.js';

export const changes: Shape<typeof en> = {
  describe: {
    deploy: '`{{app}}` を `{{image}}` にデプロイ',
    scale_one: '`{{app}}` を {{count}} レプリカにスケール',
    scale_other: '`{{app}}` を {{count}} レプリカにスケール',
    rollbackCommit: '`{{app}}` をロールバック（ `{{commit}}` を revert）',
    rollbackLast: '`{{app}}` をロールバック（Kanaria による直近の変更）',
  },
  summary: {
    edited: '`{{path}}` の {{before}} → {{after}}',
    already: '`{{path}}` はすでに {{after}} です',
    reverted: '`{{sha}}` "{{subject}}" を revert しました',
    revertedImage: '`{{sha}}` "{{subject}}" を revert しました。イメージ {{before}} → {{after}}',
    alreadyPushed: '以前の試行でプッシュ済みです',
    pushedBeforeInterrupted: 'Kanaria が中断される前にプッシュ済みです',
  },
  thread: {
    unchanged: ':ballot_box_with_check: 変更はありません: {{summary}}。',
    noSync:
      ':warning: Argo CD の同期をキューに入れられませんでした。Argo CD は次のポーリングで変更を取り込みます（すぐに反映するには `/sync` を使ってください）。',
    canaryAborted:
      ':rotating_light: `{{app}}` のカナリアを中止しました（Rollout `{{rollout}}`）。トラフィックは安定版に戻っています。revert により Argo CD が再び新バージョンへ進めることはありません。',
    canaryNotAborted:
      ':warning: `{{app}}` のカナリアを中止できませんでした（{{reason}}）。revert はそのまま進め、Argo CD がロールアウトします。',
    kubeDidNotAnswer: 'Kubernetes API が応答しませんでした',
  },
  abandoned: {
    message: 'コミット中に Kanaria が何度も中断されたため、処理を諦めました。何もコミットしていません。',
    hint: 'コマンドをもう一度実行してください。失敗が続く場合はプラットフォームチームに連絡してください（Kanaria のワーカーがクラッシュしている可能性があります）。',
  },
};
