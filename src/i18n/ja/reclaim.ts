import type { reclaim as en } from '../en/reclaim.js';
import type { Shape } from '../shape.js';

export const reclaim: Shape<typeof en> = {
  gpus: {
    gpu_one: 'GPU {{count}} 基',
    gpu_other: 'GPU {{count}} 基',
    mig: 'MIG {{profile}} × {{count}}',
    shared: 'タイムスライス GPU (1/{{replicas}}) × {{count}}',
  },
  workload: {
    Deployment: 'Deployment の `{{name}}`',
    Rollout: 'Rollout の `{{name}}`',
    StatefulSet: 'StatefulSet の `{{name}}`',
    pod: 'Pod `{{name}}`',
  },
  app: 'アプリ `{{app}}`',
  noApp: 'Kanaria のアプリなし',
  ownerNone: '所有者なし',
  offer: {
    title:
      ':zzz: `{{namespace}}` にアイドル GPU: {{workload}} ({{app}}) が {{gpus}} を割り当て中で、直近 {{window}} の平均稼働率は {{activity, number(maximumFractionDigits: 1)}} % です。',
    owner: '所有者: {{owner}}',
    pod: '• `{{pod}}` (`{{node}}`): {{gpus}}、稼働率 {{activity, number(maximumFractionDigits: 1)}} %',
    deadlineAuto:
      '{{deadline}} までに回答してください。回答がなければコミットでレプリカ数を 0 にして自動で回収します。',
    deadlineNothing:
      '{{deadline}} までに回答してください。回答がなくても何もしません (この名前空間は自動回収の対象外です)。',
    dryRun: 'ドライラン (`gpu.reclaim.dryRun`): 一覧に載せるだけで、回収はしません。',
    noAppNote: 'このワークロードを動かす Kanaria のアプリがありません: 維持はできますが、回収はできません。',
    kept: ':raised_hand: <@{{by}}> さんが {{until}} まで維持しました。',
    released: ':recycle: <@{{by}}> さんが回収を依頼しました: コミットで {{app}} のレプリカ数を 0 にします。',
    releasedCommit:
      ':recycle: <@{{by}}> さんが回収しました: コミット `{{sha}}` で {{app}} のレプリカ数を 0 にしました。',
    releasedPolicy:
      ':recycle: 期限までに回答がありませんでした: `{{namespace}}` の GPU 回収ポリシーがコミットで {{app}} のレプリカ数を 0 にします。',
    releasedPolicyCommit:
      ':recycle: 期限までに回答がありませんでした: `{{namespace}}` の GPU 回収ポリシーがコミット `{{sha}}` で {{app}} のレプリカ数を 0 にしました。',
    expired: ':hourglass: 期限までに回答がありませんでした。何もしていません。',
    expiredWhy: ':hourglass: 期限までに回答がありませんでした。何もしていません: {{why}}',
    withdrawn: ':white_check_mark: 再び使われ始めました: 回収の提案を取り下げます。',
    notReleased:
      ':warning: 回収できませんでした: {{why}}\nレプリカ数は変えていません。まだアイドルなら、後のスキャンで改めて提案します。',
    unchanged: '{{app}} のマニフェストはすでにレプリカ数 0 で、コミットする変更がありませんでした。',
    changeFailed: '変更が失敗しました (詳しくはこのチャンネルの告知をご覧ください)。',
    unchecked:
      ':warning: 期限の確認ができませんでした: {{why}}\n何も回収していません。まだアイドルなら、後のスキャンで改めて提案します。',
    keep4h: '4 時間維持',
    keep1d: '1 日維持',
    release: '回収する',
    confirmTitle: 'この GPU を回収しますか?',
    confirmText:
      '`{{namespace}}` の {{workload}} を GitOps リポジトリへのコミットでレプリカ数 0 にします (/rollback で戻せます)。',
  },
  whyNot: {
    noApp: 'このワークロードを動かす Kanaria のアプリがありません',
    minReplicas: 'アプリ `{{app}}` のレプリカ数は {{min}} 未満にできません',
  },
  list: {
    title: 'アイドル GPU の回収候補 (直近 {{window}} の稼働率 {{threshold}} % 未満、名前空間 {{namespaces, words}}):',
    none: '{{namespaces, words}} にアイドル GPU の回収候補はありません (直近 {{window}} の稼働率 {{threshold}} % 未満)。',
    line: '• `{{namespace}}` {{workload}} ({{app}}): {{gpus}}、稼働率 {{activity, number(maximumFractionDigits: 1)}} %、所有者 {{owner}}、{{state}} (ID `{{id}}`)',
    unknownMig:
      '`{{namespace}}/{{pod}}` は判定できません: MIG インスタンスには DCGM_FI_PROF_GR_ENGINE_ACTIVE (プロファイリングメトリクス) が必要ですが、エクスポーターが報告していません。',
    unknownMetrics: '`{{namespace}}/{{pod}}` は判定できません: DCGM メトリクスがありません。',
    elsewhere:
      '対象外の名前空間で GPU 換算 {{count, number(maximumFractionDigits: 2)}} 基分がアイドルです (一覧には載せません。回収の対象にするには gpu.reclaim.namespaces に名前空間を加えてください)。',
    notConfigured: 'この環境ではアイドル GPU を回収しません: kanaria.yaml に `gpu.reclaim` がありません。',
    noDcgm:
      'Prometheus に DCGM メトリクス (DCGM_FI_PROF_GR_ENGINE_ACTIVE または DCGM_FI_DEV_GPU_UTIL) がありません: アイドルかどうか判定できません。',
    dryRun: 'ドライラン: 候補を一覧にするだけで、回収はしません。',
    state: {
      new: '未提案',
      offered: '提案済み、回答期限 {{deadline}}',
      kept: '{{until}} まで維持',
      released: '回収済み',
      expired: '期限切れ、何もしていません',
    },
  },
  answer: {
    kept: '{{until}} まで維持します: それまで回収の提案はしません。',
    released: '回収を受け付けました: コミットで {{app}} のレプリカ数を 0 にします。経過はチャンネルで確認できます。',
    alreadyKept: 'すでに回答済みです: <@{{by}}> さんが {{until}} まで維持しています。',
    alreadyReleased: 'すでに回答済みです: {{by}} が回収しました。',
    alreadyExpired: 'この提案の期限はすでに過ぎています。',
  },
  policy: 'GPU 回収ポリシー',
  policyAsked: '`{{namespace}}` の GPU 回収ポリシー (期限までに回答なし) の依頼: {{description}}',
  refusals: {
    unknown: {
      message: '回答できる提案 `{{id}}` はありません: 回答済みか、取り下げ済み (再び使用中) か、提案されていません。',
      hint: '`/gpu idle` で現在の候補と ID を確認できます。',
    },
    badKeep: {
      message: '{{typed, quote}} の間維持しますか? `4h` か `1d` を指定してください。',
    },
    notAllowed: {
      message: 'この提案に回答できるのは、所有者 ({{owner}}) か、アプリ `{{app}}` をデプロイできる人だけです。',
    },
    ownerMayNotRelease: {
      message:
        '回収はコミットでアプリ `{{app}}` のレプリカ数を 0 にします: /scale と同じく、このアプリをデプロイできる人だけが回収できます。所有者は維持できます。',
    },
    notListed: {
      message:
        '`{{namespace}}` は gpu.reclaim.namespaces にもうありません: この名前空間への提案は無効で、何も回収しません。',
    },
    notOwner: {
      message: 'この提案に回答できるのは所有者 ({{owner}}) だけです: Kanaria のアプリが動かしていません。',
    },
    noApp: {
      message:
        '`{{namespace}}` の {{workload}} を動かす Kanaria のアプリがありません: Kanaria はアプリへのコミットでしか GPU を回収しないため、維持はできますが回収はできません。',
      hint: 'Pod にラベル `{{appLabel}}: <app>` を付けるか、アプリに `workload:` でワークロード名を書いてください。',
    },
    minReplicas: {
      message: 'アプリ `{{app}}` のレプリカ数は {{min}} 未満にできません (`replicas.min`): 回収できません。',
    },
    dryRun: {
      message: '`gpu.reclaim.dryRun` が有効です: 回収はしません。',
    },
    notConfigured: {
      message: 'この環境ではアイドル GPU を回収しません: kanaria.yaml に `gpu.reclaim` がありません。',
    },
  },
};
