import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN_FROM_SOURCE, stopChild } from '../helpers/cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'kanaria-terminal-ja-commands-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('commands answer in the language of LANG at the terminal', () => {
  it('refuses an unknown command and an unknown app in Japanese, with the closest names', async () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(SLACK_|REDIS_URL|KANARIA_|GITOPS_|LC_ALL|LC_MESSAGES)/.test(k)),
    );
    const child = spawn(process.execPath, [...MAIN_FROM_SOURCE], { cwd, env: { ...env, LANG: 'ja_JP.UTF-8' } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const waitFor = async (pattern: RegExp) => {
      const deadline = Date.now() + 20_000;
      while (!pattern.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not see ${pattern} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      // The ready line, in LANG's language like everything else the terminal says.
      await waitFor(/exit で終了します。/);
      // Slack markup may be rendered for the terminal: only the words are checked.
      child.stdin.write('/deploi example-app nginx:1.27.0\n');
      await waitFor(/というコマンドはありません。/);
      expect(out).toMatch(/Kanaria に \S*\/deploi\S* というコマンドはありません。 \S*\/deploy\S* のことですか？/);
      expect(out).toMatch(/一覧は \S*\/kanaria help\S* で表示できます。/);
      child.stdin.write('/deploy example-ap nginx:1.27.0\n');
      await waitFor(/というアプリはありません。/);
      expect(out).toMatch(
        /Kanaria の設定に \S*example-ap\S* というアプリはありません。 \S*example-app\S* のことですか？/,
      );
      expect(out).not.toMatch(/There is no|Did you mean|has no command/);
    } finally {
      child.stdin.end();
      await stopChild(child);
    }
  });
});
