import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../src/adapters/redis.js';
import { MAIN_FROM_SOURCE } from './cli.js';
import { FakeSlack } from './fake-slack.js';
import { startGitHttp } from './git-http.js';
import { GitRemote } from './git-remote.js';
import { postSigned, slashCommand } from './slack-requests.js';
import { waitUntil } from './wait.js';

/*
 * The fault suite's world, all real processes: Kanaria as `npm start` runs it (in a process group of its own, so
 * a SIGKILL of the group is a crashed pod, git children included), a redis-server with an fsync'd append-only file
 * that can itself be killed and restarted on the same port and data, and the GitOps remote over smart HTTP
 * served from this test process (a kill of Kanaria never touches the remote's side).
 */

export const SECRET = 'fault-suite-signing-secret-0123456789';
/** Basic-auth credentials of the remote: they must never reach a log, a Slack message or Kanaria's disk. */
export const GIT_USER = 'kanaria-bot';
export const GIT_PASSWORD = 'fault-suite-git-password-7f3a9c';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A redis-server with AOF fsync'd on every write, on a fixed port, that can be SIGKILLed and started again on the same data. */
export class DurableRedis {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(dir: string): Promise<DurableRedis> {
    mkdirSync(dir, { recursive: true });
    const redis = new DurableRedis(await freePort(), dir);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
      '--loglevel',
      'warning',
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    const probe = new Redis(this.url, { maxRetriesPerRequest: null, retryStrategy: () => 50, lazyConnect: true });
    probe.on('error', () => undefined);
    try {
      await waitUntil(
        `redis-server on port ${this.port}`,
        async () =>
          child.exitCode === null &&
          (await probe.ping().then(
            () => true,
            () => false,
          )),
        10_000,
        50,
      );
    } finally {
      probe.disconnect();
    }
  }

  /** SIGKILL, as a crashed Redis pod; resolves once the process is gone. */
  kill9(): Promise<void> {
    return this.end('SIGKILL');
  }

  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await gone;
  }
}

