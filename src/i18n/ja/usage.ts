import type { usage as en } from '../en/usage.js';
import type { Shape } from '../shape.js';

export const usage: Shape<typeof en> = {
  reading: 'GPU時間を集計しています（{{scope}}、直近{{days}}日）。ショーバックはこのチャンネルに投稿します。',
  examples: '例: `/gpu usage` 、 `/gpu usage 30d` 、 `/gpu usage ml-research 7d` 、 `/gpu usage pool a100 30d`',
  badPeriod: {
    message: '{{period, quote}} は期間ではありません。7d か 30d を指定してください。',
    hint: '$t(usage.examples)',
  },
  badName: {
    message: '{{name, quote}} は名前空間またはプールの名前ではありません。',
    hint: '$t(usage.examples)',
  },
  poolMissing: { message: 'どのプールですか？名前を指定してください。', hint: '$t(usage.examples)' },
  noPrometheus: {
    message: 'ショーバックには Prometheus が必要ですが、Kanaria に PROMETHEUS_URL が設定されていません。',
    hint: 'Kanaria（または kube-state-metrics）と dcgm-exporter をスクレイプしている Prometheus を PROMETHEUS_URL に設定してください。',
  },
  unknownScope: {
    message: '直近{{days}}日に GPU を割り当てられた$t(usage.kind.{{kind}}) `{{name}}` はありません。',
    message_near:
      '直近{{days}}日に GPU を割り当てられた$t(usage.kind.{{kind}}) `{{name}}` はありません。{{near, alternatives}} のことですか？',
    hint: '既知: {{known}}。',
  },
  unknownScopeMany: {
    message: '直近{{days}}日に GPU を割り当てられた$t(usage.kind.{{kind}}) `{{name}}` はありません。',
    message_near:
      '直近{{days}}日に GPU を割り当てられた$t(usage.kind.{{kind}}) `{{name}}` はありません。{{near, alternatives}} のことですか？',
    hint: '既知: {{known}} ほか{{more}}件。',
  },
  kind: { namespace: '名前空間', pool: 'プール' },
  scope: {
    cluster: 'クラスタ全体',
    namespace: '名前空間 {{name}}',
    pool: 'プール {{name}}',
  },
  title: 'GPUショーバック（{{scope}}、直近{{days}}日）: 割り当て {{hours}} GPU時間、{{efficiency}}',
  titleCost:
    'GPUショーバック（{{scope}}、直近{{days}}日）: 割り当て {{hours}} GPU時間、{{efficiency}}、コスト {{cost}}',
  efficiency: '効率 {{value}}',
  efficiencyUnknown: '効率 不明',
  period: '期間: {{start}} – {{end}} UTC（UTCの暦日単位）。',
  empty:
    'GPUショーバック（{{scope}}）: {{start}} から {{end}} UTC までに割り当てられたGPUはないか、Prometheus にデータがありません。',
  legend:
    'GPU-EQ-H: GPU換算のGPU時間（MIGスライスはGPUに占める割合、タイムスライスのレプリカは 1/レプリカ数）。ALLOC-H: リソースそのものの時間（GPU、MIGスライス、レプリカ）。BUSY-H: GPUが稼働していたGPU換算時間。EFF: 効率（稼働 ÷ 割り当て）。COST: コスト（GPU換算時間 × GPU時間あたりの価格）。「-」: 不明。',
  source: {
    kanaria: '割り当て: Kanaria 自身の記録（kanaria_gpu_allocated）。',
    ksm: '割り当て: kube-state-metrics（kube_pod_container_resource_requests）。',
    days: '割り当て（日ごと）: {{parts, words}}。',
    kanariaDays_one: 'Kanaria 自身の記録（kanaria_gpu_allocated）{{count}}日分',
    kanariaDays_other: 'Kanaria 自身の記録（kanaria_gpu_allocated）{{count}}日分',
    ksmDays_one: 'kube-state-metrics（kube_pod_container_resource_requests）{{count}}日分',
    ksmDays_other: 'kube-state-metrics（kube_pod_container_resource_requests）{{count}}日分',
    noData: '{{days, words}}（UTC）は割り当てのデータがありません。この日は集計に含まれていません。',
    busy: '稼働: DCGM（DCGM_FI_PROF_GR_ENGINE_ACTIVE、なければ DCGM_FI_DEV_GPU_UTIL）。',
    noBusy: '稼働: 不明（この期間の DCGM の系列が Prometheus にありません）。',
  },
  chart: {
    title: '名前空間別の1日あたりGPU時間（{{scope}}、直近{{days}}日）',
    subtitle: '割り当て（GPU換算）、日付はUTC',
    x: '日付（UTC）',
    y: 'GPU時間（GPU換算）',
    legend: '名前空間',
    other: 'その他',
  },
  chartUpload: '1日あたりのGPU時間（名前空間別の積み上げ）',
  csvUpload: 'GPUショーバック（経理向けCSV）',
};
