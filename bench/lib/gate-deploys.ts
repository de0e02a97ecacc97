import { performance } from 'node:perf_hooks';
import type { Harness } from '../../test/helpers/harness.js';
import { deployment, startHarness } from '../../test/helpers/harness.js';
import { sloStatus } from '../../src/domain/slo/budget.js';
import type { SloReadings, SloSpec } from '../../src/domain/slo/types.js';
import { RefWatcher } from './ref-watch.js';
import { counter, percentile, progress, round, summarize, type Summary } from './util.js';

/**
 * Part 2 of bench:slo: what the error-budget gate adds to a `/deploy`. Two apps of one Kanaria name the same SLO
 * (30 days, raw errors/total queries): `gated` is in production with `errorBudget: enforce`, `ungated` in staging
 * with `errorBudget: off` (the baseline: the worker does not ask Prometheus). The SLO is healthy, so every gated
 * deploy is read, passes and is committed. Deploys go through signed HTTP one at a time, the two apps in turns.
 */

export const GATED_SLO_SELECTOR = 'rollouts_pod_template_hash="api"';

const CONFIG = `
gitops: { branch: main }
slos:
  api-availability:
    objective: 99.9
    window: 30d
    sli:
      errors: (sum(rate(http_requests_total{${GATED_SLO_SELECTOR},code=~"5.."}[{{window}}])) or vector(0))
      total: sum(rate(http_requests_total{${GATED_SLO_SELECTOR}}[{{window}}]))
apps:
  gated: { environment: production, manifest: apps/gated/deployment.yaml, container: web, slo: api-availability }
  ungated: { environment: staging, manifest: apps/ungated/deployment.yaml, container: web, slo: api-availability }
policies:
  production: { deploy: ["*"], errorBudget: enforce, errorBudgetUnknown: deny }
  staging: { deploy: ["*"], errorBudget: "off" }
`;

const GATED_SLO_SPEC: SloSpec = { name: 'api-availability', objective: 99.9, windowSeconds: 30 * 86_400 };

type AppName = 'gated' | 'ungated';
const APPS: readonly AppName[] = ['ungated', 'gated'];
const manifestOf = (app: AppName) => `apps/${app}/deployment.yaml`;

interface DeployTiming {
  /** Sending the slash command → its HTTP response (performance.now, sub-millisecond). */
  readonly ackMs: number;
  /** The HTTP response → the commit on the bare remote (seen by the ref watch). */
  readonly ackToCommitMs: number;
}

export interface GateDeploysResult {
  readonly deploys: number;
  readonly ackMs: Comparison & { readonly unchanged: boolean };
  readonly ackToCommitMs: Comparison;
  /** Inside the gated deploys: the gate's read of the SLO from Prometheus (all windows, in parallel). */
  readonly gateReadMs: Summary;
  readonly gatePassed: number;
  /** The gated SLO as the last of those reads found it. */
  readonly budgetRemaining: number | null;
  readonly firing: readonly string[];
}

interface Comparison {
  readonly off: Summary;
  readonly gate: Summary;
  /** Medians, gate ÷ off. */
  readonly ratio: number;
  /** Medians, gate − off, and the same of the p95s. */
  readonly addedMs: number;
  readonly addedP95Ms: number;
}

function compare(off: readonly number[], gate: readonly number[], digits = 1): Comparison {
  const [o, g] = [summarize(off, digits), summarize(gate, digits)];
  return {
    off: o,
    gate: g,
    ratio: round(g.p50 / o.p50, 2),
    addedMs: round(g.p50 - o.p50, digits),
    addedP95Ms: round(g.p95 - o.p95, digits),
  };
}

/** Times every read of an SLO the worker makes, and keeps the last readings (the read itself is unchanged). */
function watchSloReads(h: Harness): { durations: number[]; last?: SloReadings } {
  const slo = h.kanaria.jobDeps?.slo;
  if (!slo) throw new Error('the worker has no SLO source: is prometheusUrl set and the jobs on this thread?');
  const seen: { durations: number[]; last?: SloReadings } = { durations: [] };
  const read = slo.read.bind(slo);
  slo.read = async (...args) => {
    const start = performance.now();
    try {
      return (seen.last = await read(...args));
    } finally {
      seen.durations.push(performance.now() - start);
    }
  };
  return seen;
}

