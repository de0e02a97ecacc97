import {
  blockMeans,
  blockSize,
  blockVarianceInflation,
  mannWhitney,
  mean,
  median,
  serialCorrelation,
} from './stats.js';

/**
 * The canary judge: per metric, is the canary worse than stable over the same window? Like Kayenta's
 * NetflixACAJudge (Mann-Whitney U, Hodges-Lehmann shift, confidence 0.98, tolerance 0.25 of the estimate),
 * without its known weaknesses:
 * - a metric without data on either side is `nodata`, never a pass (kayenta #799, #377), and half the
 *   metrics without data make the verdict inconclusive with score 0;
 * - NaN and infinite values (a rate over zero requests) are removed first;
 * - time series are autocorrelated, and the plain test over-fires on them (kayenta #780). We compare
 *   block means instead of raw points: the block length is the AR(1) variance-inflation factor
 *   (1 + ρ) / (1 − ρ) of the more autocorrelated side (ρ = lag-1 autocorrelation), so each block mean is
 *   close to one independent observation. Block resampling would also work, but needs many random
 *   replicates per metric; block means keep the verdict deterministic and fast.
 * - an allowed effect size (canary/stable mean ratio) keeps statistically clear but harmless shifts
 *   (1 % more latency) from failing a canary; a shift counts as within it only when its whole
 *   confidence interval is.
 * Defaults differ from Kayenta's (confidence 0.98, tolerance 0.25 of the estimate): with the effect size
 * doing the tolerance's job, its tolerance only widened the blind spot for real but noisy regressions, and
 * once the test is honest about autocorrelation (blockVarianceInflation) it needs the lower confidence to
 * keep its power. Measured by `npm run bench:analysis` (400 labelled canaries, bad ones just past the
 * allowance): 0.98/0.25 lets 13.5 % of bad canaries pass; 0.95/0 lets 2.5 % pass (1 % false fails); 0.9/0
 * lets 2 % pass (1.5 % false fails). Between 0.95 and 0.9 the gap is within the noise of 400 canaries
 * (another draw of the same model gave 6.5 % against 4 %); 0.9 is the safer side for a bad canary. The
 * price: with no allowance, a zero shift is flagged 10 % of the time (5 % per direction), so give each
 * metric an allowance. Both settings stay settable per call.
 */

export type Direction = 'increase' | 'decrease' | 'either';
export type Point = readonly [number, number];

export interface MetricInput {
  readonly name: string;
  /** Which way is bad: `increase` (error rate, latency), `decrease` (success rate), `either`. */
  readonly direction: Direction;
  /** A failure of this metric fails the whole verdict. */
  readonly critical?: boolean;
  readonly weight?: number;
  /** Largest canary/stable mean ratio that still passes when the canary is higher (default 1.0: none allowed). */
  readonly allowedIncrease?: number;
  /** Smallest ratio that still passes when the canary is lower (default 1.0). */
  readonly allowedDecrease?: number;
  readonly canary: readonly Point[];
  readonly stable: readonly Point[];
}

export interface JudgeOptions {
  /** Confidence of the shift's interval (default 0.9). */
  readonly confidence?: number;
  /** Kayenta's fraction: the interval must clear this share of the estimate to count as a shift (default 0). */
  readonly tolerance?: number;
  /** Score at or above which the verdict is pass (default 95), and below which it is fail (default 75). */
  readonly passScore?: number;
  readonly marginalScore?: number;
}

export type MetricOutcome = 'pass' | 'fail' | 'nodata';

/** Which way the canary moved against stable. */
export type Shift = 'high' | 'low';

/** Why a metric got its result, as facts (src/blocks/verdict.ts words them). */
export type MetricReason =
  | { readonly why: 'no-data'; readonly side: 'canary' | 'stable' | 'both' }
  | { readonly why: 'too-few-points'; readonly canary: number; readonly stable: number; readonly min: number }
  | { readonly why: 'no-difference' }
  /** A shift the metric's direction allows. */
  | { readonly why: 'not-bad'; readonly shift: Shift }
  | { readonly why: 'within-allowance'; readonly shift: Shift; readonly allowed: number }
  | { readonly why: 'significant'; readonly shift: Shift; readonly ratio: number }
  /** The query failed (Prometheus refused it or was unreachable): the error's catalog key and facts. */
  | {
      readonly why: 'query-failed';
      readonly error: { readonly key: string; readonly params: Readonly<Record<string, unknown>> };
    };

/** Why the verdict is what it is, as facts. */
export type VerdictReason =
  | { readonly why: 'no-metrics' }
  | { readonly why: 'critical-failed'; readonly metric: string }
  | { readonly why: 'mostly-no-data'; readonly missing: number; readonly total: number }
  | { readonly why: 'weightless' }
  /** The metrics that failed and those without data (both empty: every metric passed). */
  | { readonly why: 'tally'; readonly failed: readonly string[]; readonly missing: readonly string[] };

export interface MetricResult {
  readonly name: string;
  readonly result: MetricOutcome;
  /** high / low: the canary is significantly above / below stable; same: no shift beyond the tolerance. */
  readonly classification?: 'high' | 'low' | 'same';
  readonly critical: boolean;
  readonly reason: MetricReason;
  readonly canaryMedian?: number;
  readonly stableMedian?: number;
  /** Canary mean / stable mean. */
  readonly ratio?: number;
  /** Hodges-Lehmann shift canary − stable, with its confidence interval, on block means. */
  readonly estimate?: number;
  readonly lower?: number;
  readonly upper?: number;
  readonly pValue?: number;
  /** Points per block mean (1: raw points). */
  readonly blockSize?: number;
  readonly points: { readonly canary: number; readonly stable: number };
}

