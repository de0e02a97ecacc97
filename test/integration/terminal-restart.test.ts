import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { claimRedisDir } from '../../src/adapters/private-redis-dir.js';
import { MAIN_FROM_SOURCE } from '../helpers/cli.js';

/**
 * `npm start` in the terminal under Ctrl-C and kill -9, as a user meets them: real processes, the terminal's
 * private Redis with its AOF in `.kanaria/`, and the local bare repo the first run creates. A deploy acked
 * "Queued" is either pushed and shown before the process exits, or resumed and shown by the next run: once.
 */

const DEPLOY = '/deploy example-app nginx:1.27.0';
const SUBJECT = 'deploy(example-app): nginx:1.25.0 → nginx:1.27.0';
const PUSHED = /↳ ✅ Pushed `[0-9a-f]{7}` to `main`: nginx:1\.25\.0 → nginx:1\.27\.0/;
const RESUMING_ONE = /Resuming 1 change queued before the restart\./;
const BANNER = /Type \/kanaria help, or exit\.\n/;
/** A stack frame, as Node prints an uncaught error. */
const STACK_FRAME = /^\s+at .+[:(]/m;

const dirs: string[] = [];
const running: Terminal[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
afterEach(async () => {
  // A failed test must not leave its processes behind: the group, then the redis-server it may have left.
  for (const terminal of running.splice(0)) await terminal.kill9();
  for (const dir of dirs) await claimRedisDir(join(dir, '.kanaria/redis')).catch(() => undefined);
});

function userDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kanaria-terminal-restart-'));
  dirs.push(dir);
  return dir;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

interface Terminal {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<Exit>;
  output(): string;
  /** Resolves as soon as the output matches: checked on every chunk, not on a timer. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  type(line: string): void;
  /** SIGINT to the whole foreground group, as Ctrl-C in a terminal sends it (git children included). */
  ctrlC(): Promise<Exit>;
  kill9(): Promise<Exit>;
  /** Input ends (Ctrl-D): the terminal finishes queued work and exits. */
  endInput(): Promise<Exit>;
}

/** Kanaria from source as `npm start` runs it, without Slack credentials or a Redis URL, leading a process group of its own as a shell runs it. */
function startTerminal(cwd: string, env: Record<string, string> = {}): Terminal {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|REDIS_URL|KANARIA_|GITOPS_)/.test(k)),
  );
  const child = spawn(process.execPath, [...MAIN_FROM_SOURCE], {
    cwd,
    env: { ...inherited, KANARIA_USER: 'U0RESTART', ...env },
    detached: true,
  });
  let out = '';
  const watchers = new Set<() => void>();
  const onOutput = (chunk: Buffer) => {
    out += chunk.toString();
    for (const check of watchers) check();
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid ?? 0), signal);
    } catch {
      // The group is gone already.
    }
  };
  const terminal: Terminal = {
    child,
    exited,
    output: () => out,
    type: (line) => child.stdin.write(`${line}\n`),
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const finish = (error?: Error) => {
          watchers.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const check = () => pattern.test(out) && finish();
        const timer = setTimeout(
          () => finish(new Error(`did not see ${pattern} within ${timeoutMs} ms in:\n${out}`)),
          timeoutMs,
        );
        watchers.add(check);
        void exited.then(
          () =>
            watchers.has(check) &&
            finish(pattern.test(out) ? undefined : new Error(`exited before ${pattern} in:\n${out}`)),
        );
        check();
      }),
    ctrlC: () => (signalGroup('SIGINT'), exited),
    kill9: () => (signalGroup('SIGKILL'), exited),
    endInput: () => (child.stdin.end(), exited),
  };
  running.push(terminal);
  void exited.then(() => {
    const at = running.indexOf(terminal);
    if (at >= 0) running.splice(at, 1);
  });
  return terminal;
}

const bareRepo = (cwd: string) => join(cwd, '.kanaria/gitops.git');
const deployCommits = (cwd: string) =>
  execFileSync('git', ['log', '--format=%s', 'main'], { cwd: bareRepo(cwd), encoding: 'utf8' })
    .split('\n')
    .filter((subject) => subject === SUBJECT).length;

/** The port the private Redis of the last run in `cwd` listened on, from the owner file it keeps. */
const redisPort = (cwd: string): number =>
  (JSON.parse(readFileSync(join(cwd, '.kanaria/redis/kanaria-owner.json'), 'utf8')) as { port: number }).port;

