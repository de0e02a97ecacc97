import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../src/adapters/redis.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root, and tsx's loader as the project runs TypeScript in child processes. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
export const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/esm/index.mjs')).href;

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command from the repository root with `input` on stdin; resolves with its exit code and output.
 * `env` is added to this process's environment (e.g. `{ LANG: 'ja_JP.UTF-8' }`).
 */
export function collect(
  command: string,
  args: readonly string[],
  input?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** `node <script> <args>` through tsx (script relative to the repository root). */
export const runTs = (script: string, args: readonly string[], input?: string, env?: NodeJS.ProcessEnv): Promise<Run> =>
  collect(process.execPath, ['--import', TSX, join(root, script), ...args], input, env);

/**
 * Stops a child: SIGTERM, then SIGKILL after `graceMs` so a stuck one cannot outlive the suite. Resolves with
 * its exit code (null when a signal ended it); at once for a child that has already exited.
 */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

/** `node src/main.ts` through tsx, as `npm start` runs Kanaria. */
export const MAIN_FROM_SOURCE: readonly string[] = ['--import', TSX, join(root, 'src/main.ts')];

export interface MainProcess {
  readonly child: ChildProcess;
  readonly port: number;
  output(): string;
  stop(): Promise<number | null>;
}

/** Kanaria's process (`args` to node, from source by default) on a free PORT, once /readyz answers 200. */
export async function startMain(options: {
  cwd: string;
  env: Record<string, string>;
  args?: readonly string[];
}): Promise<MainProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, options.args ?? MAIN_FROM_SOURCE, {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], PORT: String(port), ...options.env },
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const main: MainProcess = { child, port, output: () => output, stop: () => stopChild(child, 15_000) };
  for (const deadline = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 100))) {
    if (
      await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      return main;
    if (Date.now() > deadline || child.exitCode !== null) {
      await main.stop();
      throw new Error(`Kanaria did not become ready:\n${output}`);
    }
  }
}

/** A temporary directory for a CLI's input files, removed after the suite; `file` writes one (JSON unless a string). */
export function tempFiles(prefix: string): { readonly dir: string; file(name: string, content: unknown): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    },
  };
}

/** The terminal adapter as a script drives it: piped input, everything it prints collected. */
export interface PipedTerminal {
  readonly child: ChildProcess & { stdin: NodeJS.WritableStream };
  /** All it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once the output matches; fails with the output if it exits or 20 s pass first. */
  waitFor(pattern: RegExp): Promise<void>;
  /** Ends its input and stops it. */
  stop(): Promise<number | null>;
}

/** Starts `src/main.ts` in the terminal mode in `cwd`, with no Slack, Redis or Kanaria settings from outside. */
export function startPipedTerminal(cwd: string, env: NodeJS.ProcessEnv = {}): PipedTerminal {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|REDIS_URL|KANARIA_|GITOPS_|LC_ALL|LC_MESSAGES)/.test(k)),
  );
  const child = spawn(process.execPath, [...MAIN_FROM_SOURCE], { cwd, env: { ...inherited, ...env } });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return {
    child,
    output: () => out,
    async waitFor(pattern) {
      const deadline = Date.now() + 20_000;
      while (!pattern.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not see ${pattern} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop() {
      child.stdin.end();
      return stopChild(child);
    },
  };
}
