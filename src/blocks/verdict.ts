import type { MetricReason, Verdict, VerdictReason } from '../domain/verdict.js';
import { explain, type Words } from '../i18n/index.js';

/** Why a metric got its result, in words of `t`. */
export function metricReason(t: Words, reason: MetricReason): string {
  switch (reason.why) {
    case 'no-data':
      return t(`verdict.metric.noData.${reason.side}`);
    case 'too-few-points':
      return t('verdict.metric.tooFewPoints', reason);
    case 'no-difference':
      return t('verdict.metric.noDifference');
    case 'not-bad':
      return t(`verdict.metric.notBad.${reason.shift}`);
    case 'within-allowance':
      return t(`verdict.metric.withinAllowance.${reason.shift}`, { allowed: reason.allowed });
    case 'significant':
      return t(`verdict.metric.significant.${reason.shift}`, { ratio: reason.ratio.toFixed(3) });
    case 'query-failed':
      return explain(t, reason.error).message;
  }
}

/** Why the verdict is what it is, in words of `t`. */
export function verdictReason(t: Words, reason: VerdictReason): string {
  switch (reason.why) {
    case 'no-metrics':
      return t('verdict.overall.noMetrics');
    case 'critical-failed':
      return t('verdict.overall.criticalFailed', { metric: reason.metric });
    case 'mostly-no-data':
      return t('verdict.overall.mostlyNoData', { missing: reason.missing, total: reason.total });
    case 'weightless':
      return t('verdict.overall.weightless');
    case 'tally': {
      const names = (list: readonly string[]) => list.join(', ');
      const parts = [
        reason.failed.length > 0 && t('verdict.overall.failed', { names: names(reason.failed) }),
        reason.missing.length > 0 && t('verdict.overall.noData', { names: names(reason.missing) }),
      ].filter((part): part is string => typeof part === 'string');
      return parts.join(t('verdict.overall.separator')) || t('verdict.overall.allPassed');
    }
  }
}

/** A verdict with its reasons in words of `t`, as the verdict CLI prints it. */
export const wordedVerdict = (t: Words, verdict: Verdict) => ({
  ...verdict,
  reason: verdictReason(t, verdict.reason),
  metrics: verdict.metrics.map((m) => ({ ...m, reason: metricReason(t, m.reason) })),
});