async function redisAnswers(port: number): Promise<boolean> {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const announcements = (output: string) => output.match(new RegExp(PUSHED.source, 'g'))?.length ?? 0;

/** Output a user should never see from a stop or a refused start. */
function expectNoCrash(output: string): void {
  expect(output).not.toMatch(STACK_FRAME);
  expect(output).not.toMatch(/TypeError|sonic boom|unhandled/i);
}

/** A first run in a fresh directory, its deploy acked "Queued". */
async function deployQueued(cwd: string): Promise<Terminal> {
  const first = startTerminal(cwd);
  await first.waitFor(BANNER);
  first.type(DEPLOY);
  await first.waitFor(/^Queued: deploy `example-app`/m);
  return first;
}

describe('the terminal adapter stopped mid-deploy', () => {
  it('Ctrl-C right after "Queued" exits 0, and the deploy is shown pushed before exit or resumed by the next start: once', async () => {
    const cwd = userDirectory();
    const first = await deployQueued(cwd);
    const stoppedAt = Date.now();
    const exit = await first.ctrlC();
    const stopMs = Date.now() - stoppedAt;
    const port = redisPort(cwd);
    expect(exit, first.output()).toEqual({ code: 0, signal: null });
    expectNoCrash(first.output());
    expect(await redisAnswers(port), 'no redis-server is left running after a clean exit').toBe(false);
    const shownBeforeExit = announcements(first.output());
    const committedAtExit = deployCommits(cwd);

    const second = startTerminal(cwd);
    const restartedAt = Date.now();
    await second.waitFor(BANNER);
    if (shownBeforeExit === 0) {
      await second.waitFor(RESUMING_ONE);
      await second.waitFor(PUSHED);
    } else {
      // Lines arrive in chunks of their own: a reply to a command typed now comes after anything printed at start.
      second.type('/kanaria help');
      await second.waitFor(/\/deploy <app>/);
      expect(second.output(), 'a deploy shown pushed before Ctrl-C is not resumed').not.toContain('Resuming');
    }
    const resumeMs = Date.now() - restartedAt;
    const secondExit = await second.endInput();

    console.info(
      `Ctrl-C: exited in ${stopMs} ms; shown pushed before exit: ${shownBeforeExit}, commits at exit: ${committedAtExit}; next start ${shownBeforeExit ? 'had nothing to resume' : `showed it pushed ${resumeMs} ms after starting`}`,
    );
    expect(secondExit, second.output()).toEqual({ code: 0, signal: null });
    expect(
      announcements(first.output()) + announcements(second.output()),
      'announced exactly once across both runs',
    ).toBe(1);
    expect(deployCommits(cwd), 'the bare repo has the commit exactly once').toBe(1);
    expect(await redisAnswers(redisPort(cwd))).toBe(false);
  }, 60_000);

  it.each([
    { moment: 'right after "Queued"', shown: /^Queued: deploy/m },
    { moment: 'once the job says "committing…" (its lock held by the killed run)', shown: /committing…/ },
  ])(
    'kill -9 of the whole group $moment: the next start takes over the leftover Redis, resumes the deploy and shows it pushed, once',
    async ({ moment, shown }) => {
      const cwd = userDirectory();
      const first = await deployQueued(cwd);
      await first.waitFor(shown);
      await first.kill9();
      const port = redisPort(cwd);
      // The private Redis runs in a group of its own: the kill leaves it running, as a crashed Kanaria does.
      expect(await redisAnswers(port), 'the killed run leaves its redis-server behind').toBe(true);
      const shownBeforeKill = announcements(first.output());

      const second = startTerminal(cwd);
      const restartedAt = Date.now();
      await second.waitFor(RESUMING_ONE);
      await second.waitFor(PUSHED);
      const resumeMs = Date.now() - restartedAt;
      const secondExit = await second.endInput();

      console.info(
        `kill -9 ${moment}: shown pushed before the kill: ${shownBeforeKill}; next start showed it pushed ${resumeMs} ms after starting`,
      );
      expect(shownBeforeKill, 'the kill came before the push was shown').toBe(0);
      expect(secondExit, second.output()).toEqual({ code: 0, signal: null });
      expectNoCrash(second.output());
      expect(announcements(second.output())).toBe(1);
      expect(deployCommits(cwd), 'the bare repo has the commit exactly once').toBe(1);
      expect(await redisAnswers(redisPort(cwd)), 'the leftover was taken over and stopped with the second run').toBe(
        false,
      );
    },
    60_000,
  );
});

describe('the terminal adapter refusing to start', () => {
  it('a KANARIA_CONFIG that does not exist: exit 1 with a message naming the file, no stack trace', async () => {
    const cwd = userDirectory();
    const missing = join(cwd, 'nowhere/kanaria.yaml');
    const terminal = startTerminal(cwd, { KANARIA_CONFIG: missing });
    const exit = await terminal.exited;
    expect(exit, terminal.output()).toEqual({ code: 1, signal: null });
    expect(terminal.output()).toContain(missing);
    expectNoCrash(terminal.output());
  });

  it('no redis-server on the PATH and no REDIS_URL: exit 1 with one paragraph saying what to install, no stack trace', async () => {
    const cwd = userDirectory();
    // git stays on the PATH (the first run creates the local repo with it); redis-server does not.
    const bin = join(cwd, 'bin');
    mkdirSync(bin);
    symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), join(bin, 'git'));
    const terminal = startTerminal(cwd, { PATH: bin });
    const exit = await terminal.exited;
    expect(exit, terminal.output()).toEqual({ code: 1, signal: null });
    const message = terminal
      .output()
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('First run:'));
    expect(message).toHaveLength(1);
    expect(message[0]).toMatch(/no redis-server on the PATH.*Install Redis.*REDIS_URL=/);
    expectNoCrash(terminal.output());
  });
});
