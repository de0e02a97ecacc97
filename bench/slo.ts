/**
 * bench:slo — how long the error-budget gate takes to decide for one app, from a real Prometheus, and what it adds
 * to a `/deploy`.
 *
 * A Prometheus (Debian's package) starts on 30 days of history for two services, backfilled into its TSDB with
 * `promtool tsdb create-blocks-from openmetrics` (a sample a minute of `http_requests_total` by code, 100 requests
 * a second each). `web`: 0.05 % failing, a 2-hour incident at 3 % ten days ago, 2 % failing over the last hour (a
 * page-level burn). `api`: 0.05 % failing throughout, from a pod that stopped when the backfill ends; its
 * successor is a live prom-client pod with no errors, scraped every second (an SLI summed over pods, as after a
 * rollout). Both SLOs: 99.9 % over 30 days, the SLI as raw errors/total queries (the heaviest form: every window,
 * including the 30-day one, is computed from raw samples).
 *
 * Part 1, BENCH_RUNS (50) times, interleaved, for `web`: (i) the gate's decision — PrometheusSloSource.read (one
 * instant query per burn window and one for the SLO window, in parallel) + sloStatus + budgetGate; (ii) the same 8
 * queries by hand with bare fetch, one after another; (iii) the same, all at once. Medians and p95 in ms; the
 * target (TARGETS.md) is a median under 100 ms.
 *
 * Part 2 (bench/lib/gate-deploys.ts), BENCH_DEPLOYS (20) sequential `/deploy`s through signed HTTP to each of two
 * apps naming the `api` SLO, in turns: one in an environment with `errorBudget: enforce` (healthy: read, passed,
 * committed), one with `errorBudget: off` (the baseline). The ack (HTTP response) and ack → commit on the bare
 * remote, medians and p95, gate ÷ off and gate − off. The gate runs in the worker: the ack must not move.
 */
import { HttpPrometheus } from '../src/adapters/prometheus.js';
import { PrometheusSloSource, rawRatioQuery, type SloDefinition } from '../src/adapters/slo-source.js';
import { sloStatus } from '../src/domain/slo/budget.js';
import { budgetGate } from '../src/domain/slo/gate.js';
import { BURN_WINDOWS } from '../src/domain/slo/types.js';
import { burnWindowSeconds, promDuration } from '../src/domain/slo/windows.js';
import { startMetricsApp } from '../test/helpers/metrics-app.js';
import { hasPrometheus, startPrometheus } from '../test/helpers/prometheus.js';
import { GATED_SLO_SELECTOR, gatedVersusUngated } from './lib/gate-deploys.js';
import { envNumber, printResult, progress, round, summarize } from './lib/util.js';

const RUNS = envNumber('BENCH_RUNS', 50);
const DEPLOYS = envNumber('BENCH_DEPLOYS', 20);
const DAYS = 30;
const STEP = 60;
const RATE = 100; // requests a second

const SLO: SloDefinition = {
  objective: 99.9,
  window: '30d',
  sli: {
    errors: 'sum(rate(http_requests_total{job="web",code=~"5.."}[{{window}}]))',
    total: 'sum(rate(http_requests_total{job="web"}[{{window}}]))',
  },
};

/** Labels of the `api` pod that stopped when the backfill ends (the live one is scraped with the same hash). */
const API_OLD_POD = `job="apps",instance="10.0.0.7:8080",${GATED_SLO_SELECTOR}`;

/** A service's cumulative request counters, ok and failed, a sample a minute over the 30 days ending at `end`. */
function counters(end: number, labels: string, errorRatio: (t: number) => number): string[] {
  const ok: string[] = [];
  const failed: string[] = [];
  let [good, bad] = [0, 0];
  for (let t = end - DAYS * 86_400; t <= end; t += STEP) {
    const served = RATE * STEP;
    const errors = Math.round(served * errorRatio(t));
    [good, bad] = [good + served - errors, bad + errors];
    ok.push(`http_requests_total{${labels},code="200"} ${good} ${t}`);
    failed.push(`http_requests_total{${labels},code="500"} ${bad} ${t}`);
  }
  return [...ok, ...failed];
}

/** 30 days of both services' counters as OpenMetrics, ending at `end`. */
function history(end: number): string {
  const web = (t: number): number => {
    if (t > end - 3600) return 0.02;
    if (t > end - 10 * 86_400 && t <= end - 10 * 86_400 + 7200) return 0.03;
    return 0.0005;
  };
  const lines = [...counters(end, 'job="web"', web), ...counters(end, API_OLD_POD, () => 0.0005)];
  return `# TYPE http_requests counter\n${lines.join('\n')}\n# EOF\n`;
}

