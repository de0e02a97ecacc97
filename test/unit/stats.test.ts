import { describe, expect, it } from 'vitest';
import { ar1 as synthetic, rng } from '../helpers/synthetic.js';
import {
  blockMeans,
  blockSize,
  lag1Autocorrelation,
  mannWhitney,
  median,
  normalCdf,
  normalQuantile,
  blockVarianceInflation,
} from '../../src/domain/stats.js';

/** Unit-variance AR(1) noise from seed `seed`. */
const ar1 = (seed: number, n: number, phi: number): number[] => synthetic(rng(seed), n, { phi });

describe('normalCdf', () => {
  // Reference: scipy 1.17.1, scipy.stats.norm.cdf(z).
  const table: readonly [number, number][] = [
    [-6, 9.865876450376946e-10],
    [-4, 3.167124183311986e-5],
    [-3, 0.0013498980316300933],
    [-2.5, 0.006209665325776132],
    [-1.959963984540054, 0.025],
    [-1, 0.15865525393145707],
    [-0.5, 0.3085375387259869],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [1, 0.8413447460685429],
    [1.644853626951472, 0.95],
    [1.959963984540054, 0.975],
    [2.326347874040841, 0.99],
    [3, 0.9986501019683699],
    [4, 0.9999683287581669],
    [6, 0.9999999990134123],
  ];

  it.each(table)('Φ(%d) = %d to the documented 1.2e-7', (z, expected) => {
    expect(Math.abs(normalCdf(z) - expected)).toBeLessThan(1.2e-7);
  });

  it.each(table.filter(([z]) => z < 0))(
    'keeps a relative error below 1.2e-7 in the lower tail, Φ(%d)',
    (z, expected) => {
      expect(Math.abs(normalCdf(z) - expected) / expected).toBeLessThan(1.2e-7);
    },
  );

  it('is symmetric, monotone and bounded', () => {
    for (let z = -8; z <= 8; z += 0.25) {
      // Exactly 1 only up to the approximation: Numerical Recipes' erfc(0) is 1.00000003.
      expect(Math.abs(normalCdf(z) + normalCdf(-z) - 1)).toBeLessThan(1.2e-7);
      expect(normalCdf(z + 0.25)).toBeGreaterThan(normalCdf(z));
      expect(normalCdf(z)).toBeGreaterThanOrEqual(0);
      expect(normalCdf(z)).toBeLessThanOrEqual(1);
    }
  });
});

describe('normalQuantile', () => {
  // Reference: scipy 1.17.1, scipy.stats.norm.ppf(p).
  const table: readonly [number, number][] = [
    [1e-10, -6.361340902404056],
    [1e-6, -4.753424308822899],
    [0.001, -3.090232306167813],
    [0.01, -2.3263478740408408],
    [0.02, -2.053748910631823],
    [0.02425, -1.972961051311885], // the boundary between Acklam's tail and central regions
    [0.025, -1.9599639845400545],
    [0.05, -1.6448536269514729],
    [0.1, -1.2815515655446004],
    [0.3, -0.5244005127080409],
    [0.5, 0],
    [0.7, 0.5244005127080407],
    [0.9, 1.2815515655446004],
    [0.95, 1.6448536269514722],
    [0.975, 1.959963984540054],
    [0.98, 2.0537489106318225],
    [0.99, 2.3263478740408408],
    [0.999, 3.090232306167813],
    [1 - 1e-6, 4.753424308817087],
  ];

  it.each(table)('Φ⁻¹(%d) = %d to 1e-7', (p, expected) => {
    expect(Math.abs(normalQuantile(p) - expected)).toBeLessThan(1e-7);
  });

  // Found by this test and fixed: a Halley refinement through normalCdf (good to 1.2e-7 only) spoiled
  // Acklam's 1.2e-9; the approximation alone meets it (checked against scipy: ≤ 1.13e-9 on this table).
  it('meets its documented relative error of 1.2e-9', () => {
    const off = table
      .filter(([p, expected]) => Math.abs(normalQuantile(p) - expected) > 1.2e-9 * Math.max(Math.abs(expected), 1))
      .map(([p]) => p);
    expect(off).toEqual([]);
  });

  it('round-trips normalCdf', () => {
    // normalCdf itself is good to 1.2e-7.
    for (let p = 0.001; p < 1; p += 0.001) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 7);
    for (let z = -6; z <= 6; z += 0.125) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 6);
  });

  it.each([0, 1, -0.1, 1.1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'throws a RangeError outside (0, 1): %d',
    (p) => {
      expect(() => normalQuantile(p)).toThrow(RangeError);
    },
  );
});

