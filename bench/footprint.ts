/**
 * bench:footprint — what one Kanaria pod costs, to size deploy/base/deployment.yaml's requests and limits.
 *
 * Kanaria runs as it does in the image: the compiled `node dist/src/main.js` (built first), HTTP mode, jobs on
 * their own thread, against a real Redis, a real bare git remote and a fake Slack Web API. The baseline, in the
 * same run, is a bare Bolt app that only acks. Each process is measured idle (BENCH_IDLE_SECONDS after it is
 * ready), then through a burst of BENCH_COMMANDS signed `/deploy`s (BENCH_RATE per second, over 20 apps) until
 * Kanaria has committed them all. Memory is the resident set of the process and its children (git), sampled
 * every 50 ms, as a container's memory limit counts it; CPU is user + system time, children included.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { freePort, startPrivateRedis } from '../src/adapters/redis.js';
import { FakeSlack } from '../test/helpers/fake-slack.js';
import { GitRemote } from '../test/helpers/git-remote.js';
import { deployment } from '../test/helpers/harness.js';
import { postSigned, slashCommand } from '../test/helpers/slack-requests.js';
import { envNumber, median, printResult, progress, round, sleep, waitUntil } from './lib/util.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const IDLE_SECONDS = envNumber('BENCH_IDLE_SECONDS', 10);
const COMMANDS = envNumber('BENCH_COMMANDS', 300);
const RATE = envNumber('BENCH_RATE', 50);
const SECRET = 'footprint-signing-secret';
const APPS = Array.from({ length: 20 }, (_, i) => `app-${i}`);
const PAGE = 4096;
const TICKS = 100; // USER_HZ on Linux

/** Resident KiB and CPU ticks of a process and all its descendants, from /proc. */
function usage(pid: number): { rssKiB: number; ticks: number } {
  let rssKiB = 0;
  let ticks = 0;
  const visit = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime (fields 14–17; 3 is the first after the name); rss in pages (field 24).
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      rssKiB += (Number(fields[21]) * PAGE) / 1024;
      for (const task of readdirSync(`/proc/${p}/task`)) {
        for (const child of readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) visit(Number(child));
      }
    } catch {
      // The process (a short-lived git) ended while we looked.
    }
  };
  visit(pid);
  return { rssKiB, ticks };
}

interface Measured {
  readonly idle_rss_mib: number;
  readonly peak_rss_mib: number;
  readonly after_rss_mib: number;
  readonly cpu_ms_per_command: number;
}

async function measure(name: string, child: ChildProcess, port: number, done: () => boolean): Promise<Measured> {
  const pid = child.pid!;
  for (let ready = false; !ready; await sleep(100)) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
  }
  progress(`${name}: idle for ${IDLE_SECONDS} s`);
  const idle: number[] = [];
  for (const end = Date.now() + IDLE_SECONDS * 1000; Date.now() < end; await sleep(50)) idle.push(usage(pid).rssKiB);

  progress(`${name}: ${COMMANDS} /deploys at ${RATE}/s`);
  const before = usage(pid).ticks;
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, usage(pid).rssKiB);
      await sleep(50);
    }
  })();
  const sends: Promise<unknown>[] = [];
  const start = Date.now();
  for (let i = 0; i < COMMANDS; i++) {
    await sleep(Math.max(0, start + (i * 1000) / RATE - Date.now()));
    const body = slashCommand('/deploy', `${APPS[i % APPS.length]} nginx:1.27.${i}`, { responseUrl: `http://127.0.0.1:1/unused/${i}` });
    sends.push(postSigned(port, SECRET, body).then((r) => r.status === 200 || Promise.reject(new Error(`${name}: HTTP ${r.status}`))));
  }
  await Promise.all(sends);
  await waitUntil(`${name} to finish its work`, done, 120_000, 100);
  sampling = false;
  await sampler;
  const cpuMs = ((usage(pid).ticks - before) * 1000) / TICKS;
  await sleep(1_000);
  const mib = (kib: number) => round(kib / 1024);
  return { idle_rss_mib: mib(median(idle)), peak_rss_mib: mib(peak), after_rss_mib: mib(usage(pid).rssKiB), cpu_ms_per_command: round(cpuMs / COMMANDS, 2) };
}

