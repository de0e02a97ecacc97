/**
 * bench:ack — slash-command ack latency over signed HTTP, Kanaria against a bare Bolt app that only acks.
 *
 * Both servers run in this process; an open-loop generator in a child process sends `/deploy web
 * nginx:1.27.<n>` at BENCH_RATE (100) per second, every request with its own body, trigger id and
 * signature. The targets take turns (Bolt, Kanaria, …, twice round), BENCH_SECONDS (30) per target in
 * all, so drift of the machine hits them alike. Kanaria takes the real path: its signature guard and
 * Redis replay store, the dispatcher and policy, and a BullMQ enqueue; its workers commit every deploy to
 * a real bare git remote meanwhile, on their own thread as in one process (KANARIA_ROLE=all, jobThread).
 * After a Kanaria turn we wait for that backlog to drain, so it never runs during another target's turn.
 *
 * A third, diagnostic target is Kanaria with its gitops queue paused: the same ack path with no background
 * work, which tells whether a slow ack comes from the path itself or from the workers beside it. Its jobs
 * are discarded afterwards, and it does not count for the target. A fourth, also diagnostic, is the split
 * the Deployments run: a receiver here and a worker in a process of its own (at nice 10, on the same cores,
 * with a Redis and a remote of its own); it tells whether a process boundary alone helps the ack.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN_FROM_SOURCE } from '../test/helpers/cli.js';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { App, HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';
import { pino } from 'pino';
import { freePort, startPrivateRedis, type PrivateRedis } from '../src/adapters/redis.js';
import type { GitopsJob } from '../src/queues/gitops.js';
import { parseConfig } from '../src/boot/config-file.js';
import { startKanaria, type Kanaria } from '../src/boot/start.js';
import { GitRemote } from '../test/helpers/git-remote.js';
import type { BullJobQueue } from '../src/adapters/bull-queue.js';
import { deployment, SIGNING_SECRET, startHarness, type Harness, ONE_APP_CONFIG } from '../test/helpers/harness.js';
import { runLoad, type LoadResult } from './lib/load.js';
import { KanariaProbe, recordRequestDurations } from './lib/probe.js';
import { counter, envNumber, printResult, progress, round, summarize } from './lib/util.js';

const SECONDS = envNumber('BENCH_SECONDS', 30);
const RATE = envNumber('BENCH_RATE', 100);
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 2);
const TARGET_P99_RATIO = 1.5;

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

type TargetName = 'bolt' | 'kanaria' | 'kanaria_workers_paused' | 'kanaria_receiver';

interface Target {
  readonly name: TargetName;
  /** The Kanaria behind it, when not the harness's own (the receiver of the split setup). */
  readonly owner?: { readonly kanaria: Kanaria; readonly probe: KanariaProbe };
  readonly url: string;
  /** Server-side durations of its requests, appended as they finish. */
  readonly serverMs: number[];
  /** Text every answer must contain (Kanaria's "Queued" ack; an error reply is a 200 too). */
  readonly expect?: string;
}

/** The baseline: Bolt 5 with its HTTPReceiver and one command handler that only acks. */
async function startBareBolt(): Promise<{ server: Server; url: string; stop: () => Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', logger: silent });
  const app = new App({
    signingSecret: SIGNING_SECRET,
    token: 'xoxb-test-token',
    botId: 'BBARE',
    botUserId: 'UBARE',
    receiver,
    logger: silent,
  });
  app.command('/deploy', async ({ ack }) => {
    await ack();
  });
  const server = await receiver.start(0);
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop().then(() => undefined) };
}

interface Turn {
  readonly target: TargetName;
  readonly load: LoadResult;
  /** Event-loop delay of this process (where all servers run), 1 ms sampling interval included. */
  readonly eventLoopP99Ms: number;
  readonly eventLoopMaxMs: number;
  /** Git commands Kanaria's workers ran (each a child process spawned from this process's event loop). */
  readonly gitCommands: number;
  readonly serverMs: number[];
  readonly dispatchMs: number[];
  readonly enqueueMs: number[];
  readonly drainMs?: number;
}

/** Takes what an array gained since `mark()` was called. */
const since = (values: number[]) => {
  let from = values.length;
  return { mark: () => (from = values.length), taken: () => values.slice(from) };
};

