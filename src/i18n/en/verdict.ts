/**
 * Why a canary analysis judged as it did (src/domain/verdict.ts returns the facts, src/blocks/verdict.ts words
 * them): per metric, and overall. Facts: `canary`, `stable`, `min` (block counts), `allowed`, `ratio`, `metric`,
 * `missing`, `total`, `names` (metric names, as configured).
 */
export const verdict = {
  metric: {
    noData: { canary: 'no data for canary', stable: 'no data for stable', both: 'no data for canary and stable' },
    tooFewPoints: 'too few independent points to judge ({{canary}} canary, {{stable}} stable; at least {{min}} each)',
    noDifference: 'no significant difference',
    notBad: {
      high: 'canary is higher, which is not bad for this metric',
      low: 'canary is lower, which is not bad for this metric',
    },
    withinAllowance: {
      high: 'canary is higher, within the allowed ratio {{allowed}}',
      low: 'canary is lower, within the allowed ratio {{allowed}}',
    },
    significant: {
      high: 'canary is significantly higher (ratio {{ratio}})',
      low: 'canary is significantly lower (ratio {{ratio}})',
    },
  },
  overall: {
    noMetrics: 'no metrics to judge',
    criticalFailed: 'critical metric {{metric}} failed',
    mostlyNoData: '{{missing}} of {{total}} metrics have no data',
    weightless: 'the metrics weigh nothing',
    allPassed: 'every metric passed',
    failed: 'failed: {{names}}',
    noData: 'no data: {{names}}',
    /** Between "failed: …" and "no data: …". */
    separator: '; ',
  },
};