async function timedDeploy(h: Harness, watcher: RefWatcher, app: AppName, n: number): Promise<DeployTiming> {
  const image = `nginx:1.27.${n}`;
  const mark = watcher.changes.length;
  const sent = performance.now();
  const ack = await h.command('/deploy', `${app} ${image}`, { triggerId: `${Date.now()}.${n}.${app}` });
  const ackMs = performance.now() - sent;
  const acked = Date.now();
  if (ack.status !== 200 || !ack.text.startsWith('Queued'))
    throw new Error(`/deploy ${app} ${image} was not queued: ${ack.status} ${ack.text}`);
  const landed = await watcher.next(mark);
  // The job still updates the announcement after the push: the next deploy starts from a quiet Kanaria.
  await h.kanaria.drained();
  if (!h.remote.show(manifestOf(app), landed.sha).includes(`image: ${image} `))
    throw new Error(`push ${landed.sha} does not carry ${image} for ${app}`);
  return { ackMs, ackToCommitMs: landed.at - acked };
}

/** Whether the gated median ack lies within the ungated acks' interquartile range: inside their own noise. */
const withinNoise = (off: readonly number[], gateMedian: number): boolean =>
  gateMedian >= percentile(off, 25) && gateMedian <= percentile(off, 75);

export async function gatedVersusUngated(prometheusUrl: string, deploys: number): Promise<GateDeploysResult> {
  const h = await startHarness({
    files: Object.fromEntries(APPS.map((app) => [manifestOf(app), deployment(app, 'nginx:1.25.0')])),
    config: CONFIG,
    kanaria: { prometheusUrl },
  });
  const watcher = new RefWatcher(h.remote.bare);
  try {
    const reads = watchSloReads(h);
    // Warm-up, not counted: the first deploy clones the repository; both paths warm their caches.
    for (const app of APPS) await timedDeploy(h, watcher, app, 0);
    const readsBefore = reads.durations.length;
    const passedBefore = await counter(h, 'kanaria_error_budget_gate_total', 'outcome="pass"');

    const runs: Record<AppName, DeployTiming[]> = { gated: [], ungated: [] };
    for (let n = 1; n <= deploys; n++) {
      // In turns (the order swapped every round), so both see the same moments of a noisy machine.
      for (const app of n % 2 === 0 ? [...APPS].reverse() : APPS) {
        const run = await timedDeploy(h, watcher, app, n);
        runs[app].push(run);
      }
      const [off, gate] = [runs.ungated.at(-1), runs.gated.at(-1)];
      progress(
        `deploy ${n}/${deploys}: ack ${round(off?.ackMs ?? NaN)} ms off, ${round(gate?.ackMs ?? NaN)} ms gated; ` +
          `ack → commit ${off?.ackToCommitMs} ms off, ${gate?.ackToCommitMs} ms gated`,
      );
    }
    const gatePassed = (await counter(h, 'kanaria_error_budget_gate_total', 'outcome="pass"')) - passedBefore;
    // Each gated deploy must have been read and passed, and no ungated one read: else the comparison is void.
    const readCount = reads.durations.length - readsBefore;
    if (gatePassed !== deploys || readCount !== deploys)
      throw new Error(`expected ${deploys} gated reads and passes, got ${readCount} reads and ${gatePassed} passes`);
    const status = reads.last && sloStatus(GATED_SLO_SPEC, reads.last);

    const ackOff = runs.ungated.map((r) => r.ackMs);
    const ack = compare(
      ackOff,
      runs.gated.map((r) => r.ackMs),
      2,
    );
    return {
      deploys,
      ackMs: { ...ack, unchanged: withinNoise(ackOff, ack.gate.p50) },
      ackToCommitMs: compare(
        runs.ungated.map((r) => r.ackToCommitMs),
        runs.gated.map((r) => r.ackToCommitMs),
      ),
      gateReadMs: summarize(reads.durations.slice(readsBefore)),
      gatePassed,
      budgetRemaining: status?.budgetRemaining === undefined ? null : round(status.budgetRemaining, 4),
      firing: status?.firing ?? [],
    };
  } finally {
    watcher.close();
    await h.stop();
  }
}