describe('median', () => {
  it.each<[number[], number]>([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[-1, -5, 10, 0], -0.5],
    [[2, 2, 2, 9], 2],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 5.5], // numeric, not lexicographic, order
  ])('median(%j) = %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('leaves its input alone', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('mannWhitney', () => {
  // R's ?wilcox.test example (Hollander & Wolfe, 1973, p. 69): permeability constants of the human
  // chorioamnion at term (x) and at 12 to 26 weeks (y).
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];
  // A long sample with many ties: x_i = (37·i mod 23)/4 + 1 for i < 30, y_j = (53·j mod 29)/4 for j < 40.
  const xLong = Array.from({ length: 30 }, (_, i) => ((i * 37) % 23) / 4 + 1);
  const yLong = Array.from({ length: 40 }, (_, j) => ((j * 53) % 29) / 4);

  // References, all from python3 with scipy 1.17.1 / numpy 2.4.6:
  // - u, p: scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='asymptotic', use_continuity=True)
  //   (statistic is U of x; tie-corrected variance);
  // - estimate: numpy.median of all pairwise differences x_i − y_j (Hodges-Lehmann);
  // - lower, upper: the large-sample order statistics of Hollander & Wolfe as the code uses them,
  //   C = floor(mn/2 − z_{1−α/2}·sqrt(mn(m+n+1)/12)) with z = scipy.stats.norm.ppf(1 − α/2), then with
  //   d = numpy.sort of the pairwise differences, lower = d[C], upper = d[mn−1−C] (0-based).
  const table: readonly [
    string,
    number[],
    number[],
    number,
    { u: number; p: number; estimate: number; lower: number; upper: number },
  ][] = [
    [
      'R ?wilcox.test example, 90 %',
      x,
      y,
      0.9,
      { u: 35, p: 0.24462360512698333, estimate: 0.305, lower: -0.08, upper: 0.72 },
    ],
    [
      'R ?wilcox.test example, 95 %',
      x,
      y,
      0.95,
      { u: 35, p: 0.24462360512698333, estimate: 0.305, lower: -0.15, upper: 0.76 },
    ],
    [
      'R ?wilcox.test example, 98 %',
      x,
      y,
      0.98,
      { u: 35, p: 0.24462360512698333, estimate: 0.305, lower: -0.17, upper: 0.9 },
    ],
    [
      'ties, 90 %',
      [1, 2, 2, 3, 3, 3, 4, 5],
      [2, 3, 3, 4, 4, 5, 5, 6, 7],
      0.9,
      { u: 17, p: 0.06935045438181722, estimate: -1, lower: -3, upper: 0 },
    ],
    [
      'ties, 98 %',
      [1, 2, 2, 3, 3, 3, 4, 5],
      [2, 3, 3, 4, 4, 5, 5, 6, 7],
      0.98,
      { u: 17, p: 0.06935045438181722, estimate: -1, lower: -3, upper: 0 },
    ],
    [
      'complete separation, x below, 95 %',
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12, 13],
      0.95,
      { u: 0, p: 0.0034052358212947604, estimate: -6.5, lower: -9, upper: -4 },
    ],
    [
      'complete separation, x below, 98 %',
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12, 13],
      0.98,
      { u: 0, p: 0.0034052358212947604, estimate: -6.5, lower: -10, upper: -3 },
    ],
    [
      'complete separation, x above, 95 %',
      [7, 8, 9, 10, 11, 12, 13],
      [1, 2, 3, 4, 5, 6],
      0.95,
      { u: 42, p: 0.0034052358212947604, estimate: 6.5, lower: 4, upper: 9 },
    ],
    [
      'shift with ties and a half-integer U, 90 %',
      [3, 4, 4, 5, 5, 5, 6, 6, 7, 8, 9, 9],
      [1, 2, 2, 3, 3, 4, 4, 4, 5, 6, 6, 7, 8],
      0.9,
      { u: 112.5, p: 0.06194807118677927, estimate: 2, lower: 0, upper: 3 },
    ],
    [
      'shift with ties and a half-integer U, 98 %',
      [3, 4, 4, 5, 5, 5, 6, 6, 7, 8, 9, 9],
      [1, 2, 2, 3, 3, 4, 4, 4, 5, 6, 6, 7, 8],
      0.98,
      { u: 112.5, p: 0.06194807118677927, estimate: 2, lower: 0, upper: 4 },
    ],
    [
      '30 against 40 with many ties, 95 %',
      xLong,
      yLong,
      0.95,
      { u: 616.5, p: 0.8492805993811581, estimate: 0, lower: -1, upper: 1 },
    ],
    [
      '30 against 40 with many ties, 98 %',
      xLong,
      yLong,
      0.98,
      { u: 616.5, p: 0.8492805993811581, estimate: 0, lower: -1, upper: 1.25 },
    ],
  ];

  it.each(table)('%s', (_, a, b, confidence, expected) => {
    const result = mannWhitney(a, b, confidence);
    expect(result.u).toBe(expected.u);
    // normalCdf is good to 1.2e-7, so the p-value is too.
    expect(result.pValue).toBeCloseTo(expected.p, 6);
    expect(result.estimate).toBeCloseTo(expected.estimate, 12);
    expect(result.lower).toBeCloseTo(expected.lower, 12);
    expect(result.upper).toBeCloseTo(expected.upper, 12);
  });

  it('is antisymmetric in its samples: U → mn − U, same p, shift and interval negated', () => {
    const forward = mannWhitney(x, y, 0.95);
    const backward = mannWhitney(y, x, 0.95);
    expect(backward.u).toBe(x.length * y.length - forward.u);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
    expect(backward.estimate).toBeCloseTo(-forward.estimate, 12);
    expect(backward.lower).toBeCloseTo(-forward.upper, 12);
    expect(backward.upper).toBeCloseTo(-forward.lower, 12);
  });

  it('shifting the first sample by δ shifts the estimate and the interval by δ', () => {
    const base = mannWhitney(x, y, 0.95);
    const shifted = mannWhitney(
      x.map((v) => v + 0.5),
      y,
      0.95,
    );
    expect(shifted.estimate).toBeCloseTo(base.estimate + 0.5, 10);
    expect(shifted.lower).toBeCloseTo(base.lower + 0.5, 10);
    expect(shifted.upper).toBeCloseTo(base.upper + 0.5, 10);
  });

  it('shifting both samples changes nothing but the location', () => {
    const base = mannWhitney(x, y, 0.95);
    const moved = mannWhitney(
      x.map((v) => v + 100),
      y.map((v) => v + 100),
      0.95,
    );
    expect(moved.u).toBe(base.u);
    expect(moved.pValue).toBe(base.pValue);
    expect(moved.estimate).toBeCloseTo(base.estimate, 10);
  });

  it('gives p = 1 and a zero shift when every value is the same, and no interval from so few points', () => {
    const result = mannWhitney([2, 2, 2], [2, 2, 2, 2], 0.98);
    expect(result).toEqual({ u: 6, pValue: 1, estimate: 0, lower: -Infinity, upper: Infinity });
    expect(mannWhitney([2, 2, 2, 2, 2, 2], [2, 2, 2, 2, 2, 2], 0.95)).toEqual({
      u: 18,
      pValue: 1,
      estimate: 0,
      lower: 0,
      upper: 0,
    });
  });

  it('widens the interval as the confidence grows', () => {
    const narrow = mannWhitney(x, y, 0.8);
    const wide = mannWhitney(x, y, 0.99);
    expect(wide.lower).toBeLessThanOrEqual(narrow.lower);
    expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper);
    expect(narrow.lower).toBeLessThanOrEqual(narrow.estimate);
    expect(narrow.upper).toBeGreaterThanOrEqual(narrow.estimate);
  });

  it('needs two non-empty samples', () => {
    expect(() => mannWhitney([], [1], 0.95)).toThrow(RangeError);
    expect(() => mannWhitney([1], [], 0.95)).toThrow(RangeError);
  });
});

