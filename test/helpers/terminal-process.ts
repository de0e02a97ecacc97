import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { MAIN_FROM_SOURCE } from './cli.js';

/**
 * `npm start` as a person runs it in the terminal adapter: a real process with its private Redis, its stdin a pipe
 * (as scripts feed it) or, with `tty`, a real pseudo-terminal made by util-linux's `script` (as a person types).
 */
export interface TerminalProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  /** Everything written so far (stdout and stderr; on a pseudo-terminal, with its escape sequences). */
  output(): string;
  /** Resolves as soon as `check` holds, checked now and on every chunk of output; fails when the process exits first. */
  until(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Resolves as soon as the output from character `since` on, without its escape sequences, matches. */
  waitFor(pattern: RegExp, options?: { since?: number; timeoutMs?: number }): Promise<void>;
  /** Sends keys as they are, in one write: `\r` is Enter on a terminal, `\n` ends a line on a pipe. */
  keys(text: string): void;
  /** SIGKILL to the process group; on a pseudo-terminal its loss hangs up Kanaria too. */
  kill(): Promise<number | null>;
}

export interface TerminalOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  /** A pseudo-terminal this many columns wide (wide enough that nothing wraps keeps screens simple to read). */
  readonly tty?: { readonly columns: number; readonly rows?: number; readonly pipeOutputThroughCat?: boolean };
}

// eslint-disable-next-line no-control-regex -- the terminal's escape sequences (CSI) are what this removes
const CSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** What was written, without the terminal's escape sequences (colours, cursor moves). */
export const withoutEscapes = (raw: string): string => raw.replace(CSI, '');

const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

export function startTerminal(options: TerminalOptions): TerminalProcess {
  // Nothing of the caller's Slack, Redis, Kanaria, GitOps or Kubernetes set-up leaks in: a new user's shell.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|REDIS_URL|KANARIA_|GITOPS_|KUBECONFIG|NO_COLOR)/.test(k)),
  );
  const env = { ...inherited, HOME: options.cwd, TERM: 'xterm', KANARIA_USER: 'U0TERMINAL', ...options.env };
  const { tty } = options;
  const node = [process.execPath, ...MAIN_FROM_SOURCE].map(shellQuote).join(' ');
  const child = tty
    ? spawn(
        'script',
        [
          '-q',
          '-e',
          '-c',
          `stty cols ${tty.columns} rows ${tty.rows ?? 50} && exec ${node}${tty.pipeOutputThroughCat ? ' | cat' : ''}`,
          '/dev/null',
        ],
        { cwd: options.cwd, env, detached: true },
      )
    : spawn(process.execPath, [...MAIN_FROM_SOURCE], { cwd: options.cwd, env, detached: true });
  let out = '';
  const watchers = new Set<() => void>();
  const onOutput = (chunk: Buffer) => {
    out += chunk.toString();
    for (const check of watchers) check();
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const until = (check: () => boolean, what: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const finish = (error?: Error) => {
        watchers.delete(watch);
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const watch = () => check() && finish();
      const timer = setTimeout(
        () => finish(new Error(`${what}: not within ${timeoutMs} ms in:\n${JSON.stringify(out)}`)),
        timeoutMs,
      );
      watchers.add(watch);
      void exited.then(
        () => watchers.has(watch) && finish(check() ? undefined : new Error(`${what}: exited before, in:\n${out}`)),
      );
      watch();
    });
  return {
    child,
    exited,
    output: () => out,
    keys: (text) => child.stdin.write(text),
    until,
    waitFor: (pattern, { since = 0, timeoutMs } = {}) =>
      until(() => pattern.test(withoutEscapes(out.slice(since))), `did not see ${pattern}`, timeoutMs),
    kill: () => {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // Gone already.
      }
      return exited;
    },
  };
}

/** What a terminal shows after some output: its rows (trailing blank ones left out) and where the cursor is. */
export interface Screen {
  readonly rows: readonly string[];
  readonly cursor: { readonly row: number; readonly col: number };
}

/**
 * The screen after `raw`: the part of VT100 that readline and Kanaria write (CR, LF, cursor up, down, left, right
 * and to a column, erase below and erase in line; colours dropped). One column per code point, which holds for
 * screens wide enough that nothing wraps.
 */
export function readScreen(raw: string): Screen {
  const rows: string[][] = [[]];
  let r = 0;
  let c = 0;
  const row = (): string[] => (rows[r] ??= []);
  const chars = [...raw];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === '\x1b') {
      const sequence = /^.\[([0-9;?]*)([A-Za-z])/.exec(chars.slice(i, i + 24).join('')); // `.` is this ESC
      if (!sequence) {
        i++; // ESC and one character (e.g. ESC 7): nothing this screen needs
        continue;
      }
      i += [...sequence[0]].length - 1;
      const n = Number((sequence[1] ?? '').replace('?', '') || '0');
      switch (sequence[2]) {
        case 'A':
          r = Math.max(0, r - (n || 1));
          break;
        case 'B':
          r += n || 1;
          break;
        case 'C':
          c += n || 1;
          break;
        case 'D':
          c = Math.max(0, c - (n || 1));
          break;
        case 'G':
          c = Math.max(0, (n || 1) - 1);
          break;
        case 'J':
          if (n === 0) {
            row().length = Math.min(row().length, c);
            rows.length = r + 1;
          }
          break;
        case 'K':
          if (n === 2) row().length = 0;
          else if (n === 0) row().length = Math.min(row().length, c);
          break;
        default: // colours and modes
      }
      continue;
    }
    if (ch === '\r') c = 0;
    else if (ch === '\n') r++;
    else if (ch === '\b') c = Math.max(0, c - 1);
    else if (ch >= ' ') {
      const line = row();
      while (line.length < c) line.push(' ');
      line[c++] = ch;
    }
  }
  const text = Array.from(rows, (line) => (line ?? []).join('').trimEnd());
  while (text.length > 0 && text.at(-1) === '') text.pop();
  return { rows: text, cursor: { row: r, col: c } };
}

/** The rows a terminal shows after `raw` (see readScreen). */
export const screenRows = (raw: string): readonly string[] => readScreen(raw).rows;
