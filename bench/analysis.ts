/**
 * bench:analysis — how fast and how right the canary judge is.
 *
 * (i) Speed: BENCH_RUNS (20) verdicts of 5 metrics over a 30-minute window at a 15 s step (120 points per
 *     side), median time; the same `judge` that `npm run verdict` and the analysis job use.
 * (ii) Accuracy: BENCH_CANARIES (400, half good, half bad) synthetic canaries with known labels. Every
 *     series is AR(1) noise (φ = 0.7, as scraped rates and quantiles are: each point shares most of its
 *     window with the last) around a level that the window's load moves for canary and stable alike
 *     (−10 % to +25 %, as traffic does over a day); a good canary differs from stable by at most ±2 % of level
 *     (different pods are never identical), a bad one has one metric just past what the operator allows
 *     (errors ×1.7 with 1.5 allowed, p50 and p99 +15 % with 10 % allowed, success rate −0.5 point with
 *     −0.3 allowed, CPU +30 % with 20 % allowed). Reported: false pass rate (bad judged pass) and false
 *     fail rate (good judged fail), next to a fixed-threshold check as Argo Rollouts' AnalysisTemplates
 *     do it on the same data: one measurement a minute of the canary alone against a threshold halfway
 *     between the good and the bad level, failing after more than `failureLimit` breaches — the limit that
 *     makes the fewest errors on a separate calibration set of canaries: the baseline at its best.
 */
import { judge, type MetricInput } from '../src/domain/verdict.js';
import { ar1, rng } from '../test/helpers/synthetic.js';
import { envNumber, median, printResult, round } from './lib/util.js';

const RUNS = envNumber('BENCH_RUNS', 20);
const CANARIES = envNumber('BENCH_CANARIES', 400);
const POINTS = 120; // 30 minutes at 15 s
const PHI = 0.7;
/** Judge settings to try (defaults: the judge's own). */
const OPTIONS = {
  ...(process.env['BENCH_CONFIDENCE'] && { confidence: Number(process.env['BENCH_CONFIDENCE']) }),
  ...(process.env['BENCH_TOLERANCE'] && { tolerance: Number(process.env['BENCH_TOLERANCE']) }),
};

/** AR(1) series around `level` with marginal standard deviation `sd`, as Prometheus points 15 s apart. */
const series = (random: () => number, level: number, sd: number): [number, number][] =>
  ar1(random, POINTS, { mean: level, sd, phi: PHI }).map((v, i) => [1_700_000_000 + 15 * i, v]);

interface MetricSpec {
  readonly name: string;
  readonly direction: MetricInput['direction'];
  readonly level: number;
  readonly sd: number;
  /** The bad canary's level. */
  readonly bad: number;
  /** What the operator allows (canary/stable mean ratio) and the fixed threshold of the baseline check. */
  readonly allowed: number;
  readonly threshold: number;
  readonly critical?: boolean;
}

// Bad levels just past what the operator allows; the baseline's thresholds halfway between the good and the
// bad level: the best a fixed threshold can be set knowing both.
const METRICS: readonly MetricSpec[] = [
  {
    name: 'success-rate',
    direction: 'decrease',
    level: 0.995,
    sd: 0.002,
    bad: 0.99,
    allowed: 0.997,
    threshold: 0.9925,
    critical: true,
  },
  { name: 'error-rate', direction: 'increase', level: 0.005, sd: 0.001, bad: 0.0085, allowed: 1.5, threshold: 0.00675 },
  { name: 'latency-p50', direction: 'increase', level: 0.1, sd: 0.005, bad: 0.115, allowed: 1.1, threshold: 0.1075 },
  { name: 'latency-p99', direction: 'increase', level: 0.5, sd: 0.08, bad: 0.575, allowed: 1.1, threshold: 0.5375 },
  { name: 'cpu', direction: 'either', level: 0.3, sd: 0.04, bad: 0.39, allowed: 1.2, threshold: 0.345 },
];

function canary(seed: number, bad: boolean): MetricInput[] {
  const random = rng(seed);
  const worse = bad ? Math.floor(random() * METRICS.length) : -1;
  // Traffic moves canary and stable together: this window's load puts every level 10 % below to 25 %
  // above nominal (the success rate loses up to 0.2 point when busy). A fixed threshold sees only this.
  const load = 0.9 + random() * 0.35;
  return METRICS.map((spec, i) => {
    const atLoad = (level: number) => (spec.direction === 'decrease' ? level - (load - 0.9) * 0.006 : level * load);
    // A good canary's level differs by up to ±3 % (or ±0.1 point for the success rate).
    const offset = spec.direction === 'decrease' ? (random() * 2 - 1) * 0.001 : spec.level * (random() * 0.06 - 0.03);
    const level = i === worse ? spec.bad : spec.level + offset;
    const allowance =
      spec.direction === 'decrease'
        ? { allowedDecrease: spec.allowed }
        : { allowedIncrease: spec.allowed, allowedDecrease: 1 / spec.allowed };
    return {
      name: spec.name,
      direction: spec.direction,
      critical: spec.critical ?? false,
      ...allowance,
      canary: series(random, atLoad(level), spec.sd),
      stable: series(random, atLoad(spec.level), spec.sd),
    };
  });
}

