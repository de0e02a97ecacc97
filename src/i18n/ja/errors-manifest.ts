import type { errorsManifest as en } from '../en/errors-manifest.js';
import type { Shape } from '../shape.js';

export const errorsManifest: Shape<typeof en> = {
  field: {
    containerImage: 'コンテナ "{{container}}" のイメージ',
    workloadReplicas: '{{workload}} の spec.replicas',
    valuesKey: '`{{path}}`',
    entryKey: '{{path}}',
  },
  notReplicaCount: {
    message: '{{replicas}} はレプリカ数として使えません。',
    hint: '0 以上の整数を指定してください。',
  },
  yaml: {
    invalid: {
      message: '{{file}} は正しい YAML ではありません ({{line}} 行目 {{column}} 列): {{reason}}',
      hint: 'GitOps リポジトリの {{file}} の YAML を修正してから、もう一度実行してください。',
    },
    alias: {
      message:
        '{{file}} の `{{key}}` ({{line}} 行目) は YAML のエイリアス (*{{alias}}) です。Kanaria はエイリアス越しには編集しません。',
      hint: 'エイリアスの代わりに値を直接書くか、ファイルを手で編集してください。',
    },
    mergeKey: {
      message:
        '{{file}} ({{line}} 行目) では `{{key}}` が直接設定されておらず、マッピングが YAML のマージキー (<<) を使っています。Kanaria はマージされた値を編集しません。',
      hint: 'マッピング自体にキーを書き出すか、ファイルを手で編集してください。',
    },
  },
  text: {
    anchored: {
      message:
        '{{file}} の $t(errorsManifest.field.{{field}}) ({{line}} 行目) は YAML アンカー &{{anchor}} の下にあります。ここを変更すると、アンカーを参照するエイリアスの値も変わってしまいます。',
      hint: 'アンカーを使わずに値を書き出すか、ファイルを手で編集してください。',
    },
    notSingleValue: {
      message: '{{file}} の $t(errorsManifest.field.{{field}}) ({{line}} 行目) は単一の値ではありません。',
      hint: 'ファイルを手で編集してください。',
    },
    cannotRemove: {
      message:
        '{{file}} ({{line}} 行目) から $t(errorsManifest.field.{{field}}) を削除すると、リストの要素が空になってしまいます。',
      hint: 'ファイルを手で編集してください。',
    },
  },
  workload: {
    none: {
      message: '{{file}} にワークロード ({{kinds}}) がありません。',
      hint: 'kanaria.yaml の apps.<app>.manifest には、ワークロードを含むファイルを指定してください。',
    },
    notFound: {
      message: '{{file}} に "{{workload}}" という名前のワークロードはありません。含まれているのは {{workloads}} です。',
      hint: 'kanaria.yaml の apps.<app>.workload を修正してください。',
    },
    workloadRef: {
      message:
        '{{file}} の {{workload}} には Pod テンプレートがありません。spec.workloadRef を使っているため、イメージは参照先の Deployment {{deployment}} にあります。',
      hint: 'kanaria.yaml の apps.<app>.manifest には、Deployment {{deployment}} を含むファイルを指定してください。',
    },
    noPodTemplate: {
      message: '{{file}} の {{workloads}} には Pod テンプレート (spec.template.spec) がありません。',
      hint: 'kanaria.yaml の apps.<app>.manifest には、ワークロードのファイルを指定してください。',
    },
    containerInSeveral: {
      message: 'コンテナ "{{container}}" は {{file}} の複数のワークロードにあります: {{workloads}}',
      hint: 'kanaria.yaml の apps.<app>.workload に、編集するワークロードの metadata.name を指定してください。',
    },
    containerNotFound: {
      message:
        '{{file}} の {{workload}} にコンテナ "{{container}}" が見つかりません。含まれているコンテナは {{containers}} です。',
      hint: 'kanaria.yaml の apps.<app>.container を修正してください。',
    },
    containerNotFoundInAny: {
      message: '{{file}} にコンテナ "{{container}}" が見つかりません。含まれているコンテナ: {{containers}}',
      hint: 'kanaria.yaml の apps.<app>.container を修正してください。',
    },
    several: {
      message:
        '{{file}} には複数のワークロード ({{workloads}}) があります。どのワークロードのイメージを変更するか決められません。',
      hint: 'kanaria.yaml の apps.<app>.workload に、編集するワークロードの metadata.name を指定してください。',
    },
    whichContainer: {
      message_one:
        '{{file}} の {{workload}} にはコンテナが {{count}} 個 ({{containers}}) あります。どのコンテナか決められません。',
      message_other:
        '{{file}} の {{workload}} にはコンテナが {{count}} 個 ({{containers}}) あります。どのコンテナか決められません。',
      hint: 'kanaria.yaml に apps.<app>.container を設定してください。',
    },
    noContainers: {
      message: '{{file}} の {{workload}} にはコンテナがありません。',
      hint: 'kanaria.yaml に apps.<app>.container を設定してください。',
    },
    noImage: {
      message: '{{file}} の {{workload}} のコンテナ "{{container}}" に image がありません。',
      hint: '{{file}} のコンテナに image: を追加してください。',
    },
    severalToScale: {
      message:
        '{{file}} には複数のワークロード ({{workloads}}) があります。どのワークロードをスケールするか決められません。',
      hint: 'kanaria.yaml の apps.<app>.workload に、編集するワークロードの metadata.name を指定してください。',
    },
    daemonSetReplicas: {
      message: '{{file}} の {{workload}} には replicas がありません。条件に合う各ノードで Pod を 1 つずつ動かします。',
      hint: 'DaemonSet は nodeSelector や affinity でスケールしてください。',
    },
    jobReplicas: {
      message: '{{file}} の {{workload}} には replicas がありません。完了するまで実行されます (parallelism を参照)。',
      hint: 'parallelism/completions は手で編集してください。',
    },
    noSpec: {
      message: '{{file}} の {{workload}} には spec がありません。',
      hint: '{{file}} を修正してください。',
    },
    replicasNotNumber: {
      message: '{{file}} の {{workload}} の spec.replicas が "{{value}}" で、整数ではありません。',
      hint: '{{file}} を修正してください。',
    },
  },
  helm: {
    notMapping: {
      message: '{{file}} が空か、values のマッピングではありません。',
      hint: '{{file}} を修正してください。',
    },
    blockMissing: {
      message: '{{file}} に `{{path}}` がありません。',
      hint: 'kanaria.yaml の apps.<app>.container を修正してください。Helm の values ではイメージブロックのドット区切りのパスです (例: `api.image`)。',
    },
    blockInvalid: {
      message: '{{file}} の `{{path}}` は、イメージブロック (repository, tag) でもイメージの文字列でもありません。',
      hint: 'kanaria.yaml の apps.<app>.container を修正してください。',
    },
    noRepository: {
      message: '{{file}} の `{{path}}` に repository がありません。',
      hint: '{{file}} に {{path}}.repository を追加してください。',
    },
    noTag: {
      message: '`{{repository}}` にタグもダイジェストもありません。{{file}} には {{path}}.tag が必要です。',
      hint: 'タグを指定してください (例: `nginx:1.27.0`)。',
    },
    noDigestKey: {
      message: '{{file}} に `{{path}}.digest` がないため、チャートにダイジェストを渡せません。',
      hint: '代わりにタグを指定するか (例: `{{repository}}:1.2.3`)、チャートが対応していれば {{file}} の {{path}} の下に `digest: ""` を追加してください。',
    },
    noReplicasParent: {
      message: '{{file}} に {{path}} を置くマッピング `{{parent}}` がありません。',
      hint: 'kanaria.yaml の apps.<app>.container を修正してください。',
    },
    replicasNotNumber: {
      message: '{{file}} の {{path}} が "{{value}}" で、整数ではありません。',
      hint: '{{file}} を修正してください。',
    },
  },
  kustomize: {
    notMapping: {
      message: '{{file}} が空か、マッピングではありません。',
      hint: '{{file}} を修正してください。',
    },
    noImages: {
      message: '{{file}} に images: のエントリがありません。',
      hint: '{{file}} にイメージの images: エントリ (name, newTag) を追加してから、もう一度実行してください。',
    },
    whichImage: {
      message: '{{file}} には images: のエントリが複数 ({{names}}) あります。どのエントリか決められません。',
      hint: 'kanaria.yaml の apps.<app>.container に、編集する images[].name を指定してください。',
    },
    imageNotFound: {
      message: '{{file}} に "{{name}}" という images: のエントリはありません。含まれているエントリは {{names}} です。',
      hint: 'kanaria.yaml の apps.<app>.container (編集する images[].name) を修正してください。',
    },
    noTag: {
      message:
        '`{{repository}}` にタグもダイジェストもありません。{{file}} ではベースのタグがそのまま使われてしまいます。',
      hint: 'タグかダイジェストを指定してください (例: `nginx:1.27.0`)。',
    },
    noReplicas: {
      message: '{{file}} に replicas: のエントリがありません。',
      hint: '{{file}} に `replicas: [{name: <workload>, count: <n>}]` を追加してから、もう一度実行してください。',
    },
    whichReplicas: {
      message: '{{file}} には replicas: のエントリが複数 ({{names}}) あります。どのエントリか決められません。',
      hint: 'kanaria.yaml の apps.<app>.workload に、編集する replicas[].name を指定してください。',
    },
    replicasNotFound: {
      message:
        '{{file}} に "{{name}}" という replicas: のエントリはありません。含まれているエントリは {{names}} です。',
      hint: 'kanaria.yaml の apps.<app>.workload に、編集する replicas[].name を指定してください。',
    },
    countNotNumber: {
      message: '{{file}} の replicas[{{name}}].count が "{{value}}" で、整数ではありません。',
      hint: '{{file}} を修正してください。',
    },
  },
};