describe('lag1Autocorrelation', () => {
  // Reference: numpy, d = v − v.mean(); (d[1:]·d[:−1]).sum() / (d·d).sum().
  it.each<[number[], number]>([
    [[1, 2, 3, 4, 5], 0.4],
    [[1, -1, 1, -1], -0.75],
    [[3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], -0.16071428571428573],
  ])('of %j is %d', (values, expected) => {
    expect(lag1Autocorrelation(values)).toBeCloseTo(expected, 12);
  });

  it('is near φ = 0.8 for an AR(1) series', () => {
    expect(lag1Autocorrelation(ar1(1, 5000, 0.8))).toBeCloseTo(0.8, 1);
    expect(Math.abs(lag1Autocorrelation(ar1(2, 5000, 0.8)) - 0.8)).toBeLessThan(0.03);
  });

  it('is near 0 for white noise', () => {
    // The sampling standard deviation is about 1/√n ≈ 0.014.
    for (const seed of [1, 2, 3]) expect(Math.abs(lag1Autocorrelation(ar1(seed, 5000, 0)))).toBeLessThan(0.05);
  });

  it('is 0 for a constant series and for fewer than 3 points', () => {
    expect(lag1Autocorrelation([7, 7, 7, 7, 7])).toBe(0);
    expect(lag1Autocorrelation([1, 2])).toBe(0);
    expect(lag1Autocorrelation([1])).toBe(0);
    expect(lag1Autocorrelation([])).toBe(0);
  });
});

