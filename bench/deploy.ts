/**
 * bench:deploy — how fast a `/deploy` reaches the GitOps remote, against plain simple-git in the same run.
 *
 * (i) BENCH_DEPLOYS (20) sequential deploys of one app through signed HTTP: time from sending the command to
 *     the commit landing on the bare remote (seen by watching its ref, then checked with git), and to
 *     Kanaria's "Pushed" reply. Baseline, taken in turns with them: one simple-git commit + push of the same
 *     one-line change to a bare repo of its own.
 * (ii) BENCH_BURST_ROUNDS (3) rounds of 50 concurrent deploys to 50 apps of one repo: all must land, in few
 *     pushes (Kanaria's own push counter at GET /metrics), soon. Baseline: 50 commits then 1 push.
 *
 * Read-only probes time Kanaria's phases (HTTP → enqueued → picked up → announced → git → pushed) and
 * every git command it runs, so a missed target comes with what dominates.
 */
import type { Job } from 'bullmq';
import { gitopsJobId, type GitopsJob } from '../src/queues/gitops.js';
import type { BullJobQueue } from '../src/adapters/bull-queue.js';
import { deployment, startHarness, type Harness } from '../test/helpers/harness.js';
import { PlainGitClone } from './lib/plain-git.js';
import { KanariaProbe, totalsByCommand } from './lib/probe.js';
import { RefWatcher } from './lib/ref-watch.js';
import { counter, envNumber, median, percentile, printResult, progress, round, waitUntil } from './lib/util.js';

const DEPLOYS = envNumber('BENCH_DEPLOYS', 20);
const BURST_ROUNDS = envNumber('BENCH_BURST_ROUNDS', 3);
const BURST_APPS = 50;
const TARGET = { medianAckToCommitMs: 500, burstPushes: 5, burstMs: 3000 };

const appName = (i: number) => `app-${String(i + 1).padStart(2, '0')}`;
const manifestOf = (app: string) => `apps/${app}/deployment.yaml`;

function harnessFor(apps: readonly string[]): Promise<Harness> {
  const config = [
    'gitops: { branch: main }',
    'apps:',
    ...apps.flatMap((app) => [
      `  ${app}:`,
      '    environment: staging',
      `    manifest: ${manifestOf(app)}`,
      '    container: web',
    ]),
    'policies:',
    '  default: { deploy: ["*"], promote: ["*"] }',
  ].join('\n');
  return startHarness({ files: filesFor(apps, 'nginx:1.25.0'), config });
}

const filesFor = (apps: readonly string[], image: string): Record<string, string> =>
  Object.fromEntries(apps.map((app) => [manifestOf(app), deployment(app, image)]));

/** Kanaria's record of the job behind a request (BullMQ keeps finished jobs a day). */
async function jobOf(h: Harness, triggerId: string): Promise<Job<GitopsJob>> {
  const queue = (h.kanaria.deps.queues.gitops as BullJobQueue<GitopsJob>).queue;
  const job = (await queue.getJob(gitopsJobId(triggerId))) as Job<GitopsJob> | undefined;
  if (!job) throw new Error(`no job for ${triggerId}`);
  return job;
}

async function sendDeploy(h: Harness, app: string, image: string, triggerId: string): Promise<void> {
  const ack = await h.command('/deploy', `${app} ${image}`, { triggerId });
  if (ack.status !== 200 || !ack.text.startsWith('Queued'))
    throw new Error(`/deploy ${app} ${image} was not queued: ${ack.status} ${ack.text}`);
}

// ---------------------------------------------------------------- (i) one deploy at a time

interface DeployRun {
  readonly ackMs: number;
  readonly commitMs: number;
  readonly replyMs: number;
  /** Consecutive phases from sending to the commit on the remote; they add up to commitMs. */
  readonly phases: Record<'http_to_enqueued' | 'queue_wait' | 'announce' | 'git_to_remote', number>;
  /** Milliseconds per git subcommand between `submit` and the commit on the remote. */
  readonly git: Record<string, number>;
}

async function timedDeploy(h: Harness, probe: KanariaProbe, watcher: RefWatcher, n: number): Promise<DeployRun> {
  const app = appName(0);
  const image = `nginx:1.27.${n}`;
  const triggerId = `${Date.now()}.${n}.sequential`;
  const mark = watcher.changes.length;
  const sent = Date.now();
  await sendDeploy(h, app, image, triggerId);
  const acked = Date.now();
  const landed = await watcher.next(mark);
  const reply = await waitUntil(
    'the "Pushed" reply',
    () =>
      probe.posts.find(
        (p) =>
          p.at >= sent &&
          p.threadTs !== undefined &&
          p.text.startsWith('Pushed') &&
          p.text.includes(landed.sha.slice(0, 7)),
      ),
    15_000,
  );
  await h.kanaria.drained();
  // Checked only now: git runs synchronously here and would hold up Kanaria's event loop mid-deploy.
  if (!h.remote.show(manifestOf(app), landed.sha).includes(`image: ${image} `))
    throw new Error(`push ${landed.sha} does not carry ${image}`);

  const job = await jobOf(h, triggerId);
  const submitted = probe.submits.get(triggerId)?.start ?? Number.NaN;
  const git = Object.fromEntries(
    Object.entries(totalsByCommand(probe.gitBetween(submitted, landed.at))).map(([name, t]) => [name, t.ms]),
  );
  return {
    ackMs: acked - sent,
    commitMs: landed.at - sent,
    replyMs: reply.at - sent,
    phases: {
      http_to_enqueued: job.timestamp - sent,
      queue_wait: (job.processedOn ?? Number.NaN) - job.timestamp,
      announce: submitted - (job.processedOn ?? Number.NaN),
      git_to_remote: landed.at - submitted,
    },
    git,
  };
}