/** A Kubernetes memory quantity (Mi or Gi, as deploy/ writes them) in MiB. */
function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity} in deploy/base/deployment.yaml`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const BARE_BOLT = `
import { App, HTTPReceiver } from '@slack/bolt';
const receiver = new HTTPReceiver({ signingSecret: process.env.SECRET, customRoutes: [{ path: '/readyz', method: ['GET'], handler: (_q, s) => { s.writeHead(200); s.end('ok'); } }] });
const app = new App({ token: 'xoxb-bare', receiver, botId: 'B0', botUserId: 'U0' });
app.command(/.*/, async ({ ack }) => ack('ok'));
await app.start(Number(process.env.PORT));
`;

const dir = mkdtempSync(join(tmpdir(), 'kanaria-footprint-'));
const slack = new FakeSlack();
const remote = new GitRemote().seed(Object.fromEntries(APPS.map((a) => [`apps/${a}/deployment.yaml`, deployment(a, 'nginx:1.25.0')])));
const redis = await startPrivateRedis();
try {
  progress('building (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  await slack.start();
  slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com' });
  writeFileSync(join(dir, 'kanaria.yaml'), `apps:\n${APPS.map((a) => `  ${a}: { manifest: apps/${a}/deployment.yaml, container: web }`).join('\n')}\npolicies:\n  default: { deploy: ["*"] }\n`);
  const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], SECRET };

  const boltPort = await freePort();
  const bolt = spawn(process.execPath, ['--input-type=module', '-e', BARE_BOLT], { cwd: root, env: { ...env, PORT: String(boltPort) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const bare = await measure('bare Bolt', bolt, boltPort, () => true);
  await stop(bolt);

  const port = await freePort();
  const commits = remote.log().length;
  const kanaria = spawn(process.execPath, [join(root, 'dist/src/main.js')], {
    cwd: dir,
    env: { ...env, KANARIA_CONFIG: join(dir, 'kanaria.yaml'), KANARIA_WORKDIR: join(dir, 'work'), PORT: String(port), SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-footprint', SLACK_API_URL: slack.apiUrl, REDIS_URL: redis.url, GITOPS_REPO_URL: remote.bare, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let checked = 0;
  const kanariaUse = await measure('Kanaria', kanaria, port, () => {
    // Reading the remote's log costs a git process: look every 10th poll.
    if (++checked % 10) return false;
    return remote.log().length >= commits + COMMANDS;
  });
  await stop(kanaria);

  const container = (parse(readFileSync(join(root, 'deploy/base/deployment.yaml'), 'utf8')) as { spec: { template: { spec: { containers: { resources: { requests: { memory: string }; limits: { memory: string } } }[] } } } }).spec.template.spec.containers[0]!.resources;
  const request = mebibytes(container.requests.memory);
  const limit = mebibytes(container.limits.memory);
  printResult({
    benchmark: 'footprint',
    commands: COMMANDS,
    rate_per_s: RATE,
    kanaria: kanariaUse,
    bare_bolt: bare,
    ratios: {
      idle_rss_vs_bare_bolt: round(kanariaUse.idle_rss_mib / bare.idle_rss_mib, 2),
      peak_rss_vs_bare_bolt: round(kanariaUse.peak_rss_mib / bare.peak_rss_mib, 2),
      cpu_per_command_vs_bare_bolt: round(kanariaUse.cpu_ms_per_command / bare.cpu_ms_per_command, 1),
    },
    deployment: {
      memory_request_mib: request,
      memory_limit_mib: limit,
      idle_over_request: round(kanariaUse.idle_rss_mib / request, 2),
      peak_over_limit: round(kanariaUse.peak_rss_mib / limit, 2),
    },
  });
} finally {
  await slack.stop();
  await redis.stop();
  remote.remove();
  rmSync(dir, { recursive: true, force: true });
}