/** Argo Rollouts-style: a measurement a minute of the canary alone against a fixed threshold. */
function thresholdCheck(metrics: readonly MetricInput[], failureLimit: number): 'pass' | 'fail' {
  const failed = metrics.some((metric, i) => {
    const spec = METRICS[i] as MetricSpec;
    const measurements = metric.canary.filter((_, k) => k % 4 === 3).map((p) => p[1]);
    const breaches = measurements.filter((v) =>
      spec.direction === 'decrease'
        ? v < spec.threshold
        : spec.direction === 'increase'
          ? v > spec.threshold
          : Math.abs(v - spec.level) > spec.threshold - spec.level,
    ).length;
    return breaches > failureLimit;
  });
  return failed ? 'fail' : 'pass';
}

// (i) speed
const sample = canary(1, false);
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  judge(sample, OPTIONS);
  times.push(performance.now() - started);
}

// The baseline at its best: the failureLimit with the fewest errors on other canaries than those judged below.
const calibration = Array.from({ length: CANARIES }, (_, i) => ({
  bad: i % 2 === 1,
  metrics: canary(900_000 + i, i % 2 === 1),
}));
const errorsAt = (limit: number) =>
  calibration.filter((c) => (thresholdCheck(c.metrics, limit) === 'fail') !== c.bad).length;
const failureLimit = Array.from({ length: 30 }, (_, limit) => limit).reduce(
  (best, limit) => (errorsAt(limit) < errorsAt(best) ? limit : best),
  0,
);

// (ii) accuracy
let bad = 0;
let good = 0;
const ours = { falsePass: 0, falseFail: 0, inconclusive: 0, inconclusiveOnBad: 0, detected: 0 };
const baseline = { falsePass: 0, falseFail: 0, detected: 0 };
for (let i = 0; i < CANARIES; i++) {
  const isBad = i % 2 === 1;
  const metrics = canary(1000 + i, isBad);
  const verdict = judge(metrics, OPTIONS).verdict;
  const fixed = thresholdCheck(metrics, failureLimit);
  if (isBad) {
    bad++;
    if (verdict === 'pass') ours.falsePass++;
    if (verdict === 'inconclusive') ours.inconclusiveOnBad++;
    if (verdict === 'fail') ours.detected++;
    if (fixed === 'pass') baseline.falsePass++;
    else baseline.detected++;
  } else {
    good++;
    if (verdict === 'fail') ours.falseFail++;
    if (verdict === 'inconclusive') ours.inconclusive++;
    if (fixed === 'fail') baseline.falseFail++;
  }
}

const TARGET = { verdictMs: 2000, falsePassRate: 0.05, falseFailRate: 0.1 };
const result = {
  bench: 'analysis',
  verdictMs: { median: round(median(times), 2), runs: RUNS },
  canaries: CANARIES,
  falsePassRate: round(ours.falsePass / bad, 3),
  falseFailRate: round(ours.falseFail / good, 3),
  inconclusiveRateOnGood: round(ours.inconclusive / good, 3),
  // Neither passed nor failed: a person decides (autopilot does nothing). Not an error, not a detection either.
  inconclusiveRateOnBad: round(ours.inconclusiveOnBad / bad, 3),
  detectionRate: round(ours.detected / bad, 3),
  baseline: {
    name: `fixed threshold, 1 measurement/min, failureLimit ${failureLimit} (the best on a calibration set)`,
    falsePassRate: round(baseline.falsePass / bad, 3),
    falseFailRate: round(baseline.falseFail / good, 3),
    detectionRate: round(baseline.detected / bad, 3),
  },
  target: TARGET,
};
/** How many times fewer errors than the baseline (Infinity when ours made none). */
const fewer = (theirs: number, mine: number): number | string =>
  mine === 0 ? (theirs === 0 ? 1 : 'no errors of ours') : round(theirs / mine, 1);
printResult({
  ...result,
  meetsTarget:
    result.verdictMs.median < TARGET.verdictMs &&
    result.falsePassRate <= TARGET.falsePassRate &&
    result.falseFailRate <= TARGET.falseFailRate,
  betterThanBaseline:
    result.falsePassRate + result.falseFailRate < result.baseline.falsePassRate + result.baseline.falseFailRate,
  vsBaseline: {
    falsePassesFewer: fewer(baseline.falsePass, ours.falsePass),
    falseFailsFewer: fewer(baseline.falseFail, ours.falseFail),
    detectionRatio: round(result.detectionRate / result.baseline.detectionRate, 2),
  },
});