/** Median of each key over runs (keys missing from a run count as 0). */
function medians(records: readonly Record<string, number>[]): Record<string, number> {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(keys.map((k) => [k, round(median(records.map((r) => r[k] ?? 0)))]));
}

async function sequentialDeploys() {
  const app = appName(0);
  const h = await harnessFor([app]);
  const probe = new KanariaProbe(h.kanaria);
  const watcher = new RefWatcher(h.remote.bare);
  const plain = await PlainGitClone.create(filesFor([app], 'nginx:1.25.0'));
  try {
    // Warm-up, not counted: Kanaria clones the repo on first use; both sides warm their caches.
    await plain.commitEachThenPush([{ path: manifestOf(app), text: deployment(app, 'nginx:1.26.0') }]);
    await timedDeploy(h, probe, watcher, 0);

    const runs: DeployRun[] = [];
    const plainMs: number[] = [];
    for (let n = 1; n <= DEPLOYS; n++) {
      // Taken in turns, so both see the same moments of a noisy machine.
      plainMs.push(
        await plain.commitEachThenPush([{ path: manifestOf(app), text: deployment(app, `nginx:1.27.${n}`) }]),
      );
      const run = await timedDeploy(h, probe, watcher, n);
      runs.push(run);
      progress(
        `deploy ${n}/${DEPLOYS}: ack ${run.ackMs} ms, on the remote after ${run.commitMs} ms, "Pushed" reply after ${run.replyMs} ms (plain simple-git: ${plainMs.at(-1)} ms)`,
      );
    }

    const commit = runs.map((r) => r.commitMs);
    const medianCommit = median(commit);
    return {
      deploys: DEPLOYS,
      ack_ms_p50: median(runs.map((r) => r.ackMs)),
      ack_to_commit_ms: { p50: medianCommit, p95: percentile(commit, 95), max: percentile(commit, 100) },
      ack_to_pushed_reply_ms: {
        p50: median(runs.map((r) => r.replyMs)),
        p95: percentile(
          runs.map((r) => r.replyMs),
          95,
        ),
      },
      baseline_plain_commit_push_ms: { p50: median(plainMs), p95: percentile(plainMs, 95) },
      ratio_median: round(medianCommit / median(plainMs), 2),
      phases_median_ms: medians(runs.map((r) => r.phases)),
      git_median_ms_per_deploy: medians(runs.map((r) => r.git)),
      ref_changes_missed_by_watch: watcher.missedByWatch,
      target_median_ms: TARGET.medianAckToCommitMs,
      pass: medianCommit <= TARGET.medianAckToCommitMs,
    };
  } finally {
    watcher.close();
    plain.remove();
    await h.stop();
  }
}

// ---------------------------------------------------------------- (ii) 50 deploys at once

interface BurstRun {
  readonly landed: number;
  readonly pushes: number;
  readonly rejectedPushes: number;
  readonly failedJobs: number;
  /** From the first request to the push that brought the last of the 50 changes to the remote. */
  readonly totalMs: number;
  readonly acksDoneMs: number;
  /** Each push seen on the remote: when (after the first request) and how many commits it brought. */
  readonly pushTimeline: { atMs: number; commits: number }[];
  readonly gitMs: Record<string, { count: number; ms: number }>;
}