export interface Verdict {
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  readonly score: number;
  readonly reason: VerdictReason;
  readonly metrics: readonly MetricResult[];
}

/** Fewer independent points than this on either side cannot show anything: the metric has no verdict. */
const MIN_BLOCKS = 4;

const finite = (points: readonly Point[]): number[] =>
  points.map((p) => Number(p[1])).filter((v) => Number.isFinite(v));

export function judgeMetric(metric: MetricInput, options: JudgeOptions = {}): MetricResult {
  const canary = finite(metric.canary);
  const stable = finite(metric.stable);
  const critical = metric.critical ?? false;
  const points = { canary: canary.length, stable: stable.length };
  if (canary.length === 0 || stable.length === 0) {
    const side = canary.length === 0 && stable.length === 0 ? 'both' : canary.length === 0 ? 'canary' : 'stable';
    return { name: metric.name, result: 'nodata', critical, reason: { why: 'no-data', side }, points };
  }
  const canaryMedian = median(canary);
  const stableMedian = median(stable);
  const stableMean = mean(stable);
  const ratio = stableMean === 0 ? (mean(canary) === 0 ? 1 : Infinity) : mean(canary) / stableMean;
  const base = { name: metric.name, critical, canaryMedian, stableMedian, ratio, points };
  const rho = serialCorrelation([canary, stable]);
  const size = blockSize([canary, stable], 8, rho);
  const [canaryBlocks, stableBlocks] = [blockMeans(canary, size), blockMeans(stable, size)];
  if (canaryBlocks.length < MIN_BLOCKS || stableBlocks.length < MIN_BLOCKS) {
    return {
      ...base,
      result: 'nodata',
      reason: { why: 'too-few-points', canary: canaryBlocks.length, stable: stableBlocks.length, min: MIN_BLOCKS },
    };
  }
  const test = mannWhitney(canaryBlocks, stableBlocks, options.confidence ?? 0.9, blockVarianceInflation(rho, size));
  const bound = (options.tolerance ?? 0) * Math.abs(test.estimate);
  const stats = { estimate: test.estimate, lower: test.lower, upper: test.upper, pValue: test.pValue, blockSize: size };
  const high = test.lower > bound;
  const low = test.upper < -bound;
  const classification = high ? 'high' : low ? 'low' : 'same';
  const bad = (high && metric.direction !== 'decrease') || (low && metric.direction !== 'increase');
  if (!bad) {
    return {
      ...base,
      ...stats,
      result: 'pass',
      classification,
      reason: classification === 'same' ? { why: 'no-difference' } : { why: 'not-bad', shift: classification },
    };
  }
  const shift: Shift = high ? 'high' : 'low';
  const allowed = high ? (metric.allowedIncrease ?? 1) : (metric.allowedDecrease ?? 1);
  // Within the allowance only when the whole interval is: a shift merely estimated below it may be above.
  const scale = Math.abs(stableMedian) || Math.abs(stableMean);
  const boundRatio = scale === 0 ? ratio : 1 + (high ? test.upper : test.lower) / scale;
  const withinEffect = high ? ratio <= allowed && boundRatio <= allowed : ratio >= allowed && boundRatio >= allowed;
  if (withinEffect)
    return {
      ...base,
      ...stats,
      result: 'pass',
      classification,
      reason: { why: 'within-allowance', shift, allowed },
    };
  return {
    ...base,
    ...stats,
    result: 'fail',
    classification,
    reason: { why: 'significant', shift, ratio },
  };
}

/** The overall verdict and its 0–100 score (weighted share of passing metrics). */
export function judge(metrics: readonly MetricInput[], options: JudgeOptions = {}): Verdict {
  return verdictOf(
    metrics.map((m) => judgeMetric(m, options)),
    (name) => metrics.find((m) => m.name === name)?.weight ?? 1,
    options,
  );
}

/** The verdict over metric results already judged (some may be `nodata` because their query failed). */
export function verdictOf(
  results: readonly MetricResult[],
  weight: (name: string) => number = () => 1,
  options: JudgeOptions = {},
): Verdict {
  if (results.length === 0)
    return { verdict: 'inconclusive', score: 0, reason: { why: 'no-metrics' }, metrics: results };
  const criticalFailure = results.find((r) => r.critical && r.result === 'fail');
  if (criticalFailure)
    return {
      verdict: 'fail',
      score: 0,
      reason: { why: 'critical-failed', metric: criticalFailure.name },
      metrics: results,
    };
  const noData = results.filter((r) => r.result === 'nodata');
  if (noData.length * 2 >= results.length)
    return {
      verdict: 'inconclusive',
      score: 0,
      reason: { why: 'mostly-no-data', missing: noData.length, total: results.length },
      metrics: results,
    };
  const total = results.reduce((s, r) => s + weight(r.name), 0);
  const passed = results.filter((r) => r.result === 'pass').reduce((s, r) => s + weight(r.name), 0);
  if (!(total > 0)) return { verdict: 'inconclusive', score: 0, reason: { why: 'weightless' }, metrics: results };
  const score = Math.round((100 * passed) / total);
  const failed = results.filter((r) => r.result === 'fail').map((r) => r.name);
  const missing = noData.map((r) => r.name);
  const why: VerdictReason = { why: 'tally', failed, missing };
  if (score >= (options.passScore ?? 95)) return { verdict: 'pass', score, reason: why, metrics: results };
  // Missing data alone never fails a canary: it makes the verdict inconclusive.
  if (score < (options.marginalScore ?? 75) && failed.length > 0)
    return { verdict: 'fail', score, reason: why, metrics: results };
  return { verdict: 'inconclusive', score, reason: why, metrics: results };
}
