import type { gpu as en } from '../en/blocks-gpu.js';
import type { Shape } from '../shape.js';

export const gpu: Shape<typeof en> = {
  scope: {
    cluster: 'クラスタ全体',
    pool: 'プール {{name}}',
    node: 'ノード {{name}}',
    namespace: '名前空間 {{name}}',
  },
  title:
    'GPUレポート（{{scope}}）: {{allocatable, number}} GPU中 {{free, number}} が空き（要求 {{requested, number}}、{{nodes, number}} ノード）',
  titleNamespace_one: 'GPUレポート（{{scope}}）: {{held}}（{{count, number}} Pod）',
  titleNamespace_other: 'GPUレポート（{{scope}}）: {{held}}（{{count, number}} Pod）',
  titleEmpty: 'GPUレポート（{{scope}}）: GPUノードがありません',
  noCapacity: '`nvidia.com/gpu` （またはMIG、共有GPU）の容量を報告しているノードがありません。',
  noCapacityInScope: 'この範囲には `nvidia.com/gpu` （またはMIG、共有GPU）の容量を報告しているノードがありません。',
  none: 'GPUノードがありません: nvidia.com/gpu（またはMIG / 共有GPU）の容量を報告しているノードがありません。',
  totals:
    'GPU: 割り当て可能 {{allocatable, number}}（容量 {{capacity, number}}、{{nodes, number}} ノード）のうち {{free, number}} が空き、要求 {{requested, number}}（{{use}}）。',
  totalsEquivalents:
    'GPU換算（GPU・MIGスライス・共有レプリカの合計）: 割り当て可能 {{allocatable, number(maximumFractionDigits: 2)}}（容量 {{capacity, number(maximumFractionDigits: 2)}}）のうち {{free, number(maximumFractionDigits: 2)}} が空き、要求 {{requested, number(maximumFractionDigits: 2)}}。',
  moreRows: '…ほか{{count}}行',
  idleOnUnusable: 'cordon済みまたはNotReadyのノード上で{{count}}個が未使用',
  unhealthy: '{{count}}個が異常（割り当て可能数が容量を下回っています）',
  moreNotFree: '…ほか{{count}}行に、利用できないか異常なGPUがあります',
  notTakingPods: 'Podを受け付けていないノード: {{nodes}}',
  notTakingPodsMore: 'Podを受け付けていないノード: {{nodes}} ほか{{count}}台',
  pending: 'GPUを待っているPendingのPod: {{count}}',
  pendingPod: '{{pod}}（{{requests}}）、{{wait}}待機中: {{reason}}',
  wait: { seconds: '{{count}}秒', minutes: '{{count}}分', hours: '{{count}}時間', unknown: '?' },
  namespaces: 'GPU換算で多く使っている名前空間（PendingのPodは含みません）:',
  namespace_one: '{{namespace}}  {{held}}（{{count, number}} Pod）',
  namespace_other: '{{namespace}}  {{held}}（{{count, number}} Pod）',
  held: {
    gpus_one: 'GPU {{count, number}}個',
    gpus_other: 'GPU {{count, number}}個',
    mig: 'MIG {{profile}} ×{{count, number}}',
    shared_one: '共有レプリカ {{count, number}}個',
    shared_other: '共有レプリカ {{count, number}}個',
    total: '{{parts}} = GPU換算 {{equivalents, number(maximumFractionDigits: 2)}}',
  },
  idle: '割り当て済みで未使用のGPU（{{window}}の平均使用率が{{threshold}}%未満）:',
  idleGpu: '{{node}} gpu {{gpu}}（{{model}}）: 使用率 {{utilisation}}%',
  alerts: {
    title_one: ':rotating_light: GPUアラート:',
    title_other: ':rotating_light: GPUアラート:',
    free_one: '{{product}}: 空きGPUが{{count}}個で、{{min}}個を下回っています',
    free_other: '{{product}}: 空きGPUが{{count}}個で、{{min}}個を下回っています',
    pending: '{{pod}} が{{requests}}を{{minutes}}分待っています: {{reason}}',
    resolved: ':white_check_mark: 解消しました: {{names}}',
    resolvedMore: ':white_check_mark: 解消しました: {{names}} ほか{{count}}件',
  },
  chart: 'プロダクト・プールごとのGPU',
};
