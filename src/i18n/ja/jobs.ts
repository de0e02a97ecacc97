import type { jobs as en } from '../en/jobs.js';
import type { Shape } from '../shape.js';

export const jobs: Shape<typeof en> = {
  failure: {
    gaveUp_one: '{{count}}回試行しましたが、Kanaria は処理を完了できませんでした（{{reason}}）。',
    gaveUp_other: '{{count}}回試行しましたが、Kanaria は処理を完了できませんでした（{{reason}}）。',
    tryAgain: '数分後にもう一度お試しください。解決しない場合はプラットフォームチームに連絡してください。',
    internal: 'Kanaria で内部エラーが発生しました。',
    transient: '一時的なエラーで Kanaria が止まりました（{{reason}}）。',
  },
  abandoned: {
    answering: '応答中に Kanaria が何度も中断されたため、処理を諦めました。',
    working: '処理中に Kanaria が何度も中断されたため、処理を諦めました。',
  },
  press: {
    alreadyDone: '実行済みです: {{done}}。',
    outOfDate: {
      message: 'このカードは古くなっています。カードの表示後にロールアウトが進みました。',
      hint: 'カードを現在の状態に更新しました。まだ必要であれば、もう一度押してください。',
    },
    nothingTo: '`{{app}}` には今{{action}}できるものがありません（{{state}}）。',
    aborted: '中止済み',
    updating: '更新中',
    twoPerson: {
      message:
        '`{{app}}` を{{action}}することはできません: {{rule}} — ロールアウト中の変更（コミット `{{sha}}`）を行ったのはあなたです。',
      hint: '昇格が許可されている別の人に依頼してください。',
    },
  },
  autopilot: {
    aborted: ':robot_face: オートパイロットがカナリアを *中止* しました: {{reason}}（スコア {{score}}）。',
    promoted_one: ':robot_face: 分析に{{count}}回連続で合格したため、オートパイロットがカナリアを *昇格* しました。',
    promoted_other: ':robot_face: 分析に{{count}}回連続で合格したため、オートパイロットがカナリアを *昇格* しました。',
    streak_one: ':robot_face: オートパイロット: 昇格まで合格 {{streak}}/{{count}} 回。',
    streak_other: ':robot_face: オートパイロット: 昇格まで合格 {{streak}}/{{count}} 回。',
  },
  gpu: {
    noDcgm: 'Prometheus に DCGM メトリクスがないため、アイドル状態の GPU は表示していません。',
    resting: {
      cordoned: '{{node}}（cordon 済み）',
      notReady: '{{node}}（NotReady）',
      both: '{{node}}（cordon 済み・NotReady）',
    },
    pending: { notScheduled: 'スケジュールされていません', waiting: 'スケジュール待ち' },
  },
  status: {
    noClusterAccess:
      'Kanaria は Kubernetes API にアクセスできません（KUBECONFIG も クラスタ内の ServiceAccount もありません）。',
  },
};
