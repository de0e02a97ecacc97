/**
 * The words inside the chart images (src/blocks/chart.ts, budget-chart.ts, gpu-chart.ts): titles, axes with
 * their units and the time zone, legends. Metric, product and pool names come from the configuration and the cluster.
 */
export const charts = {
  /** A time axis' title: the zone the times are in. */
  time: 'Time ({{zone}})',
  analysis: {
    title: 'Canary vs stable: {{app}}',
    subtitle: '{{count}} metrics, one panel each, each on its own scale',
    canary: 'Canary',
    stable: 'Stable',
    /** A panel's header: the metric and, when configured, its unit. */
    metric: '{{metric}}',
    metricUnit: '{{metric}} ({{unit}})',
    more: '… and {{count}} more metrics not shown',
  },
  budget: {
    title: 'Error budget left: {{slo}} ({{app}})',
    axis: 'Budget left',
    left: 'Budget left',
    overspent: 'Overspent',
  },
  gpu: {
    title: 'GPUs per product and pool',
    axis: 'Devices (GPUs; MIG slices and shared replicas on their rows)',
    requested: 'Requested',
    free: 'Free',
    unavailable: 'Idle on cordoned/NotReady nodes',
    unhealthy: 'Unhealthy',
    row: '{{product}} · {{pool}}',
    rowResource: '{{product}} · {{pool}} · {{resource}}',
    more: '… and {{count}} more rows not shown',
  },
};
