/**
 * `/gpu usage`: showback in GPU-hours (commands/gpu-usage.ts, jobs/gpu-usage.ts, src/blocks/gpu-usage*.ts). The
 * tables' column names stay identifiers (CJK text would break their alignment); the README explains them.
 */
export const usage = {
  reading: 'Adding up GPU-hours ({{scope}}, last {{days}} days); the showback follows in this channel.',
  examples: 'e.g. `/gpu usage`, `/gpu usage 30d`, `/gpu usage ml-research 7d`, `/gpu usage pool a100 30d`',
  badPeriod: {
    message: '{{period, quote}} is not a period: use 7d or 30d.',
    hint: '$t(usage.examples)',
  },
  badName: {
    message: '{{name, quote}} is not a namespace or pool name.',
    hint: '$t(usage.examples)',
  },
  poolMissing: { message: 'Which pool? Give its name.', hint: '$t(usage.examples)' },
  noPrometheus: {
    message: 'Showback needs Prometheus, and Kanaria has no PROMETHEUS_URL.',
    hint: 'Set PROMETHEUS_URL to a Prometheus that scrapes Kanaria (or kube-state-metrics) and dcgm-exporter.',
  },
  unknownScope: {
    message: 'No $t(usage.kind.{{kind}}) `{{name}}` held GPUs in the last {{days}} days.',
    message_near:
      'No $t(usage.kind.{{kind}}) `{{name}}` held GPUs in the last {{days}} days. Did you mean {{near, alternatives}}?',
    hint: 'Known: {{known}}.',
  },
  unknownScopeMany: {
    message: 'No $t(usage.kind.{{kind}}) `{{name}}` held GPUs in the last {{days}} days.',
    message_near:
      'No $t(usage.kind.{{kind}}) `{{name}}` held GPUs in the last {{days}} days. Did you mean {{near, alternatives}}?',
    hint: 'Known: {{known}} and {{more}} more.',
  },
  kind: { namespace: 'namespace', pool: 'pool' },
  scope: {
    cluster: 'whole cluster',
    namespace: 'namespace {{name}}',
    pool: 'pool {{name}}',
  },
  title: 'GPU showback ({{scope}}), last {{days}} days: {{hours}} GPU-hours allocated, {{efficiency}}',
  titleCost:
    'GPU showback ({{scope}}), last {{days}} days: {{hours}} GPU-hours allocated, {{efficiency}}, cost {{cost}}',
  efficiency: '{{value}} efficiency',
  efficiencyUnknown: 'efficiency unknown',
  period: 'Period: {{start}} – {{end}} UTC (whole UTC days).',
  empty:
    'GPU showback ({{scope}}): no GPU was allocated from {{start}} to {{end}} UTC, or Prometheus has no data for it.',
  legend:
    'GPU-EQ-H: GPU-hours in GPU-equivalents (a MIG slice counts its share of a GPU, a time-sliced replica 1/replicas). ALLOC-H: hours of the resource itself (GPUs, MIG slices or replicas). BUSY-H: GPU-equivalent hours the GPUs were active. EFF: busy ÷ allocated. COST: GPU-equivalent hours × the price per GPU-hour. "-": unknown.',
  source: {
    kanaria: 'Allocation: Kanaria’s own samples (kanaria_gpu_allocated).',
    ksm: 'Allocation: kube-state-metrics (kube_pod_container_resource_requests).',
    /** A period the sources cover day by day (each day counts the source that saw it). */
    days: 'Allocation, day by day: {{parts, words}}.',
    kanariaDays_one: 'Kanaria’s own samples (kanaria_gpu_allocated) on {{count}} day',
    kanariaDays_other: 'Kanaria’s own samples (kanaria_gpu_allocated) on {{count}} days',
    ksmDays_one: 'kube-state-metrics (kube_pod_container_resource_requests) on {{count}} day',
    ksmDays_other: 'kube-state-metrics (kube_pod_container_resource_requests) on {{count}} days',
    noData: 'No allocation data on {{days, words}} (UTC): nothing is counted for those days.',
    busy: 'Busy: DCGM (DCGM_FI_PROF_GR_ENGINE_ACTIVE, else DCGM_FI_DEV_GPU_UTIL).',
    noBusy: 'Busy: unknown (Prometheus has no DCGM series for the period).',
  },
  chart: {
    title: 'GPU-hours per day by namespace ({{scope}}, last {{days}} days)',
    subtitle: 'Allocated, in GPU-equivalents; days in UTC',
    x: 'Day (UTC)',
    y: 'GPU-hours (GPU-equivalents)',
    legend: 'Namespace',
    other: 'other',
  },
  chartUpload: 'GPU-hours per day, stacked by namespace',
  csvUpload: 'GPU showback (CSV for finance)',
};
