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
  titleEmpty: 'GPU report ({{scope}}): no GPU nodes',
  noCapacity: 'No node reports `nvidia.com/gpu` (or MIG or shared GPU) capacity.',
  noCapacityInScope: 'No node reports `nvidia.com/gpu` (or MIG or shared GPU) capacity in this scope.',
  none: 'No GPU nodes: no node reports nvidia.com/gpu (or MIG / shared GPU) capacity.',
  totals:
    'GPUs: {{free, number}} free of {{allocatable, number}} allocatable ({{capacity, number}} capacity) on {{nodes, number}} nodes; {{requested, number}} requested ({{use}}).',
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
  namespaces: 'Top namespaces by GPUs held:',
  namespace: '{{namespace}}: {{gpus}} in {{pods}} pods',
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
