import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN_FROM_SOURCE } from '../helpers/cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_MANIFEST } from '../../src/boot/first-run.js';

const cwd = mkdtempSync(join(tmpdir(), 'kanaria-terminal-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** `npm start` as a new user runs it: the terminal adapter, no Slack credentials, no Redis URL, no config. */
function startTerminal(): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<void>;
  type: (line: string) => void;
} {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|REDIS_URL|KANARIA_|GITOPS_)/.test(k)),
  );
  const child = spawn(process.execPath, [...MAIN_FROM_SOURCE], { cwd, env: { ...env, KANARIA_USER: 'U0TERMINAL' } });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return {
    child,
    output: () => out,
    type: (line) => child.stdin.write(`${line}\n`),
    waitFor: async (pattern) => {
      const deadline = Date.now() + 20_000;
      while (!pattern.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not see ${pattern} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: join(cwd, '.kanaria/gitops.git'), encoding: 'utf8' });

describe('the terminal adapter (npm start without Slack credentials)', () => {
  it('creates a local GitOps repo, deploys with a real commit, and presses a button by number', async () => {
    const terminal = startTerminal();
    await terminal.waitFor(/Type \/kanaria help, or exit\./);
    expect(terminal.output()).toContain('First run: created a local GitOps repo');

    terminal.type('/kanaria help');
    await terminal.waitFor(/\/deploy <app> <image\[:tag\]\[@digest\]> \[--dry-run\]/);

    terminal.type('/deploy example-app nginx:1.27.0');
    await terminal.waitFor(/↳ ✅ Pushed `[0-9a-f]{7}` to `main`: nginx:1\.25\.0 → nginx:1\.27\.0.*\n.*\[1\] Roll back/);
    expect(git('show', 'main:apps/example-app/deployment.yaml')).toBe(
      EXAMPLE_MANIFEST.replace('image: nginx:1.25.0 #', 'image: nginx:1.27.0 #'),
    );
    expect(git('log', '-1', '--format=%B', 'main')).toContain('Slack-User: U0TERMINAL');

    terminal.type('/deploy example-ap nginx:1.28.0');
    await terminal.waitFor(/❌ There is no app `example-ap`.*Did you mean `example-app`\?/);

    terminal.type('1');
    await terminal.waitFor(/Type "yes" to roll back:/);
    terminal.type('yes');
    await terminal.waitFor(
      /Pushed `[0-9a-f]{7}` to `main`: reverted `[0-9a-f]{7}` "deploy\(example-app\): .*"; image nginx:1\.27\.0 → nginx:1\.25\.0/,
    );
    expect(git('show', 'main:apps/example-app/deployment.yaml')).toBe(EXAMPLE_MANIFEST);

    terminal.child.stdin.end();
    const code = await new Promise((resolve) => terminal.child.once('exit', resolve));
    expect(code).toBe(0);
    expect(git('rev-list', '--count', 'main').trim()).toBe('3');
  });
});
