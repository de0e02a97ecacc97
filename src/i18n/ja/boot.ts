import type { boot as en } from '../en/boot.js';
import type { Shape } from '../shape.js';

export const boot: Shape<typeof en> = {
  firstRun:
    '初回起動: example-app を含むローカルの GitOps リポジトリを {{repo}} に作成し、それを指す {{configPath}} を作成しました。',
  noRedisUrl: 'REDIS_URL が設定されていません: Kanaria はキューを Redis に置きます (例: REDIS_URL=redis://redis:6379)',
  noRedisServer:
    'REDIS_URL が設定されておらず、PATH に redis-server もありません。Redis をインストールする (Debian/Ubuntu: `sudo apt-get install redis-server` 、macOS: `brew install redis` ) か、REDIS_URL=redis://host:6379 を設定してください。',
  startingRedis: 'Redis を起動しています… (専用の redis-server、データは .kanaria/redis)',
  privateRedisForSlack:
    'REDIS_URL が設定されていません: 専用の redis-server を使います。レプリカ間で処理は分担されません',
  cloning: 'GitOps リポジトリをクローンしています… ({{repo}})',
  fetching: 'GitOps リポジトリをフェッチしています… ({{repo}})',
  cloneFailed:
    'GitOps リポジトリをまだフェッチできません ({{reason}})。変更のたびに再試行し、それでもできなければその旨を伝えます。',
  featuresOn: '有効: {{commands}}。',
  featuresOff: {
    cluster:
      '無効: {{commands}}: Kubernetes の認証情報がありません。有効にするには KUBECONFIG を設定する (または ~/.kube/config を作成する) か、Kanaria をクラスタ内で ServiceAccount 付きで実行してください。それまでは、変更がクラスタに反映されるのは Argo CD の次のポーリング時です。',
    prometheus:
      '無効: {{commands}}: Prometheus がありません。有効にするには PROMETHEUS_URL を設定してください (例: http://prometheus:9090)。',
  },
  terminalReady:
    'Kanaria (ターミナル) の準備ができました — GitOps リポジトリ {{repo}}、ブランチ {{branch}}。/kanaria help と入力するか、exit で終了します。',
  resuming_one: '再起動前にキューに入っていた変更 {{count}} 件を再開します。',
  resuming_other: '再起動前にキューに入っていた変更 {{count}} 件を再開します。',
  redis: {
    dirInUse:
      '{{dir}} には実行中の別の Kanaria (pid {{pid}}) のキューがあります。1 つの AOF に 2 つの Redis サーバーが書き込むと壊れます。先にその Kanaria を停止してください (pid {{pid}} が Kanaria でなければ {{ownerFile}} を削除してください)。',
    startFailed: 'redis-server が起動中に終了コード {{exitCode}} で終了しました',
    startFailedLog: 'redis-server が起動中に終了コード {{exitCode}} で終了しました: {{log}}',
    damagedAof:
      '{{dir}} にあるキューの追記専用ファイル (AOF) は、末尾が切れているだけでなく内部が壊れています。{{dir}} のコピーを取ってから `redis-check-aof --fix {{dir}}/appendonlydir/appendonly.aof.manifest` を実行してください (壊れた部分とそれ以降が削除されます)。',
  },
  config: {
    notYaml: '{{at}}: YAML として正しくありません: {{reason}}',
    protoName: '{{at}}: `__proto__` は kanaria.yaml の名前に使えません。別の名前にしてください',
    invalid: '{{file}} の設定が正しくありません:',
    issue: '  {{at}}: {{field}}: {{problem}}',
    topLevel: '(トップレベル)',
    unknownFields: '不明なフィールド {{fields}}',
    cannotRead: '{{file}}: 設定を読み込めません ({{reason}})。KANARIA_CONFIG に kanaria.yaml のパスを設定してください',
    notFound:
      'kanaria.yaml が見つかりません: {{looked}} を探しました。そこに作成するか、KANARIA_CONFIG にそのパスを設定してください。',
    lookedJoin: ' と ',
    noGitopsUrl:
      '{{file}}: gitops.url: GitOps リポジトリが指定されていません。gitops.url か GITOPS_REPO_URL を設定してください',
  },
  env: {
    invalid: '環境変数が正しくありません:',
    issue: '  {{variable}}: {{problem}}',
    roleNeedsRedis:
      'KANARIA_ROLE={{role}} は Redis を介して処理を受け渡します: レシーバーとワーカーが共有する Redis を REDIS_URL に設定してください',
    workerNeedsBotToken:
      'KANARIA_ROLE=worker はジョブを実行し、Slack に投稿します: SLACK_BOT_TOKEN (xoxb-…) を設定してください',
    receiverNeedsSlack:
      'KANARIA_ROLE=receiver は Slack に応答します: SLACK_BOT_TOKEN と、SLACK_SIGNING_SECRET (HTTP) または SLACK_APP_TOKEN (Socket Mode) を設定してください',
    appTokenWithoutBotToken:
      'SLACK_APP_TOKEN が設定されていますが SLACK_BOT_TOKEN がありません: Socket Mode には両方 (xapp-… と xoxb-…) が必要です',
    botTokenWithoutWayIn:
      'SLACK_BOT_TOKEN が設定されていますが、SLACK_SIGNING_SECRET (HTTP: Slack のリクエストの検証用) も SLACK_APP_TOKEN (Socket Mode) もありません',
    secretWithoutBotToken:
      'SLACK_SIGNING_SECRET が設定されていますが SLACK_BOT_TOKEN がありません: これがないと Kanaria は返信を投稿できません',
  },
};