describe('blockSize', () => {
  it('is ceil((1 + ρ)/(1 − ρ)) = ceil(1.8/0.2) = 9 for AR(1) with φ = 0.8, give or take sampling', () => {
    for (const seed of [1, 2, 3]) {
      const size = blockSize([ar1(seed, 2000, 0.8)]);
      expect(size).toBeGreaterThanOrEqual(7);
      expect(size).toBeLessThanOrEqual(11);
    }
  });

  // Found by this test and fixed: ceil((1 + ρ̂)/(1 − ρ̂)) is 2 for any ρ̂ > 0, and white noise has ρ̂ > 0 half
  // the time (sd ≈ 1/√n); blocks are now used only when ρ̂ is clearly above noise (2/√n).
  it('is 1 for white noise', () => {
    const doubled = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((seed) => blockSize([ar1(seed, 1000, 0)]) !== 1);
    expect(doubled).toEqual([]);
  });

  it('is 1 without positive autocorrelation', () => {
    expect(blockSize([[1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1]])).toBe(1);
    expect(blockSize([Array.from({ length: 100 }, () => 5)])).toBe(1);
    expect(blockSize([[1, 2]])).toBe(1);
  });

  it('follows the more autocorrelated series', () => {
    const alternating = Array.from({ length: 2000 }, (_, i) => (i % 2 ? 1 : -1));
    expect(blockSize([alternating, ar1(1, 2000, 0.8)])).toBe(blockSize([ar1(1, 2000, 0.8)]));
  });

  it('leaves at least 8 blocks in the shortest series', () => {
    const strong = ar1(1, 2000, 0.8);
    expect(blockSize([strong.slice(0, 40)])).toBe(5); // ρ̂ ≈ 0.8 wants 9, but 40 / 8 = 5
    expect(blockSize([strong, strong.slice(0, 24)])).toBe(3);
    expect(blockSize([strong.slice(0, 12)])).toBe(1); // fewer than 16 points: raw points
    // A ramp has ρ̂ ≈ 0.996, an infinite inflation in all but name: the cap decides.
    expect(blockSize([Array.from({ length: 800 }, (_, i) => i)])).toBe(100);
    expect(blockSize([Array.from({ length: 800 }, (_, i) => i)], 20)).toBe(40);
  });
});

describe('blockMeans', () => {
  it.each<[number[], number, number[]]>([
    [[1, 2, 3, 4, 5, 6, 7], 3, [2, 5]], // the last, shorter block (7) is dropped
    [[1, 2, 3, 4], 2, [1.5, 3.5]],
    [[1, 2, 3, 4, 5, 6, 7], 7, [4]],
    [[1, 2, 3, 4, 5, 6, 7], 10, [4]], // one short block only: it is kept
    [[2, 4, 6, 8, 10, 12, 14, 16, 18], 4, [5, 13]],
    [[1, 2, 3], 1, [1, 2, 3]],
    [[1, 2, 3], 0, [1, 2, 3]],
  ])('blockMeans(%j, %d) = %j', (values, size, expected) => {
    expect(blockMeans(values, size)).toEqual(expected);
  });

  it('returns a copy for size 1', () => {
    const values = [1, 2, 3];
    const means = blockMeans(values, 1);
    expect(means).not.toBe(values);
    means.push(4);
    expect(values).toEqual([1, 2, 3]);
  });
});

describe('blockVarianceInflation', () => {
  it('is 1 without autocorrelation and for single points, and grows with ρ', () => {
    expect(blockVarianceInflation(0, 10)).toBe(1);
    expect(blockVarianceInflation(0.5, 1)).toBeCloseTo(3, 6); // (1 + 0.5) / (1 − 0.5): no averaging, all of it left
    expect(blockVarianceInflation(0.5, 4)).toBeLessThan(blockVarianceInflation(0.5, 2));
  });

  it('matches the exact AR(1) correlation of neighbouring block means (ρ = 0.9, 15-point blocks: ρb ≈ 0.3995)', () => {
    // Reference: numpy, summing the autocovariances ρ^|i−j| over the two blocks directly:
    // Cov = 56.7548, Var = 142.0604, ρb = 0.39951, inflation (1 + ρb)/(1 − ρb) = 2.33062.
    expect(blockVarianceInflation(0.9, 15)).toBeCloseTo(2.33062, 4);
  });

  it('never blinds the test to a level shift: ρ beyond 0.9 counts as 0.9, the inflation stays ≤ 3', () => {
    expect(blockVarianceInflation(0.999, 15)).toBe(blockVarianceInflation(0.9, 15));
    expect(blockVarianceInflation(0.999, 2)).toBeLessThanOrEqual(3);
  });
});
