import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../src/adapters/redis.js';
import { MAIN_FROM_SOURCE, startMain, type MainProcess, type Run } from '../helpers/cli.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { GitRemote } from '../helpers/git-remote.js';
import { deployment } from '../helpers/harness.js';
import { postSigned, slashCommand } from '../helpers/slack-requests.js';

/**
 * Kanaria's first start as a new user meets it, as real processes: where it finds kanaria.yaml without
 * KANARIA_CONFIG, what it says while starting and which commands it says are on, and the names of its process
 * metrics. HOME is a fresh directory, so no ~/.kube/config of the machine gives it a cluster.
 */

const SECRET = 'first-start-secret';
const WEB = deployment('web', 'nginx:1.25.0');
const CONFIG = (repo: string) =>
  `gitops: { url: ${repo} }\napps:\n  web: { manifest: apps/web/deployment.yaml, container: web, argocd: { application: web } }\npolicies:\n  default: { deploy: ["*"] }\n`;

const dirs: string[] = [];
const scratch = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** `npm start` in `cwd` with only `env` (and PATH) set and stdin already ended; resolves when it exits. */
function runMain(cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...MAIN_FROM_SOURCE], {
      cwd,
      env: { PATH: process.env['PATH'], HOME: cwd, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe('HTTP mode without KANARIA_CONFIG', () => {
  const slack = new FakeSlack();
  const remote = new GitRemote().seed({ 'apps/web/deployment.yaml': WEB });
  let redis: PrivateRedis;
  let main: MainProcess;

  beforeAll(async () => {
    await slack.start();
    slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com' });
    redis = await startPrivateRedis();
    const dir = scratch('kanaria-first-start-http-');
    // Where the terminal's first run puts it: found there by the HTTP mode too.
    mkdirSync(join(dir, '.kanaria'));
    writeFileSync(join(dir, '.kanaria/kanaria.yaml'), CONFIG(remote.bare));
    main = await startMain({
      cwd: dir,
      env: {
        HOME: dir,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-first-start',
        SLACK_API_URL: slack.apiUrl,
        REDIS_URL: redis.url,
        KANARIA_WORKDIR: join(dir, 'work'),
        LOG_LEVEL: 'info',
      },
    });
  });

  afterAll(async () => {
    await main?.stop();
    await redis?.stop();
    await slack.stop();
    remote.remove();
  });

  it('finds .kanaria/kanaria.yaml as the terminal does, and deploys an app only that file names', async () => {
    const response = await postSigned(
      main.port,
      SECRET,
      slashCommand('/deploy', 'web nginx:1.27.0', { responseUrl: slack.responseUrl('deploy') }),
    );
    expect(((await response.json()) as { text: string }).text).toContain('Queued');
    await slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Pushed')),
    );
    expect(remote.show('apps/web/deployment.yaml')).toContain('image: nginx:1.27.0 #');
  });

  it('logs which commands are off without a cluster and how to turn them on', () => {
    const logged = main
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    const off = logged.find((entry) =>
      entry.msg.startsWith('Off: /sync, /status, /canary, /analyze, /gpu, /gpu idle, /gpu why:'),
    );
    // The configuration asks for Argo CD: its absence is a warning (pino level 40), and says what to set.
    expect(off?.level).toBe(40);
    expect(off?.msg).toMatch(/KUBECONFIG.*ServiceAccount/);
    expect(logged.map((entry) => entry.msg)).toContain(
      'On: /deploy, /scale, /rollback, /promote, /pipeline, /approve, /reject, /lock, /unlock, /history.',
    );
  });

  it('names its process metrics kanaria_process_* and kanaria_nodejs_*, each prefix once', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${main.port}/metrics`)).text();
    expect(metrics).toMatch(/^kanaria_process_resident_memory_bytes \d+/m);
    expect(metrics).toMatch(/^kanaria_process_cpu_seconds_total \d/m);
    expect(metrics).toMatch(/^kanaria_nodejs_heap_size_used_bytes \d+/m);
    expect(metrics).not.toContain('kanaria_process_process_');
    expect(metrics).not.toContain('kanaria_process_nodejs_');
  });
});

describe('HTTP mode with no kanaria.yaml anywhere', () => {
  it('exits 1 saying both places it looked, without a stack trace', async () => {
    const dir = scratch('kanaria-first-start-none-');
    const run = await runMain(dir, {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-first-start',
      REDIS_URL: 'redis://127.0.0.1:9',
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr.trim()).toBe(
      `No kanaria.yaml found: looked for ${join(dir, 'kanaria.yaml')} and ${join(dir, '.kanaria/kanaria.yaml')}. Create one there, or set KANARIA_CONFIG to its path.`,
    );
  });

  it('says so in Japanese under LANG=ja_JP.UTF-8, exiting 1 all the same', async () => {
    const dir = scratch('kanaria-first-start-none-ja-');
    const run = await runMain(dir, {
      LANG: 'ja_JP.UTF-8',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-first-start',
      REDIS_URL: 'redis://127.0.0.1:9',
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr.trim()).toBe(
      `kanaria.yaml が見つかりません: ${join(dir, 'kanaria.yaml')} と ${join(dir, '.kanaria/kanaria.yaml')} を探しました。そこに作成するか、KANARIA_CONFIG にそのパスを設定してください。`,
    );
  });
});

describe('the terminal without a cluster', () => {
  it('prints its progress and which commands are on, and warns on the terminal that the cluster is missing', async () => {
    const dir = scratch('kanaria-first-start-terminal-');
    const remote = new GitRemote().seed({ 'apps/web/deployment.yaml': WEB });
    try {
      writeFileSync(join(dir, 'kanaria.yaml'), CONFIG(remote.bare));
      const run = await runMain(dir, {});
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines).toEqual([
        'Starting Redis… (a private redis-server, its data in .kanaria/redis)',
        `Cloning the GitOps repo… (${remote.bare})`,
        'On: /deploy, /scale, /rollback, /promote, /pipeline, /approve, /reject, /lock, /unlock, /history.',
        expect.stringMatching(
          /^⚠ Off: \/sync, \/status, \/canary, \/analyze, \/gpu, \/gpu idle, \/gpu why: no Kubernetes credentials\. To turn them on, set KUBECONFIG .*ServiceAccount/,
        ),
        'Off: /analyze, /gpu idle, /gpu usage, /slo: no Prometheus. To turn them on, set PROMETHEUS_URL (e.g. http://prometheus:9090).',
        `Kanaria (terminal) is ready — GitOps repo ${remote.bare}, branch main. Type /kanaria help, or exit.`,
      ]);
      expect(run.stderr).toBe('');
    } finally {
      remote.remove();
    }
  });
});

describe('the terminal where LANG names no language Kanaria speaks', () => {
  it("starts in kanaria.yaml's default language", async () => {
    const dir = scratch('kanaria-first-start-locale-');
    const remote = new GitRemote().seed({ 'apps/web/deployment.yaml': WEB });
    try {
      writeFileSync(join(dir, 'kanaria.yaml'), `${CONFIG(remote.bare)}locale: { default: ja }\n`);
      const run = await runMain(dir, { LANG: 'C.UTF-8' });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines[0]).toBe('Redis を起動しています… (専用の redis-server、データは .kanaria/redis)');
      expect(lines.at(-1)).toBe(
        `Kanaria (ターミナル) の準備ができました — GitOps リポジトリ ${remote.bare}、ブランチ main。/kanaria help と入力するか、exit で終了します。`,
      );
    } finally {
      remote.remove();
    }
  });
});