/** Part 1: the gate's decision for `web` at the backfill's end, against the same queries by hand. */
async function decisionTimes(prometheusUrl: string, now: number) {
  const source = new PrometheusSloSource(new HttpPrometheus(prometheusUrl));
  const spec = { name: 'web-availability', objective: SLO.objective, windowSeconds: DAYS * 86_400 };
  const queries = [
    rawRatioQuery(SLO, promDuration(spec.windowSeconds)),
    ...BURN_WINDOWS.map((w) => rawRatioQuery(SLO, promDuration(burnWindowSeconds(w, spec)))),
  ];
  const byHand = (query: string) =>
    fetch(new URL('api/v1/query', `${prometheusUrl}/`), {
      method: 'POST',
      body: new URLSearchParams({ query, time: String(now) }),
    }).then((r) => r.json());
  const decide = async () => {
    const readings = await source.read(spec.name, SLO, now);
    return budgetGate({
      mode: 'enforce',
      unknown: 'deny',
      direction: 'forward',
      checks: [sloStatus(spec, readings)],
    });
  };

  // One untimed round of each warms Prometheus' caches of the blocks (as a running server's would be).
  const first = await decide();
  await Promise.all(queries.map(byHand));
  const gate: number[] = [];
  const sequential: number[] = [];
  const parallel: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now();
    await decide();
    gate.push(performance.now() - t);
    t = performance.now();
    for (const query of queries) await byHand(query);
    sequential.push(performance.now() - t);
    t = performance.now();
    await Promise.all(queries.map(byHand));
    parallel.push(performance.now() - t);
  }
  const status = first.statuses[0];
  const summary = {
    gate: summarize(gate),
    byHandSequential: summarize(sequential),
    byHandParallel: summarize(parallel),
  };
  progress(
    `decision: ${first.kind}${'reasons' in first ? ` (${first.reasons.map((r) => r.kind).join(', ')})` : ''}; ` +
      `budget left ${round((status?.budgetRemaining ?? NaN) * 100)} %, firing ${status?.firing.join(', ') || 'none'}`,
  );
  progress(
    `gate p50 ${summary.gate.p50} ms (p95 ${summary.gate.p95}); by hand: sequential p50 ` +
      `${summary.byHandSequential.p50} ms, parallel p50 ${summary.byHandParallel.p50} ms`,
  );
  return {
    runs: RUNS,
    queries: queries.length,
    historyDays: DAYS,
    decision: first.kind,
    budgetRemaining: status?.budgetRemaining === undefined ? null : round(status.budgetRemaining, 4),
    firing: status?.firing ?? [],
    gateMs: summary.gate,
    byHandSequentialMs: summary.byHandSequential,
    byHandParallelMs: summary.byHandParallel,
    gateOverParallel: round(summary.gate.p50 / summary.byHandParallel.p50, 2),
    target: { medianMs: 100, met: summary.gate.p50 < 100 },
  };
}

async function main(): Promise<void> {
  if (!hasPrometheus()) throw new Error('bench:slo needs prometheus and promtool (apt-get install prometheus)');
  // Whole minutes, a little in the past: the newest backfilled sample is "now" for every reading of part 1.
  const now = Math.floor(Date.now() / 1000 / 60) * 60 - 120;
  const apiPod = await startMetricsApp({ hash: 'api', latencyMs: 20 });
  progress(`backfilling ${DAYS} days of history (a sample a minute) into a fresh TSDB`);
  const started = performance.now();
  const prometheus = await startPrometheus([apiPod.target], ['--storage.tsdb.retention.time=400d'], {
    backfill: history(now),
  }).catch(async (error: unknown) => {
    await apiPod.stop();
    throw error;
  });
  progress(`prometheus ready in ${round((performance.now() - started) / 1000)} s`);
  try {
    const decision = await decisionTimes(prometheus.url, now);
    progress(`part 2: ${DEPLOYS} /deploys to an app with errorBudget: enforce, in turns with ${DEPLOYS} with it off`);
    const deploy = await gatedVersusUngated(prometheus.url, DEPLOYS);
    const { ackMs: ack, ackToCommitMs: commit } = deploy;
    progress(
      `ack p50 ${ack.gate.p50} ms gated vs ${ack.off.p50} ms off (${ack.ratio}×, ${ack.unchanged ? 'unchanged' : 'MOVED'}); ` +
        `ack → commit p50 ${commit.gate.p50} ms vs ${commit.off.p50} ms (${commit.ratio}×, +${commit.addedMs} ms); ` +
        `the gate's read p50 ${deploy.gateReadMs.p50} ms (budget left ${round((deploy.budgetRemaining ?? NaN) * 100)} %)`,
    );
    printResult({ bench: 'slo', ...decision, deploy });
  } finally {
    await prometheus.stop();
    await apiPod.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
