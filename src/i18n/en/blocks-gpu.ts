/**
 * The GPU report in Slack and as plain text, idle GPUs and the bar chart's title (src/blocks/gpu*.ts). Products,
 * pools, nodes, resources and the table's column names stay as Kubernetes and kubectl write them.
 */
export const gpu = {
  scope: {
    cluster: 'whole cluster',
    pool: 'pool {{name}}',
    node: 'node {{name}}',
    namespace: 'namespace {{name}}',
  },
  title:
    'GPU report ({{scope}}): {{free, number}} free of {{allocatable, number}} GPUs ({{requested, number}} requested, {{nodes, number}} nodes)',
  /** A namespace's report: what it holds, each kind in its own unit, then the sum (`held.total`). */
  titleNamespace_one: 'GPU report ({{scope}}): {{held}} in {{count, number}} pod',
  titleNamespace_other: 'GPU report ({{scope}}): {{held}} in {{count, number}} pods',
  titleEmpty: 'GPU report ({{scope}}): no GPU nodes',
  noCapacity: 'No node reports `nvidia.com/gpu` (or MIG or shared GPU) capacity.',
  noCapacityInScope: 'No node reports `nvidia.com/gpu` (or MIG or shared GPU) capacity in this scope.',
  none: 'No GPU nodes: no node reports nvidia.com/gpu (or MIG / shared GPU) capacity.',
  totals:
    'GPUs: {{free, number}} free of {{allocatable, number}} allocatable ({{capacity, number}} capacity) on {{nodes, number}} nodes; {{requested, number}} requested ({{use}}).',
  totalsEquivalents:
    'GPU-equivalents (whole GPUs, MIG slices and shared replicas together): {{free, number(maximumFractionDigits: 2)}} free of {{allocatable, number(maximumFractionDigits: 2)}} allocatable ({{capacity, number(maximumFractionDigits: 2)}} capacity); {{requested, number(maximumFractionDigits: 2)}} requested.',
  moreRows: '… and {{count}} more rows',
  idleOnUnusable: '{{count}} idle on cordoned or NotReady nodes',
  unhealthy: '{{count}} unhealthy (allocatable below capacity)',
  moreNotFree: '… and {{count}} more with unavailable or unhealthy GPUs',
  notTakingPods: 'Not taking pods: {{nodes}}',
  notTakingPodsMore: 'Not taking pods: {{nodes}} and {{count}} more',
  pending: 'Pending pods asking for GPUs: {{count}}',
  pendingPod: '{{pod}} ({{requests}}), waiting {{wait}}: {{reason}}',
  /** How long a pod has waited, compact: seconds under 2 min, minutes under 2 h, then hours. */
  wait: { seconds: '{{count}}s', minutes: '{{count}}m', hours: '{{count}}h', unknown: '?' },
  namespaces: 'Top namespaces by GPU-equivalents held (pending pods not counted):',
  namespace_one: '{{namespace}}  {{held}} ({{count, number}} pod)',
  namespace_other: '{{namespace}}  {{held}} ({{count, number}} pods)',
  /**
   * What a namespace holds: whole GPUs, MIG slices by profile and shared replicas apart, joined by " + ", then
   * their sum in GPU-equivalents: "5 GPUs + 2× 1g.10gb = 5.29 GPU-eq".
   */
  held: {
    gpus_one: '{{count, number}} GPU',
    gpus_other: '{{count, number}} GPUs',
    mig: '{{count, number}}× {{profile}}',
    shared_one: '{{count, number}} shared replica',
    shared_other: '{{count, number}} shared replicas',
    total: '{{parts}} = {{equivalents, number(maximumFractionDigits: 2)}} GPU-eq',
  },
  idle: 'Allocated but idle (under {{threshold}} % over {{window}}):',
  idleGpu: '{{node}} gpu {{gpu}} ({{model}}): {{utilisation}} % util',
  /** The alert channel: conditions raised by a check, and those over. */
  alerts: {
    title_one: ':rotating_light: GPU alert:',
    title_other: ':rotating_light: GPU alerts:',
    free_one: '{{product}}: {{count}} GPU free, fewer than {{min}}',
    free_other: '{{product}}: {{count}} GPUs free, fewer than {{min}}',
    pending: '{{pod}} has waited {{minutes}} min for {{requests}}: {{reason}}',
    resolved: ':white_check_mark: Resolved: {{names}}',
    resolvedMore: ':white_check_mark: Resolved: {{names}} and {{count}} more',
  },
  /** The bar chart's upload title (the image has its own title and legend). */
  chart: 'GPUs per product and pool',
};
