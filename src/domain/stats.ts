/**
 * The statistics behind canary verdicts: the Mann-Whitney U test, the Hodges-Lehmann shift estimate with
 * its confidence interval, and the aggregation that makes them fit autocorrelated time series. Pure.
 */

/** Standard normal CDF, by the complementary error function (Numerical Recipes' erfcc, fractional error < 1.2e-7). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfcc (Chebyshev fit), fractional error < 1.2e-7 everywhere.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Inverse of the standard normal CDF (P. J. Acklam's algorithm, relative error < 1.2e-9; a refinement through
 * normalCdf would only bring its 1.2e-7 error in). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

export const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface MannWhitneyResult {
  /** U of the first sample (the canary): the number of pairs where it is larger, ties counting one half. */
  readonly u: number;
  /** Two-sided p-value, normal approximation with tie and continuity corrections (as R's wilcox.test, exact = FALSE). */
  readonly pValue: number;
  /** Hodges-Lehmann estimate of the shift first − second: the median of all pairwise differences. */
  readonly estimate: number;
  /** Confidence interval of the shift, from the order statistics of the pairwise differences (Hollander & Wolfe). */
  readonly lower: number;
  readonly upper: number;
}

/**
 * Mann-Whitney U test of `x` (canary) against `y` (stable), with the Hodges-Lehmann shift and its
 * `confidence` interval. Both samples must be non-empty and free of NaN. `varianceInflation` widens the
 * test and the interval for samples that are not independent (see blockVarianceInflation); too few points
 * for any interval give (−∞, ∞).
 */
export function mannWhitney(
  x: readonly number[],
  y: readonly number[],
  confidence: number,
  varianceInflation = 1,
): MannWhitneyResult {
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) throw new RangeError('mannWhitney needs two non-empty samples');
  // Ranks of the pooled sample, ties sharing their average rank.
  const pooled = [...x.map((v) => ({ v, first: true })), ...y.map((v) => ({ v, first: false }))].sort(
    (a, b) => a.v - b.v,
  );
  let rankSumX = 0;
  let tieTerm = 0;
  for (let i = 0; i < pooled.length;) {
    let j = i;
    while (j + 1 < pooled.length && pooled[j + 1]!.v === pooled[i]!.v) j++;
    const rank = (i + j + 2) / 2;
    const size = j - i + 1;
    tieTerm += size ** 3 - size;
    for (let k = i; k <= j; k++) if (pooled[k]!.first) rankSumX += rank;
    i = j + 1;
  }
  const u = rankSumX - (m * (m + 1)) / 2;
  const mu = (m * n) / 2;
  const sigma = Math.sqrt(((m * n) / 12) * (m + n + 1 - tieTerm / ((m + n) * (m + n - 1))) * varianceInflation);
  const z = sigma === 0 ? 0 : (Math.abs(u - mu) - 0.5) / sigma;
  const pValue = sigma === 0 ? 1 : Math.min(1, 2 * (1 - normalCdf(Math.max(z, 0))));

  const diffs = new Float64Array(m * n);
  let k = 0;
  for (const a of x) for (const b of y) diffs[k++] = a - b;
  diffs.sort();
  const estimate = median(Array.from(diffs));
  const zc = normalQuantile(1 - (1 - confidence) / 2);
  const c = Math.floor(mu - zc * Math.sqrt(((m * n * (m + n + 1)) / 12) * varianceInflation));
  if (c < 0) return { u, pValue, estimate, lower: -Infinity, upper: Infinity };
  const lower = diffs[Math.min(c, diffs.length - 1)] as number;
  const upper = diffs[Math.max(diffs.length - 1 - c, 0)] as number;
  return { u, pValue, estimate, lower, upper };
}

/**
 * Lag-1 autocorrelation of a series (0 for fewer than 3 points or a constant series). The plain estimate
 * is biased low on short series; `corrected` adds Kendall's first-order correction (1 + 3ρ) / n.
 */
export function lag1Autocorrelation(values: readonly number[], corrected = false): number {
  if (values.length < 3) return 0;
  const avg = mean(values);
  let num = 0;
  let den = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] as number) - avg;
    den += d * d;
    if (i > 0) num += d * ((values[i - 1] as number) - avg);
  }
  const rho = den === 0 ? 0 : num / den;
  return corrected ? Math.min(0.99, rho + (1 + 3 * rho) / values.length) : rho;
}

/** The autocorrelation worth correcting for: the larger side's, when it is clearly above noise (2/√n). */
export function serialCorrelation(series: readonly (readonly number[])[]): number {
  const shortest = Math.min(...series.map((s) => s.length));
  const rho = Math.max(0, ...series.map((s) => lag1Autocorrelation(s, true)));
  return shortest >= 3 && rho > 2 / Math.sqrt(shortest) ? rho : 0;
}

/**
 * How many consecutive points to average so that the averages are closer to independent: the variance
 * inflation of an AR(1) series with lag-1 autocorrelation `rho`, (1 + ρ) / (1 − ρ), rounded up; never
 * fewer than `minBlocks` blocks. 1 when there is no autocorrelation to speak of.
 */
export function blockSize(
  series: readonly (readonly number[])[],
  minBlocks = 8,
  rho = serialCorrelation(series),
): number {
  if (rho <= 0) return 1;
  const inflation = rho >= 0.999 ? Infinity : (1 + rho) / (1 - rho);
  const shortest = Math.min(...series.map((s) => s.length));
  return Math.max(1, Math.min(Math.ceil(inflation), Math.floor(shortest / minBlocks)));
}

/**
 * What is left after averaging blocks of `size` from an AR(1) series: the variance inflation (1 + ρb)/(1 − ρb)
 * of the block means, where ρb, the correlation of neighbouring block means, is exact for AR(1):
 * Cov = ρ(1 − ρ^b)² / (1 − ρ)², Var = b(1 + ρ)/(1 − ρ) − 2ρ(1 − ρ^b)/(1 − ρ)² (per unit variance).
 * Blocks alone leave ρb ≈ 0.3 at ρ = 0.9 (a 2× inflation); the test's variance is widened by the rest.
 * A series with ρ̂ beyond 0.9 is a level or a trend rather than noise (e.g. a quantile that barely moves):
 * taking it for AR(1) noise would blind the test to the plainest regression, a level shift. So ρ is taken
 * at most 0.9 and the inflation at most 3.
 */
export function blockVarianceInflation(rho: number, size: number): number {
  if (rho <= 0) return 1;
  const r = Math.min(rho, 0.9);
  const tail = 1 - r ** size;
  const variance = (size * (1 + r)) / (1 - r) - (2 * r * tail) / (1 - r) ** 2;
  const covariance = (r * tail * tail) / (1 - r) ** 2;
  const rhoBlocks = Math.max(0, covariance / variance);
  return Math.min(3, (1 + rhoBlocks) / (1 - rhoBlocks));
}

/** Means of consecutive blocks of `size` points (a last, shorter block is dropped unless it is the only one). */
export function blockMeans(values: readonly number[], size: number): number[] {
  if (size <= 1 || values.length === 0) return [...values];
  const means: number[] = [];
  for (let i = 0; i + size <= values.length; i += size) means.push(mean(values.slice(i, i + size)));
  return means.length > 0 ? means : [mean(values)];
}
