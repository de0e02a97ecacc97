import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPipedTerminal } from '../helpers/cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'kanaria-terminal-ja-commands-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('commands answer in the language of LANG at the terminal', () => {
  it('refuses an unknown command and an unknown app in Japanese, with the closest names', async () => {
    const terminal = startPipedTerminal(cwd, { LANG: 'ja_JP.UTF-8' });
    const { child, waitFor } = terminal;
    try {
      // The ready line, in LANG's language like everything else the terminal says.
      await waitFor(/exit で終了します。/);
      // Slack markup may be rendered for the terminal: only the words are checked.
      child.stdin.write('/deploi example-app nginx:1.27.0\n');
      await waitFor(/というコマンドはありません。/);
      expect(terminal.output()).toMatch(
        /Kanaria に \S*\/deploi\S* というコマンドはありません。 \S*\/deploy\S* のことですか？/,
      );
      expect(terminal.output()).toMatch(/一覧は \S*\/kanaria help\S* で表示できます。/);
      child.stdin.write('/deploy example-ap nginx:1.27.0\n');
      await waitFor(/というアプリはありません。/);
      expect(terminal.output()).toMatch(
        /Kanaria の設定に \S*example-ap\S* というアプリはありません。 \S*example-app\S* のことですか？/,
      );
      expect(terminal.output()).not.toMatch(/There is no|Did you mean|has no command/);
    } finally {
      await terminal.stop();
    }
  });
});
