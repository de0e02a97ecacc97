import { describe, expect, it } from 'vitest';
import { metricReason, verdictReason } from '../../src/blocks/verdict.js';
import type { MetricReason, VerdictReason } from '../../src/domain/verdict.js';
import { wordsFor } from '../../src/i18n/index.js';

const EN = wordsFor('en');
const JA = wordsFor('ja');

describe('why a metric got its result, in words', () => {
  it.each<[MetricReason, string, string]>([
    [{ why: 'no-data', side: 'canary' }, 'no data for canary', 'カナリアのデータがありません'],
    [{ why: 'no-data', side: 'both' }, 'no data for canary and stable', 'カナリアと安定版のデータがありません'],
    [
      { why: 'too-few-points', canary: 1, stable: 3, min: 4 },
      'too few independent points to judge (1 canary, 3 stable; at least 4 each)',
      '判定に必要な独立した点が足りません（カナリア 1、安定版 3。それぞれ 4 以上が必要です）',
    ],
    [{ why: 'no-difference' }, 'no significant difference', '有意な差はありません'],
    [
      { why: 'not-bad', shift: 'low' },
      'canary is lower, which is not bad for this metric',
      'カナリアのほうが低いですが、このメトリクスでは問題ありません',
    ],
    [
      { why: 'within-allowance', shift: 'high', allowed: 1.6 },
      'canary is higher, within the allowed ratio 1.6',
      'カナリアのほうが高いですが、許容比 1.6 の範囲内です',
    ],
    [
      { why: 'significant', shift: 'high', ratio: 1.51234 },
      'canary is significantly higher (ratio 1.512)',
      'カナリアのほうが有意に高くなっています（比 1.512）',
    ],
    [
      { why: 'significant', shift: 'low', ratio: Infinity },
      'canary is significantly lower (ratio Infinity)',
      'カナリアのほうが有意に低くなっています（比 Infinity）',
    ],
    [
      { why: 'query-failed', error: { key: 'errorsJobs.noPrometheus', params: {} } },
      'Kanaria has no Prometheus to ask (PROMETHEUS_URL is not set).',
      'Kanaria が問い合わせる Prometheus がありません（PROMETHEUS_URL が設定されていません）。',
    ],
  ])('%j', (reason, en, ja) => {
    expect(metricReason(EN, reason)).toBe(en);
    expect(metricReason(JA, reason)).toBe(ja);
  });
});

describe('why the verdict is what it is, in words', () => {
  it.each<[VerdictReason, string, string]>([
    [{ why: 'no-metrics' }, 'no metrics to judge', '判定するメトリクスがありません'],
    [
      { why: 'critical-failed', metric: 'error-rate' },
      'critical metric error-rate failed',
      '重要メトリクス error-rate が不合格です',
    ],
    [
      { why: 'mostly-no-data', missing: 3, total: 5 },
      '3 of 5 metrics have no data',
      '5個中3個のメトリクスにデータがありません',
    ],
    [{ why: 'weightless' }, 'the metrics weigh nothing', 'メトリクスの重みがすべて0です'],
    [{ why: 'tally', failed: [], missing: [] }, 'every metric passed', 'すべてのメトリクスが合格しました'],
    [{ why: 'tally', failed: [], missing: ['latency'] }, 'no data: latency', 'データなし: latency'],
    [
      { why: 'tally', failed: ['error-rate', 'success-rate'], missing: ['latency'] },
      'failed: error-rate, success-rate; no data: latency',
      '不合格: error-rate, success-rate; データなし: latency',
    ],
  ])('%j', (reason, en, ja) => {
    expect(verdictReason(EN, reason)).toBe(en);
    expect(verdictReason(JA, reason)).toBe(ja);
  });
});
