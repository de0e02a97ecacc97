/**
 * What Prometheus' answers mean for people (src/adapters/prometheus.ts). Facts: `query`, `status`, `reason`
 * (Prometheus' own words), `count` and `series` (label sets), `resultType`, `url`, `attempts`.
 */
export const errorsPrometheus = {
  rangeRejected: {
    message: 'Prometheus rejected the query `{{query}}`: {{reason}}',
    hint: 'Fix the query in apps.<app>.analysis in kanaria.yaml.',
  },
  instantRejected: {
    message: 'Prometheus rejected the query `{{query}}`: {{reason}}',
    hint: 'Check the query and the settings under gpu in kanaria.yaml.',
  },
  tooManySeries: {
    message: 'The query `{{query}}` returns {{count}} series ({{series}}) where one is expected.',
    hint: 'Aggregate it to one series, e.g. sum(…) or sum by () (…).',
  },
  notAVector: {
    message: 'The query `{{query}}` returns a {{resultType}} where an instant vector is expected.',
  },
  unavailable: {
    message: 'Prometheus at {{url}} did not answer after {{attempts}} attempts: {{reason}}',
  },
};
