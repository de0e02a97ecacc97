import type { pipeline as en } from '../en/pipeline.js';
import type { Shape } from '../shape.js';

export const pipeline: Shape<typeof en> = {
  card: {
    title: 'パイプライン `{{pipeline}}`',
    stage: '*{{stage}}* · `{{app}}`',
    image: '実行中: `{{image}}`',
    noImage: 'マニフェストから Kanaria が読めるイメージがありません',
    commit: '最後のコミット `{{sha}}` ( {{author}} 、 {{ago}} )',
    argocd: 'Argo CD: 同期 {{sync}} / 健全性 {{health}}',
    argocdUnchecked: 'Argo CD: 未確認',
    canary: 'カナリア: {{phase}}',
    canaryStep: 'カナリア: {{phase}} 、ステップ {{step}}/{{steps}}',
    canaryVerdict: '前回の分析 {{verdict}} 、スコア {{score}}',
    canaryUnchecked: 'カナリア: 未確認',
    locked: ':lock: <@{{holder}}> がロック中',
    lockedWhy: ':lock: <@{{holder}}> がロック中: {{reason}}',
    promote: '{{to}} にプロモート',
    footer: 'ステージが動くとこのカードが更新されます。ほかのチャンネルには `/pipeline {{pipeline}}` で投稿できます。',
  },
  posting: 'パイプライン `{{pipeline}}` のカードを投稿します…',
  updated: 'このチャンネルにあるパイプライン `{{pipeline}}` のカードをその場で更新しました。',
  what: 'パイプライン `{{pipeline}}` のカード',
  unknown: {
    message: '{{typed, quote}} はパイプラインでも、パイプラインのアプリでもありません。',
    hint: 'kanaria.yaml のパイプライン: {{pipelines, alternatives}}',
  },
  noPipelines: {
    message:
      '{{typed, quote}} はパイプラインでも、パイプラインのアプリでもありません。 kanaria.yaml に `pipelines:` がありません。',
    hint: '例: `pipelines: { web: { stages: [web-dev, web-staging, web-prod] } }` を追加してください。',
  },
};