async function runTurn(
  target: Target,
  seconds: number,
  firstN: number,
  h: Harness,
  harnessProbe: KanariaProbe,
): Promise<Turn> {
  const { kanaria, probe } = target.owner ?? { kanaria: h.kanaria, probe: harnessProbe };
  const queue = (kanaria.deps.queues.gitops as BullJobQueue<GitopsJob>).queue;
  if (target.name === 'kanaria_workers_paused') await queue.pause();
  const server = since(target.serverMs);
  const dispatch = since(probe.dispatchMs);
  const enqueue = since(probe.enqueueMs);
  let gitAtStart = probe.gitCommands.length;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const onMeasuring = () => {
    // Warm-up over: server-side figures start from here, like the generator's.
    [server, dispatch, enqueue].forEach((s) => s.mark());
    gitAtStart = probe.gitCommands.length;
    loop.reset();
  };
  const load = await runLoad(
    {
      url: target.url,
      signingSecret: SIGNING_SECRET,
      rate: RATE,
      seconds,
      warmupSeconds: WARMUP_SECONDS,
      command: '/deploy',
      text: 'web nginx:1.27.{n}',
      firstN,
      responseUrl: h.slack.responseUrl('bench'),
      ...(target.expect !== undefined && { expect: target.expect }),
    },
    onMeasuring,
  );
  loop.disable();
  const turn: Turn = {
    target: target.name,
    load,
    eventLoopP99Ms: round(loop.percentile(99) / 1e6),
    eventLoopMaxMs: round(loop.max / 1e6),
    gitCommands: probe.gitCommands.length - gitAtStart,
    serverMs: server.taken(),
    dispatchMs: target.name === 'bolt' ? [] : dispatch.taken(),
    enqueueMs: target.name === 'bolt' ? [] : enqueue.taken(),
  };
  const s = summarize(load.latenciesMs);
  progress(
    `${target.name}: p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms, non-2xx ${load.non2xx}, errors ${load.errors}, unexpected ${load.unexpected}, event loop p99 ${turn.eventLoopP99Ms} ms, git commands ${turn.gitCommands}`,
  );

  if (target.name === 'kanaria_workers_paused') {
    // Diagnostic deploys: throw them away rather than commit them.
    await queue.obliterate({ force: true });
    await queue.resume();
  } else if (target.name === 'kanaria' || target.name === 'kanaria_receiver') {
    // The deploys just acked are still being committed; let that finish before the next turn.
    const drainStart = Date.now();
    const drained = await kanaria.drained(600_000);
    const drainMs = Date.now() - drainStart;
    progress(`${target.name}: backlog ${drained ? 'drained' : 'NOT drained'} in ${drainMs} ms`);
    return { ...turn, drainMs };
  }
  return turn;
}

const p50p99 = (values: readonly number[]) => {
  const s = summarize(values, 2);
  return { p50: s.p50, p99: s.p99 };
};

function report(turns: readonly Turn[], name: TargetName) {
  const mine = turns.filter((t) => t.target === name);
  const sum = (count: (t: Turn) => number) => mine.reduce((n, t) => n + count(t), 0);
  const s = summarize(
    mine.flatMap((t) => t.load.latenciesMs),
    2,
  );
  return {
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    max: s.max,
    requests: s.n,
    non2xx: sum((t) => t.load.non2xx),
    errors: sum((t) => t.load.errors),
    unexpected: sum((t) => t.load.unexpected),
    p99_by_turn: mine.map((t) => summarize(t.load.latenciesMs, 2).p99),
    // Where the time goes: inside the server's handler vs. waiting before it; and in Kanaria, the dispatcher and the enqueue.
    server_ms: p50p99(mine.flatMap((t) => t.serverMs)),
    ...(name !== 'bolt' && {
      dispatch_ms: p50p99(mine.flatMap((t) => t.dispatchMs)),
      enqueue_ms: p50p99(mine.flatMap((t) => t.enqueueMs)),
    }),
    generator_max_send_lag_ms: round(Math.max(...mine.map((t) => t.load.maxSendLagMs)), 2),
    event_loop_p99_ms: mine.map((t) => t.eventLoopP99Ms),
    event_loop_max_ms: mine.map((t) => t.eventLoopMaxMs),
    git_commands_per_s: mine.map((t) => round(t.gitCommands / (SECONDS / 2))),
  };
}

/**
 * The split setup the Deployments run (KANARIA_ROLE): a receiver in this process, a worker in a process of its
 * own at nice 10 (as the job thread runs), on a Redis and a git remote of their own so that the other targets'
 * workers never see these deploys.
 */