async function burst(
  h: Harness,
  probe: KanariaProbe,
  watcher: RefWatcher,
  apps: readonly string[],
  roundNo: number,
): Promise<BurstRun> {
  const image = `nginx:1.27.${roundNo}`;
  const [okBefore, rejectedBefore, failedBefore] = await Promise.all([
    counter(h, 'kanaria_git_pushes_total', 'outcome="ok"'),
    counter(h, 'kanaria_git_pushes_total', 'outcome="rejected"'),
    counter(h, 'kanaria_jobs_total', 'outcome="failed"'),
  ]);
  const seed = watcher.head;
  const mark = watcher.changes.length;
  const sent = Date.now();
  await Promise.all(apps.map((app, i) => sendDeploy(h, app, image, `${sent}.${roundNo}.${i}.burst`)));
  const acksDone = Date.now();
  await h.kanaria.drained(60_000);

  // After the fact (git runs synchronously here): which push completed the set, and what each brought.
  const pushes = watcher.changes.slice(mark);
  const changedSinceSeed = (sha: string) =>
    h.remote.git(h.remote.bare, 'diff', '--name-only', seed, sha).split('\n').filter(Boolean).length;
  const complete = pushes.find((p) => changedSinceSeed(p.sha) >= apps.length);
  const landed = apps.filter((app) => h.remote.show(manifestOf(app)).includes(`image: ${image} `)).length;
  const pushTimeline = pushes.map((p, i) => ({
    atMs: p.at - sent,
    commits: Number(
      h.remote.git(h.remote.bare, 'rev-list', '--count', `${i === 0 ? seed : pushes[i - 1]?.sha}..${p.sha}`).trim(),
    ),
  }));
  const [okAfter, rejectedAfter, failedAfter] = await Promise.all([
    counter(h, 'kanaria_git_pushes_total', 'outcome="ok"'),
    counter(h, 'kanaria_git_pushes_total', 'outcome="rejected"'),
    counter(h, 'kanaria_jobs_total', 'outcome="failed"'),
  ]);
  return {
    landed,
    pushes: okAfter - okBefore,
    rejectedPushes: rejectedAfter - rejectedBefore,
    failedJobs: failedAfter - failedBefore,
    totalMs: complete ? complete.at - sent : Number.NaN,
    acksDoneMs: acksDone - sent,
    pushTimeline,
    gitMs: totalsByCommand(probe.gitBetween(sent, complete?.at ?? Date.now())),
  };
}

async function concurrentDeploys() {
  const apps = Array.from({ length: BURST_APPS }, (_, i) => appName(i));
  const h = await harnessFor(apps);
  const probe = new KanariaProbe(h.kanaria);
  const watcher = new RefWatcher(h.remote.bare);
  const plain = await PlainGitClone.create(filesFor(apps, 'nginx:1.25.0'));
  try {
    // Warm-up, not counted: the first deploy clones the repo and fills Kanaria's caches.
    const mark = watcher.changes.length;
    await sendDeploy(h, apps[0] as string, 'nginx:1.26.0', `${Date.now()}.warmup`);
    await watcher.next(mark);
    await h.kanaria.drained();

    const runs: BurstRun[] = [];
    const plainMs: number[] = [];
    for (let r = 1; r <= BURST_ROUNDS; r++) {
      plainMs.push(
        await plain.commitEachThenPush(
          apps.map((app) => ({ path: manifestOf(app), text: deployment(app, `nginx:1.27.${r}`) })),
        ),
      );
      const run = await burst(h, probe, watcher, apps, r);
      runs.push(run);
      progress(
        `burst ${r}/${BURST_ROUNDS}: ${run.landed}/${BURST_APPS} landed in ${run.totalMs} ms with ${run.pushes} pushes (${run.rejectedPushes} rejected), acks done after ${run.acksDoneMs} ms; pushes at ${run.pushTimeline.map((p) => `${p.atMs} ms (${p.commits} commits)`).join(', ')} (plain simple-git: ${plainMs.at(-1)} ms)`,
      );
    }

    const totalMedian = median(runs.map((r) => r.totalMs));
    const allLanded = runs.every((r) => r.landed === BURST_APPS && r.failedJobs === 0);
    const maxPushes = Math.max(...runs.map((r) => r.pushes));
    return {
      apps: BURST_APPS,
      rounds: BURST_ROUNDS,
      landed: runs.map((r) => r.landed),
      pushes: runs.map((r) => r.pushes),
      rejected_pushes: runs.map((r) => r.rejectedPushes),
      failed_jobs: runs.map((r) => r.failedJobs),
      total_ms: runs.map((r) => r.totalMs),
      total_ms_median: totalMedian,
      acks_done_ms: runs.map((r) => r.acksDoneMs),
      push_timeline: runs.map((r) => r.pushTimeline),
      baseline_50_commits_1_push_ms: plainMs,
      baseline_ms_median: median(plainMs),
      ratio_median: round(totalMedian / median(plainMs), 2),
      git_in_window_by_round: runs.map((r) =>
        Object.fromEntries(Object.entries(r.gitMs).map(([name, t]) => [name, { n: t.count, ms: t.ms }])),
      ),
      ref_changes_missed_by_watch: watcher.missedByWatch,
      target: { all_land: true, max_pushes: TARGET.burstPushes, max_ms: TARGET.burstMs },
      pass: allLanded && maxPushes <= TARGET.burstPushes && totalMedian <= TARGET.burstMs,
    };
  } finally {
    watcher.close();
    plain.remove();
    await h.stop();
  }
}

async function main(): Promise<void> {
  progress(`(i) ${DEPLOYS} sequential deploys, each in turn with a plain simple-git commit + push`);
  const sequential = await sequentialDeploys();
  progress(
    `(ii) ${BURST_ROUNDS} rounds of ${BURST_APPS} concurrent deploys to ${BURST_APPS} apps, each in turn with 50 plain commits + 1 push`,
  );
  const concurrent = await concurrentDeploys();
  printResult({ bench: 'deploy', sequential, concurrent, pass: sequential.pass && concurrent.pass });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
