import type { commands as en } from '../en/commands.js';
import type { Shape } from '../shape.js';

export const commands: Shape<typeof en> = {
  alreadyReceived: 'このリクエストは受付済みです。',
  analyze: {
    started: '`{{app}}` のカナリアを分析しています。判定はこのチャンネルに投稿します。',
    startedWindow: '`{{app}}` のカナリアを直近 {{window}} で分析しています。判定はこのチャンネルに投稿します。',
    noAnalysis: {
      message: '`{{app}}` には Kanaria の設定でカナリア分析がありません。',
      hint: 'kanaria.yaml の apps.{{app}}.analysis に Prometheus のクエリを追加してください（ `{{placeholder}}` は Pod テンプレートのハッシュを表します）。',
    },
    noRollout: {
      message: '`{{app}}` には Kanaria の設定で Argo Rollout がないため、判定するカナリアがありません。',
    },
    badWindow: {
      message: '{{window, quote}} は 1m から 24h までの期間ではありません。',
      hint: '例: `/analyze {{app}} 15m` 、 `/analyze {{app}} 1h`',
    },
  },
  canary: {
    card: '`{{app}}` のカナリアカードをこのチャンネルに投稿します。',
    promote: '`{{app}}` のカナリアを昇格しています…',
    'promote-full': '`{{app}}` のカナリアを全面昇格しています…',
    abort: '`{{app}}` のカナリアを中止しています…',
    retry: '`{{app}}` のカナリアを再試行しています…',
    pressedBy:
      '対応は不要です: `{{app}}` のこのステップは <@{{user}}> さんがすでに押しました。結果はカードに表示されます。',
    pressed: '対応は不要です: `{{app}}` のこのステップはすでに押されています。結果はカードに表示されます。',
    noRollout: {
      message: '`{{app}}` には Kanaria の設定で Argo Rollout がありません。',
      hint: 'kanaria.yaml の apps.{{app}} に `rollout: { name: …, namespace: … }` を追加してください。',
    },
    badAction: {
      message: '{{action, quote}} はカナリアの操作ではありません。',
      hint: '{{actions, quote}} のいずれかを使ってください。例: `/canary {{app}} promote`',
    },
    badPosition: {
      message:
        '{{position, quote}} はロールアウトの位置ではありません（カードのボタンが `31/2` のような値を送ります）。',
      hint: '省略すると現在のロールアウトに対して操作します: `/canary {{app}} {{action}}`',
    },
  },
  deploy: {
    unpinned: {
      message: '{{reference, quote}} にはタグもダイジェストもないため、Argo CD は変更を検知できません。',
      hint: 'バージョンを固定してください。例: {{tagged, quote}} 、 {{digested, quote}}',
    },
  },
  gpu: {
    reading: 'GPU の容量を読み取っています。レポートはこのチャンネルに投稿します。',
    readingScope: '{{kind}} {{name, quote}} の GPU の容量を読み取っています。レポートはこのチャンネルに投稿します。',
    nameMissing: { message: 'どの {{kind}} ですか？名前を指定してください。', hint: '$t(commands.gpu.examples)' },
    badScope: {
      message: '{{kind, quote}} は範囲の指定ではありません: pool、node、namespace のいずれかを使ってください。',
      hint: '$t(commands.gpu.examples)',
    },
    examples: '例: `/gpu` 、 `/gpu pool a100` 、 `/gpu node gpu-node-7` 、 `/gpu namespace ml-research`',
    badName: {
      message: '{{name, quote}} は {{kind}} の名前ではありません。',
      hint: 'Kubernetes に表示される名前を指定してください。例: `/gpu {{kind}} {{example}}`',
    },
  },
  history: {
    lookingUp: '`{{app}}` の履歴を調べています…',
    what: '`{{app}}` の履歴',
    badCount: {
      message: '{{typed, quote}} は 1 から {{max}} までのコミット数ではありません。',
      hint: '例: `/history {{app}} 5`',
    },
  },
  rollback: {
    badCommit: {
      message: '{{commit, quote}} はコミットID（16進数7〜40桁）ではありません。',
      hint: 'アプリのコミットは `/history {{app}}` で確認できます。',
    },
  },
  scale: {
    badReplicas: {
      message:
        '{{typed, quote}} は `{{app}}` のレプリカ数として無効です: {{min}} から {{max}} までの整数を指定してください。',
      hint: '例: `/scale {{app}} {{example}}`',
    },
  },
  status: {
    lookingUp: '`{{app}}` の状態を調べています…',
    what: '`{{app}}` の状態',
  },
  sync: {
    queued: 'キューに入れました: `{{app}}` の同期（Argo CD `{{application}}` ）。進捗はこのチャンネルに投稿します。',
    queuedHard:
      'キューに入れました: `{{app}}` のハードリフレッシュと同期（Argo CD `{{application}}` ）。進捗はこのチャンネルに投稿します。',
    alreadyReceived:
      'このリクエストは受付済みで、Kanaria が `{{app}}` の同期（Argo CD `{{application}}` ）を処理しています。',
    alreadyReceivedHard:
      'このリクエストは受付済みで、Kanaria が `{{app}}` のハードリフレッシュと同期（Argo CD `{{application}}` ）を処理しています。',
    badMode: {
      message: '{{mode, quote}} は同期モードではありません: 指定できるのは `hard` だけです。',
      hint: '例: `/sync {{app}} hard` （Argo CD のマニフェストキャッシュも破棄します）',
    },
    noArgocd: {
      message: '`{{app}}` には Kanaria の設定で Argo CD の Application がないため、同期するものがありません。',
      hint: 'kanaria.yaml の apps.{{app}} に `argocd: { application: …, namespace: … }` を追加してください。',
    },
  },
};