async function startSplit(h: Harness): Promise<{
  receiver: Kanaria;
  worker: ChildProcess;
  redis: PrivateRedis;
  remote: GitRemote;
  stop: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'kanaria-bench-split-'));
  const redis = await startPrivateRedis();
  const remote = new GitRemote().seed({ 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') });
  writeFileSync(join(dir, 'kanaria.yaml'), ONE_APP_CONFIG);
  const worker = spawn('nice', ['-n', '10', process.execPath, ...MAIN_FROM_SOURCE], {
    cwd: dir,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      KANARIA_ROLE: 'worker',
      KANARIA_CONFIG: join(dir, 'kanaria.yaml'),
      KANARIA_WORKDIR: join(dir, 'work'),
      PORT: String(await freePort()),
      REDIS_URL: redis.url,
      GITOPS_REPO_URL: remote.bare,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: h.slack.apiUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const receiver = await startKanaria({
    config: parseConfig(ONE_APP_CONFIG, 'kanaria.yaml'),
    logger: pino({ level: 'silent' }),
    redisUrl: redis.url,
    role: 'receiver',
    port: 0,
    slack: {
      botToken: 'xoxb-test-token',
      apiUrl: h.slack.apiUrl,
      botId: 'BKANARIA',
      botUserId: 'UKANARIA',
      signingSecret: SIGNING_SECRET,
    },
  });
  return {
    receiver,
    worker,
    redis,
    remote,
    async stop() {
      await receiver.stop();
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
      await redis.stop();
      remote.remove();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let split: Awaited<ReturnType<typeof startSplit>> | undefined;

async function main(): Promise<void> {
  progress(`ack latency: ${RATE} req/s, ${SECONDS} s per target in two turns, ${WARMUP_SECONDS} s warm-up per turn`);
  const bolt = await startBareBolt();
  const h = await startHarness({
    files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
    config: ONE_APP_CONFIG,
    kanaria: { jobThread: true },
  });
  const probe = new KanariaProbe(h.kanaria);
  try {
    const kanariaUrl = `http://127.0.0.1:${h.port}/slack/events`;
    const kanariaServerMs = recordRequestDurations(h.kanaria.server as Server);
    split = await startSplit(h);
    const targets: Target[] = [
      { name: 'bolt', url: bolt.url, serverMs: recordRequestDurations(bolt.server) },
      { name: 'kanaria', url: kanariaUrl, serverMs: kanariaServerMs, expect: 'Queued: deploy' },
      { name: 'kanaria_workers_paused', url: kanariaUrl, serverMs: kanariaServerMs, expect: 'Queued: deploy' },
      {
        name: 'kanaria_receiver',
        url: `http://127.0.0.1:${split.receiver.port}/slack/events`,
        serverMs: recordRequestDurations(split.receiver.server as Server),
        expect: 'Queued: deploy',
        owner: { kanaria: split.receiver, probe: new KanariaProbe(split.receiver) },
      },
    ];
    const turns: Turn[] = [];
    let firstN = 1000;
    for (const target of [...targets, ...targets]) {
      progress(`${target.name}: ${SECONDS / 2} s at ${RATE} req/s`);
      const turn = await runTurn(target, SECONDS / 2, firstN, h, probe);
      firstN += turn.load.sent;
      turns.push(turn);
    }

    // Sanity: every Kanaria ack (warm-up included) was a real enqueue that ended as a commit on the remote.
    const deploysSent = turns.filter((t) => t.target === 'kanaria').reduce((n, t) => n + t.load.sent, 0);
    const commits = Number(h.remote.git(h.remote.bare, 'rev-list', '--count', 'main').trim()) - 1;

    const boltReport = report(turns, 'bolt');
    const kanariaReport = report(turns, 'kanaria');
    const pausedReport = report(turns, 'kanaria_workers_paused');
    const receiverReport = report(turns, 'kanaria_receiver');
    const receiverSent = turns.filter((t) => t.target === 'kanaria_receiver').reduce((n, t) => n + t.load.sent, 0);
    const receiverCommits = Number(split.remote.git(split.remote.bare, 'rev-list', '--count', 'main').trim()) - 1;
    const p99Ratio = round(kanariaReport.p99 / boltReport.p99, 2);
    const pass =
      p99Ratio <= TARGET_P99_RATIO &&
      kanariaReport.non2xx === 0 &&
      kanariaReport.errors === 0 &&
      kanariaReport.unexpected === 0;
    printResult({
      bench: 'ack',
      rate: RATE,
      seconds: SECONDS,
      warmup_seconds_per_turn: WARMUP_SECONDS,
      order: turns.map((t) => t.target),
      bolt: boltReport,
      kanaria: {
        ...kanariaReport,
        drain_ms_after_turn: turns.flatMap((t) => (t.drainMs !== undefined ? [t.drainMs] : [])),
        deploys_sent: deploysSent,
        jobs_completed: await counter(h, 'kanaria_jobs_total', 'outcome="completed"'),
        jobs_failed: await counter(h, 'kanaria_jobs_total', 'outcome="failed"'),
        commits_on_remote: commits,
        pushes: await counter(h, 'kanaria_git_pushes_total', 'outcome="ok"'),
      },
      diagnostic_kanaria_workers_paused: { ...pausedReport, p99_ratio: round(pausedReport.p99 / boltReport.p99, 2) },
      // The Deployments' setup: the worker in a process of its own (here on the same 2 cores, at nice 10).
      kanaria_receiver_with_worker_process: {
        ...receiverReport,
        p99_ratio: round(receiverReport.p99 / boltReport.p99, 2),
        deploys_sent: receiverSent,
        commits_on_remote: receiverCommits,
      },
      p50_ratio: round(kanariaReport.p50 / boltReport.p50, 2),
      p99_ratio: p99Ratio,
      target_p99_ratio: TARGET_P99_RATIO,
      pass,
    });
  } finally {
    await split?.stop();
    await h.stop();
    await bolt.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