/** One run of Kanaria's process (`node --import tsx src/main.ts`) leading a process group of its own. */
export class KanariaRun {
  private log = '';
  readonly startedAt = Date.now();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer) => {
      // The tail is what explains a failure; a chatty run must not grow without bound.
      this.log = (this.log + chunk.toString()).slice(-200_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  output(): string {
    return this.log;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async readyz(): Promise<number | undefined> {
    return fetch(`http://127.0.0.1:${this.port}/readyz`).then(
      (r) => r.status,
      () => undefined,
    );
  }

  /**
   * The whole group at once (Node, its job thread and its git children), like a pod killed by the kubelet; also
   * after Node has exited, as a pod's end takes the git processes it left behind.
   */
  async kill9(): Promise<void> {
    try {
      process.kill(-(this.child.pid ?? 0), 'SIGKILL');
    } catch {
      // Already gone.
    }
    await this.exited;
  }

  /**
   * A stop: SIGTERM to Node as a pod stop sends it, or `ctrlC`, SIGINT to the whole foreground group as a
   * terminal sends it (git children included). The group is killed if it outlives `graceMs`.
   */
  async terminate(
    options: { ctrlC?: boolean; graceMs?: number } = {},
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.alive) {
      if (options.ctrlC) process.kill(-(this.child.pid ?? 0), 'SIGINT');
      else this.child.kill('SIGTERM');
      const timer = setTimeout(() => void this.kill9(), options.graceMs ?? 40_000);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }
}

export interface FaultRequest {
  /** Slack's trigger_id: the request id Kanaria records as the commit's `Kanaria-Request` trailer. */
  readonly id: string;
  readonly app: string;
  readonly image: string;
  readonly user: string;
  readonly channel: string;
}

export interface Ack {
  readonly request: FaultRequest;
  /** HTTP status, or the connection error's code (ECONNREFUSED, ECONNRESET). */
  readonly status: number | string;
  readonly text: string;
}

export const isQueued = (ack: Ack): boolean => ack.status === 200 && ack.text.startsWith('Queued');

let sequence = 0;
/** A /deploy with its own trigger id, user and channel. */
export function deployRequest(app: string, image: string, index: number): FaultRequest {
  const n = String(index).padStart(2, '0');
  return {
    id: `${Date.now()}.${++sequence}.${Math.random().toString(16).slice(2, 14)}`,
    app,
    image,
    user: `U0FAULT${n}`,
    channel: `C0FAULT${n}`,
  };
}

/** Everything a scenario runs against; `stop` ends all of it. */
export class FaultWorld {
  readonly dir = mkdtempSync(join(tmpdir(), 'kanaria-fault-'));
  readonly slack = new FakeSlack();
  readonly remote: GitRemote;
  redis!: DurableRedis;
  /** The remote as Kanaria reaches it: smart HTTP with basic auth. */
  repoUrl = '';
  private readonly runs: KanariaRun[] = [];
  private git: { url(repo: string): string; stop(): Promise<void> } | undefined;
  private kanariaPort = 0;

  constructor(files: Record<string, string>) {
    this.remote = new GitRemote().seed(files);
  }

  async start(config: string): Promise<this> {
    writeFileSync(join(this.dir, 'kanaria.yaml'), config);
    await this.slack.start();
    for (let i = 0; i < 100; i++) {
      const n = String(i).padStart(2, '0');
      this.slack.users.set(`U0FAULT${n}`, {
        id: `U0FAULT${n}`,
        name: `Fault Tester ${n}`,
        email: `tester${n}@example.com`,
      });
    }
    this.redis = await DurableRedis.start(join(this.dir, 'redis'));
    this.git = await startGitHttp({ projectRoot: this.remote.root, user: GIT_USER, password: GIT_PASSWORD });
    const url = new URL(this.git.url('gitops.git'));
    url.username = GIT_USER;
    url.password = GIT_PASSWORD;
    this.repoUrl = url.href;
    // One port for the whole scenario, like a pod's Service: restarts listen where the previous run did.
    this.kanariaPort = await freePort();
    return this;
  }

  /** The remote's URL without credentials (for an outside clone that brings its own). */
  plainUrl(): string {
    return this.git?.url('gitops.git') ?? '';
  }

  get workdir(): string {
    return join(this.dir, 'work');
  }

  /** Starts Kanaria as `npm start` does; resolves once spawned (not ready: a scenario may want its first second). */
  spawnKanaria(extraEnv: Record<string, string> = {}): KanariaRun {
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: this.dir,
      PORT: String(this.kanariaPort),
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-fault-suite',
      SLACK_API_URL: this.slack.apiUrl,
      REDIS_URL: this.redis.url,
      GITOPS_REPO_URL: this.repoUrl,
      KANARIA_CONFIG: join(this.dir, 'kanaria.yaml'),
      KANARIA_WORKDIR: this.workdir,
      KANARIA_JOB_LOCK_SECONDS: '1',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    };
    const child = spawn(process.execPath, MAIN_FROM_SOURCE, {
      cwd: this.dir,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run = new KanariaRun(child, this.kanariaPort);
    this.runs.push(run);
    return run;
  }

  /** Spawns Kanaria and waits until /readyz answers 200. */
  async startKanaria(): Promise<KanariaRun> {
    return this.ready(this.spawnKanaria());
  }

  /** Waits until a spawned Kanaria answers /readyz with 200 (it listens, and its workers run). */
  async ready(run: KanariaRun): Promise<KanariaRun> {
    await waitUntil(
      'Kanaria to answer /readyz with 200',
      async () => {
        if (!run.alive) throw new Error(`Kanaria exited while starting:\n${run.output()}`);
        return (await run.readyz()) === 200;
      },
      40_000,
      100,
    );
    return run;
  }

  /** What people could see change: Slack calls made and the remote's head. */
  private activity(): string {
    return `${this.slack.calls.length} ${this.remote.head()}`;
  }

  /**
   * Waits until `done` holds and nothing visible has happened for `quietMs` (a late duplicate would show by then),
   * or until `timeoutMs`; never throws, so that the figures can still be printed and checked.
   */
  async settle(
    done: () => boolean,
    options: { quietMs?: number; timeoutMs?: number } = {},
  ): Promise<{ settled: boolean; ms: number }> {
    const { quietMs = 3_000, timeoutMs = 90_000 } = options;
    const start = Date.now();
    let seen = this.activity();
    let changedAt = start;
    for (;;) {
      await pause(100);
      const now = this.activity();
      if (now !== seen) [seen, changedAt] = [now, Date.now()];
      if (done() && Date.now() - changedAt >= quietMs) return { settled: true, ms: changedAt - start };
      if (Date.now() - start > timeoutMs) return { settled: false, ms: Date.now() - start };
    }
  }

  /** Every run's output, for a failure message. */
  outputs(): string {
    return this.runs
      .map(
        (run, i) =>
          `--- run ${i + 1} (pid ${run.child.pid}, ${run.alive ? 'alive' : `ended ${run.child.exitCode ?? run.child.signalCode}`}) ---\n${run.output().slice(-6_000)}`,
      )
      .join('\n');
  }

  /** A signed slash command as Slack sends it; the connection error's code when nothing listens. */
  async send(request: FaultRequest): Promise<Ack> {
    const body = slashCommand('/deploy', `${request.app} ${request.image}`, {
      userId: request.user,
      channel: request.channel,
      triggerId: request.id,
      responseUrl: this.slack.responseUrl(request.id),
    });
    try {
      const response = await postSigned(this.kanariaPort, SECRET, body);
      const raw = await response.text();
      let text = raw;
      try {
        text = (JSON.parse(raw) as { text?: string }).text ?? raw;
      } catch {
        // Not JSON: keep the raw body for the failure message.
      }
      return { request, status: response.status, text };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return { request, status: cause?.code ?? String(error), text: '' };
    }
  }

  sendAll(requests: readonly FaultRequest[]): Promise<Ack[]> {
    return Promise.all(requests.map((r) => this.send(r)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.runs.map((run) => run.kill9()));
    await this.git?.stop();
    await this.redis?.stop();
    await this.slack.stop();
    this.remote.remove();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A push the remote is holding: the request ids of its commits, and the way to let it go on. */
export interface HeldPush {
  readonly requestIds: readonly string[];
  /** Lets the push go on, or with `refuse` fails it at the remote (the push never lands). */
  release(options?: { refuse?: boolean }): void;
}

/**
 * Holds pushes at the remote (a pre-receive hook) while closed, so a scenario can be sure a push is in flight
 * when it strikes, or can land other commits first. `kanariaOnly` holds only pushes of commits carrying a
 * `Kanaria-Request` trailer, letting outside pushes through. Each held push waits on a file of its own.
 */
export class PushGate {
  private readonly closedFile: string;
  private readonly seen = new Set<string>();

  constructor(
    bare: string,
    private readonly dir: string,
    kanariaOnly: boolean,
  ) {
    mkdirSync(dir, { recursive: true });
    this.closedFile = join(dir, 'closed');
    const hold = kanariaOnly ? `git log --format=%B "$old..$new" | grep -q '^Kanaria-Request:'` : 'true';
    // The held push's commit messages go to `held-<pid>`; the push goes on once that file is removed (and fails
    // if `held-<pid>.refuse` was written first).
    const hook = `#!/bin/sh
[ -e '${this.closedFile}' ] || exit 0
while read old new ref; do
  if ${hold}; then
    held='${dir}/held-'$$
    git log --format=%B "$old..$new" > "$held.tmp" && mv "$held.tmp" "$held"
    while [ -e "$held" ]; do sleep 0.05; done
    if [ -e "$held.refuse" ]; then echo 'refused by the test remote' >&2; exit 1; fi
  fi
done
exit 0
`;
    writeFileSync(join(bare, 'hooks', 'pre-receive'), hook, { mode: 0o755 });
  }

  /** Holds every push from now on. */
  close(): void {
    writeFileSync(this.closedFile, '');
  }

  /** Holds no more pushes, and lets every held one go on. */
  open(): void {
    rmSync(this.closedFile, { force: true });
    for (const file of this.heldFiles()) rmSync(file, { force: true });
  }

  /** The next push held (one not reported before). */
  async held(timeoutMs = 30_000): Promise<HeldPush> {
    const file = await waitUntil(
      'a push to reach the remote',
      () => this.heldFiles().find((f) => !this.seen.has(f)),
      timeoutMs,
    );
    this.seen.add(file);
    const messages = readFileSync(file, 'utf8');
    return {
      requestIds: [...messages.matchAll(/^Kanaria-Request: (.+)$/gm)].map((m) => (m[1] ?? '').trim()),
      release: (options = {}) => {
        if (options.refuse) writeFileSync(`${file}.refuse`, '');
        rmSync(file, { force: true });
      },
    };
  }

  private heldFiles(): string[] {
    return readdirSync(this.dir)
      .filter((f) => /^held-\d+$/.test(f))
      .map((f) => join(this.dir, f));
  }
}
