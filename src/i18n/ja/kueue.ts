import type { kueue as en } from '../en/kueue.js';
import type { Shape } from '../shape.js';

export const kueue: Shape<typeof en> = {
  report: {
    title: 'キュー（Kueue）:',
    queue: '{{clusterQueue}} / {{flavor}} / {{resource}}: クォータ {{nominal, number}} のうち {{used, number}} を使用',
    borrowed: '{{count, number}} を借用中',
    borrowingLimit: '借用上限 {{count, number}}',
    lendingLimit: '貸し出し上限 {{count, number}}',
    borrowable: '借用であと最大 {{count, number}}',
    moreQueues: '…ほか{{count}}行',
    counted:
      '{{clusterQueue}}: 順番待ち {{active, number}}、受付不可 {{inadmissible, number}}（kueue_pending_workloads、全ワークロード）',
    pending: 'GPUのクォータを待っているワークロード: {{count}}',
    pendingWorkload: '{{clusterQueue}} の {{of}} 件中 {{position}} 番目: {{workload}}（{{requests}}）: {{reason}}',
    reservedWorkload: '{{clusterQueue}} でクォータ確保済み、アドミッションチェック待ち: {{workload}}（{{requests}}）',
    reservedWorkload_said:
      '{{clusterQueue}} でクォータ確保済み、アドミッションチェック待ち: {{workload}}（{{requests}}）: {{message}}',
    pendingNoQueue: '{{workload}}（{{requests}}）、ClusterQueue なし: {{reason}}',
    notYet: 'Kueue がまだ評価していません',
    unreadable: 'Kueue を読み取れませんでした: {{reason}}',
  },
  why: {
    reading: '{{target, quote}} が待っている理由を調べています。結果はあなただけに表示します。',
    title: '{{target}} が待っている理由',
    titleRunning: '{{target}} は待っていません',
    running: 'ノード `{{node}}` で実行中です。',
    asks: 'Podあたり {{what}} を要求しています',
    asksPods: '{{count}} Pod、それぞれ {{what}} を要求しています',
    onProduct: '{{product}} の {{requests}}',
    onProducts: '{{products}} のいずれかの {{requests}}',
    profile: '{{what}}（MIGプロファイル {{profile}}）',
    scheduler: 'スケジューラ: {{message}}',
    reasons: {
      running: '待っていません。',
      kueue: 'Kueue がまだ受け付けていません（受付不可）: キューでクォータを待っています。',
      'kueue-checks': 'Kueue はクォータを確保済みです: アドミッションチェックを待っています。',
      gated: 'Kueue がワークロードを受け付けるまで、Podを保留しています（スケジューリングゲート {{gates}}）。',
      'no-gpu': 'GPUを要求していません。待っている理由はスケジューラのメッセージを見てください。',
      'no-such-capacity': '実行できるノードに、要求しているリソースを提供するものがありません。',
      full_one:
        '受け入れられるノードに空きがありません: 使えるノード {{nodes, number}} 台で、要求しているものの空きは {{free, number}} です。',
      full_other:
        '受け入れられるノードに空きがありません: 使えるノード {{nodes, number}} 台で、要求しているものの空きは {{free, number}} です。',
      resting: '空きのあるノードがPodを受け付けていません: {{nodes}}。',
      tainted: '空きのあるノードに、許容していないTaintがあります: {{nodes}}。',
      short:
        '今、空きがあるのは {{count, number}} 個のPodのうち {{fit, number}} 個分だけです（{{nodes}}）: 残りに必要なGPUは使用中です。',
      room_one:
        '今、{{count}} 台のノードに空きがあります（{{nodes}}）: ほかの理由はスケジューラのメッセージを見てください。',
      room_other:
        '今、{{count}} 台のノードに空きがあります（{{nodes}}）: ほかの理由はスケジューラのメッセージを見てください。',
    },
    elsewhere: '選択していない別のプロダクトのノードには空きがあります: {{products}}。',
    kueue: {
      workload: 'Kueue ワークロード `{{workload}}`',
      queue: 'キュー `{{queue}}` → ClusterQueue `{{clusterQueue}}`',
      position: '待ち {{of}} 件中 {{position}} 番目',
      state: {
        pending: '受付不可',
        reserved: 'クォータ確保済み、アドミッションチェック待ち',
        admitted: '受付済み',
        finished: '完了',
      },
      says: 'Kueue のメッセージ: {{message}}',
      quota:
        'フレーバー `{{flavor}}` の {{resource}} のクォータ: {{nominal, number}} のうち {{used, number}} を使用。借用であと最大 {{borrowable, number}} 使えます。',
      noQueue: 'LocalQueue が Kueue に見つかりません: どの ClusterQueue も受け付けません。',
    },
    unreadable: 'Kueue を読み取れなかったため、Kueue 側の理由がありません: {{reason}}',
  },
  command: {
    badTarget: {
      message: '{{typed, quote}} は `<namespace>/<Podまたはワークロード>` の形ではありません。',
      hint: '例: `/gpu why ml-research/train-0`',
    },
  },
  forbidden: {
    message: 'Kanaria には {{resource}} を list する権限がない（RBAC）ため、Kueue のキューとワークロードは不明です。',
    hint: 'Kanaria の ServiceAccount に kueue.x-k8s.io の clusterqueues、localqueues、workloads、resourceflavors への "list" 権限を付与してください (deploy/base/rbac.yaml を参照)。',
  },
  unknown: {
    message: 'Podまたは Kueue ワークロード {{target, quote}} はありません。',
    message_near: 'Podまたは Kueue ワークロード {{target, quote}} はありません。{{near, alternatives}} のことですか？',
  },
  unknownNamespace: {
    message: '名前空間 {{namespace, quote}} に Pod も Kueue ワークロードもありません。',
  },
};
