/**
 * The canary analysis verdict and its chart (src/blocks/analysis.ts, chart.ts). Metric names and the verdict's
 * reasons come from the configuration and the statistics.
 */
export const analysis = {
  verdict: { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' },
  title: 'Canary analysis of `{{app}}`: {{verdict}} · score {{score}}',
  titleRevision: 'Canary analysis of `{{app}}` (revision {{revision}}): {{verdict}} · score {{score}}',
  window: 'last {{window}} at {{step}} s steps',
  critical: '(critical)',
  noVerdict: 'no verdict',
  metric:
    'canary {{canary}} vs stable {{stable}} (median), ratio {{ratio}}, shift {{shift}} [{{lower}}, {{upper}}], p {{p}}, {{sample}}',
  points: '{{canary}}/{{stable}} points',
  pointsInBlocks: '{{canary}}/{{stable}} points in blocks of {{size}}',
  moreMetrics: '… and {{count}} more metrics',
  /** The chart's upload title (the image has its own title and legend). */
  chart: '{{app}}: canary vs stable',
};
