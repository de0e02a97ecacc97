import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimRedisDir } from '../../src/adapters/private-redis-dir.js';
import {
  readScreen,
  screenRows,
  startTerminal,
  type TerminalOptions,
  type TerminalProcess,
} from '../helpers/terminal-process.js';

/**
 * The terminal adapter as a person meets it at a real terminal: a pseudo-terminal made by util-linux's `script`,
 * keys typed as bytes (Enter is \r, the up arrow ESC [ A), and the screen read back as a terminal draws it.
 */

const dirs: string[] = [];
/** Processes a single test started: killed after it if it left them running. */
const running: TerminalProcess[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function start(options: Omit<TerminalOptions, 'cwd'>): TerminalProcess {
  const cwd = mkdtempSync(join(tmpdir(), 'kanaria-tty-'));
  dirs.push(cwd);
  return startTerminal({ cwd, ...options });
}

/** Types `exit` and waits for the process to leave; one that does not is killed. */
async function stop(terminal: TerminalProcess): Promise<number | null> {
  terminal.keys('exit\r');
  const code = await Promise.race([terminal.exited, new Promise<null>((r) => setTimeout(() => r(null), 20_000))]);
  if (code === null) await terminal.kill();
  return code;
}

/** A killed Kanaria leaves its Redis running (its own process group): stop what is left in each directory. */
async function cleanUp(terminals: TerminalProcess[]): Promise<void> {
  for (const terminal of terminals) if (terminal.child.exitCode === null) await terminal.kill();
  for (const dir of dirs) await claimRedisDir(join(dir, '.kanaria/redis')).catch(() => undefined);
}
afterEach(() => cleanUp(running.splice(0)));

/** An empty prompt at the end of the output, after `after`. */
const prompt = (after = ''): RegExp => new RegExp(`${after}[^]*kanaria> $`);
const rows = (terminal: TerminalProcess) => screenRows(terminal.output());
const LEFT = '\x1b[D';

/**
 * Types at an empty prompt one key at a time, each once the screen shows the one before taken (the line and the
 * cursor where they should be), as a person types. Readline takes several keys arriving in one read for a paste
 * and appends them all at the end of the line, so editing keys must come one by one.
 */
async function typeAtPrompt(terminal: TerminalProcess, keys: readonly string[]): Promise<void> {
  let line = '';
  let cursor = 0;
  for (const key of keys) {
    terminal.keys(key);
    if (key === '\r') return;
    if (key === LEFT) cursor = Math.max(0, cursor - 1);
    else [line, cursor] = [line.slice(0, cursor) + key + line.slice(cursor), cursor + key.length];
    const shown = `kanaria> ${line}`;
    const col = 'kanaria> '.length + cursor;
    await terminal.until(
      () => {
        const screen = readScreen(terminal.output());
        return screen.rows[screen.cursor.row] === shown.trimEnd() && screen.cursor.col === col; // rows are trimmed
      },
      `the prompt showing "${line}" with the cursor at ${cursor}`,
      10_000,
    );
  }
}

describe('the terminal adapter at a terminal', () => {
  // One session for these tests, as a person keeps one open.
  let terminal: TerminalProcess;
  beforeAll(async () => {
    terminal = start({ tty: { columns: 200 } });
    await terminal.waitFor(prompt());
  }, 60_000);
  afterAll(async () => {
    const code = await stop(terminal);
    await cleanUp([terminal]);
    expect(code).toBe(0);
  }, 30_000);

  it('writes replies above a half-typed command, which stays as typed and runs when finished', async () => {
    // Enter, then more keys at once: the job's messages arrive while `/kanaria he` is on the prompt.
    terminal.keys('/deploy example-app nginx:1.27.0\r/kanaria he');
    await terminal.waitFor(/Roll back[^]*kanaria> \/kanaria he$/);
    const screen = rows(terminal);
    expect(screen.at(-1)).toBe('kanaria> /kanaria he');
    // Nowhere else: no reply was written into the typed text (the banner's "/kanaria help" aside).
    expect(screen.filter((row) => /\/kanaria he(?!lp)/.test(row))).toEqual(['kanaria> /kanaria he']);
    expect(screen).toContainEqual(expect.stringMatching(/^Queued: deploy example-app → nginx:1\.27\.0\.$/));
    expect(screen).toContainEqual(
      expect.stringMatching(/^ {3}↳ ✅ Pushed [0-9a-f]{7} to main: nginx:1\.25\.0 → nginx:1\.27\.0 in apps\//),
    );

    terminal.keys('lp\r');
    await terminal.waitFor(prompt('Commands that change something accept'));
    expect(rows(terminal)).toContain('kanaria> /kanaria help');
  });

  it('recalls earlier commands with the up arrow and edits a line with the arrows', async () => {
    const seen = (row: string) => rows(terminal).filter((r) => r === row).length;
    const deploys = seen('kanaria> /deploy example-app nginx:1.27.0');
    // Up twice: past `/kanaria help` to the deploy, which runs again and finds nothing to change.
    terminal.keys('\x1b[A\x1b[A\r');
    await terminal.waitFor(prompt('Nothing to change: .*already has nginx:1\\.27\\.0'));
    expect(seen('kanaria> /deploy example-app nginx:1.27.0')).toBe(deploys + 1);

    const helps = seen('kanaria> /kanaria help');
    // A typo fixed in place: two to the left, insert the missing letter.
    await typeAtPrompt(terminal, [...'/kanaria hlp', LEFT, LEFT, 'e', '\r']);
    await terminal.waitFor(prompt(`(?:Commands that change something accept[^]*){${helps + 1}}`));
    expect(seen('kanaria> /kanaria help')).toBe(helps + 1);
  });

  it('takes a line longer than the 4,095 characters a terminal passes on in its usual mode', async () => {
    const name = 'a'.repeat(5000);
    terminal.keys(`/deploy ${name} nginx:1.27.0\r`);
    await terminal.waitFor(/There is no app a{20}/);
    await terminal.waitFor(prompt());
    expect(terminal.output()).not.toContain('Missing argument');
  });

  it('shows Slack markup with terminal styles instead of its markers', async () => {
    terminal.keys('/status example-app\r');
    await terminal.waitFor(prompt('no Argo CD Application configured'));
    expect(terminal.output()).toContain('\x1b[1mexample-app\x1b[22m · no Argo CD Application configured');
    expect(terminal.output()).not.toMatch(/\*example-app\*|:white_check_mark:/);
  });
});

describe('the terminal adapter at a terminal, other settings', () => {
  it('shows plain text with NO_COLOR: no escape codes for styles, no markers', async () => {
    const terminal = start({ tty: { columns: 200 }, env: { NO_COLOR: '1' } });
    running.push(terminal);
    await terminal.waitFor(prompt());
    terminal.keys('/status example-app\r');
    await terminal.waitFor(prompt('no Argo CD Application configured'));
    expect(terminal.output()).toMatch(/(^|\s)example-app · no Argo CD Application configured/m);
    for (const style of ['\x1b[1m', '\x1b[3m', '\x1b[9m', '\x1b[36m']) expect(terminal.output()).not.toContain(style);
    expect(terminal.output()).not.toContain('*example-app*');
    expect(await stop(terminal)).toBe(0);
  }, 60_000);

  it('stops on Ctrl-C (a key at the prompt, not a signal from the terminal), exit 0', async () => {
    const terminal = start({ tty: { columns: 200 } });
    running.push(terminal);
    await terminal.waitFor(prompt());
    terminal.keys('/kanaria he\x03');
    expect(await terminal.exited).toBe(0);
  }, 60_000);

  it('refuses, rather than runs cut, a line the terminal cut because the output is redirected', async () => {
    const terminal = start({ tty: { columns: 200, pipeOutputThroughCat: true } });
    running.push(terminal);
    // Output is a pipe: no prompt, lines as the terminal hands them over (echoed by the terminal itself).
    await terminal.waitFor(/Type \/kanaria help, or exit\./);
    terminal.keys(`/deploy ${'a'.repeat(5000)} nginx:1.27.0\r`);
    await terminal.waitFor(/That line is 4095 characters long.*was probably cut and was not run/);
    expect(terminal.output()).not.toContain('Missing argument');
    terminal.keys('/kanaria help\r');
    await terminal.waitFor(/Commands that change something accept/);
    expect(await stop(terminal)).toBe(0);
  }, 60_000);
});
