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
import { root } from '../test/helpers/cli.js';
import { parseAllDocuments } from 'yaml';
import { freePort, startPrivateRedis } from '../src/adapters/redis.js';
import { FakeSlack } from '../test/helpers/fake-slack.js';
import { GitRemote } from '../test/helpers/git-remote.js';
import { deployment } from '../test/helpers/harness.js';
import { postSigned, slashCommand } from '../test/helpers/slack-requests.js';
import { envNumber, median, printResult, progress, round, sleep, waitUntil } from './lib/util.js';

const IDLE_SECONDS = envNumber('BENCH_IDLE_SECONDS', 10);
const COMMANDS = envNumber('BENCH_COMMANDS', 300);
const RATE = envNumber('BENCH_RATE', 50);
const SECRET = 'footprint-signing-secret';
const APPS = Array.from({ length: 20 }, (_, i) => `app-${i}`);
const TICKS = 100; // USER_HZ on Linux

/** Resident KiB and CPU ticks of a process and all its descendants, from /proc. */
function usage(pid: number): { rssKiB: number; ticks: number } {
  let rssKiB = 0;
  let ticks = 0;
  const visit = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime (fields 14–17; 3 is the first after the name).
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      // VmRSS is in kB whatever the page size (stat's rss counts pages, 4 KiB on some kernels, 64 KiB on others).
      rssKiB += Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        for (const child of readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').split(' ').filter(Boolean))
          visit(Number(child));
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

interface Target {
  readonly name: string;
  readonly child: ChildProcess;
  readonly port: number;
}

async function ready(target: Target): Promise<void> {
  for (let up = false; !up; await sleep(100)) {
    if (target.child.exitCode !== null) throw new Error(`${target.name} exited with ${target.child.exitCode}`);
    up = await fetch(`http://127.0.0.1:${target.port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
  }
}

/** Idle, then the burst sent to `entry`, until `done`; each of `targets` measured on its own. */
async function measure(
  label: string,
  targets: Target[],
  entry: Target,
  done: () => boolean,
): Promise<Record<string, Measured>> {
  for (const target of targets) await ready(target);
  progress(`${label}: idle for ${IDLE_SECONDS} s`);
  const idle = targets.map(() => [] as number[]);
  for (const end = Date.now() + IDLE_SECONDS * 1000; Date.now() < end; await sleep(50))
    targets.forEach((t, i) => idle[i]!.push(usage(t.child.pid!).rssKiB));

  progress(`${label}: ${COMMANDS} /deploys at ${RATE}/s`);
  const before = targets.map((t) => usage(t.child.pid!).ticks);
  const peak = targets.map(() => 0);
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      targets.forEach((t, i) => (peak[i] = Math.max(peak[i]!, usage(t.child.pid!).rssKiB)));
      await sleep(50);
    }
  })();
  const sends: Promise<unknown>[] = [];
  const start = Date.now();
  for (let i = 0; i < COMMANDS; i++) {
    await sleep(Math.max(0, start + (i * 1000) / RATE - Date.now()));
    const body = slashCommand('/deploy', `${APPS[i % APPS.length]} nginx:1.27.${i}`, {
      responseUrl: `http://127.0.0.1:1/unused/${i}`,
    });
    sends.push(
      postSigned(entry.port, SECRET, body).then(
        (r) => r.status === 200 || Promise.reject(new Error(`${label}: HTTP ${r.status}`)),
      ),
    );
  }
  await Promise.all(sends);
  await waitUntil(`${label} to finish its work`, done, 120_000, 100);
  sampling = false;
  await sampler;
  const cpuMs = targets.map((t, i) => ((usage(t.child.pid!).ticks - before[i]!) * 1000) / TICKS);
  await sleep(1_000);
  const mib = (kib: number) => round(kib / 1024);
  return Object.fromEntries(
    targets.map((t, i) => [
      t.name,
      {
        idle_rss_mib: mib(median(idle[i]!)),
        peak_rss_mib: mib(peak[i]!),
        after_rss_mib: mib(usage(t.child.pid!).rssKiB),
        cpu_ms_per_command: round(cpuMs[i]! / COMMANDS, 2),
      },
    ]),
  );
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
const remote = new GitRemote().seed(
  Object.fromEntries(APPS.map((a) => [`apps/${a}/deployment.yaml`, deployment(a, 'nginx:1.25.0')])),
);
const redis = await startPrivateRedis();
try {
  progress('building (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  await slack.start();
  slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com' });
  writeFileSync(
    join(dir, 'kanaria.yaml'),
    `apps:\n${APPS.map((a) => `  ${a}: { manifest: apps/${a}/deployment.yaml, container: web }`).join('\n')}\npolicies:\n  default: { deploy: ["*"] }\n`,
  );
  const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], SECRET };

  // The bare Bolt app is evaluated from the repository's root, where its `@slack/bolt` import resolves.
  const launch = async (
    name: string,
    args: string[],
    extra: Record<string, string | undefined>,
    cwd = dir,
  ): Promise<Target> => {
    const port = await freePort();
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...env, PORT: String(port), ...extra },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return { name, child, port };
  };
  const kanariaEnv = (role: string) => ({
    KANARIA_ROLE: role,
    KANARIA_CONFIG: join(dir, 'kanaria.yaml'),
    KANARIA_WORKDIR: join(dir, `work-${role}`),
    SLACK_BOT_TOKEN: 'xoxb-footprint',
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: redis.url,
    LOG_LEVEL: 'warn',
    ...(role !== 'worker' && { SLACK_SIGNING_SECRET: SECRET }),
    ...(role !== 'receiver' && { GITOPS_REPO_URL: remote.bare }),
  });
  const main = join(root, 'dist/src/main.js');
  /** Every commit of the burst is on the remote (reading its log costs a git process: look every 10th poll). */
  const allCommitted = () => {
    const target = remote.log().length + COMMANDS;
    let polls = 0;
    return () => ++polls % 10 === 0 && remote.log().length >= target;
  };

  const bolt = await launch('bare_bolt', ['--input-type=module', '-e', BARE_BOLT], {}, root);
  const bare = (await measure('bare Bolt', [bolt], bolt, () => true))['bare_bolt']!;
  await stop(bolt.child);

  const all = await launch('all', [main], kanariaEnv('all'));
  const together = (await measure('Kanaria, one process', [all], all, allCommitted()))['all']!;
  await stop(all.child);

  const worker = await launch('worker', [main], kanariaEnv('worker'));
  const receiver = await launch('receiver', [main], kanariaEnv('receiver'));
  const split = await measure('Kanaria, receiver + worker', [receiver, worker], receiver, allCommitted());
  await Promise.all([stop(receiver.child), stop(worker.child)]);

  type Resources = { requests: { memory: string }; limits: { memory: string } };
  const deployments = parseAllDocuments(readFileSync(join(root, 'deploy/base/deployment.yaml'), 'utf8')).map(
    (d) =>
      d.toJS() as {
        metadata: { name: string };
        spec: { template: { spec: { containers: { resources: Resources }[] } } };
      },
  );
  const against = (measured: Measured, deploymentName: string) => {
    const { resources } = deployments.find((d) => d.metadata.name === deploymentName)!.spec.template.spec
      .containers[0]!;
    const request = mebibytes(resources.requests.memory);
    const limit = mebibytes(resources.limits.memory);
    return {
      ...measured,
      memory_request_mib: request,
      memory_limit_mib: limit,
      idle_over_request: round(measured.idle_rss_mib / request, 2),
      peak_over_limit: round(measured.peak_rss_mib / limit, 2),
    };
  };
  printResult({
    benchmark: 'footprint',
    commands: COMMANDS,
    rate_per_s: RATE,
    bare_bolt: bare,
    one_process: together,
    receiver: against(split['receiver']!, 'kanaria-receiver'),
    worker: against(split['worker']!, 'kanaria-worker'),
    ratios: {
      one_process_idle_rss_vs_bare_bolt: round(together.idle_rss_mib / bare.idle_rss_mib, 2),
      receiver_idle_rss_vs_bare_bolt: round(split['receiver']!.idle_rss_mib / bare.idle_rss_mib, 2),
      receiver_cpu_per_command_vs_bare_bolt: round(split['receiver']!.cpu_ms_per_command / bare.cpu_ms_per_command, 1),
      split_idle_rss_vs_one_process: round(
        (split['receiver']!.idle_rss_mib + split['worker']!.idle_rss_mib) / together.idle_rss_mib,
        2,
      ),
    },
  });
} finally {
  await slack.stop();
  await redis.stop();
  remote.remove();
  rmSync(dir, { recursive: true, force: true });
}
