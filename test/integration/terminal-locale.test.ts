import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPipedTerminal } from '../helpers/cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'kanaria-terminal-ja-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('the terminal adapter speaks the language of LANG', () => {
  it('starts, answers /kanaria help, a grammar error and its own refusals in Japanese under LANG=ja_JP.UTF-8', async () => {
    const terminal = startPipedTerminal(cwd, { LANG: 'ja_JP.UTF-8' });
    const { child, waitFor } = terminal;
    try {
      await waitFor(/\/kanaria help と入力するか、exit で終了します。/);
      // Start-up: its progress, which commands are on and off, and the ready line.
      const repo = join(cwd, '.kanaria/gitops.git');
      expect(terminal.output().trim().split('\n')).toEqual([
        `初回起動: example-app を含むローカルの GitOps リポジトリを ${repo} に作成し、それを指す .kanaria/kanaria.yaml を作成しました。`,
        'Redis を起動しています… (専用の redis-server、データは .kanaria/redis)',
        `GitOps リポジトリをクローンしています… (${repo})`,
        '有効: /deploy, /scale, /rollback, /promote, /pipeline, /approve, /reject, /lock, /unlock, /history。',
        expect.stringMatching(
          /^無効: \/sync, \/status, \/canary, \/analyze, \/gpu, \/gpu idle, \/gpu why: Kubernetes の認証情報がありません。.*KUBECONFIG/,
        ),
        '無効: /analyze, /gpu idle, /gpu usage, /slo: Prometheus がありません。有効にするには PROMETHEUS_URL を設定してください (例: http://prometheus:9090)。',
        `Kanaria (ターミナル) の準備ができました — GitOps リポジトリ ${repo}、ブランチ main。/kanaria help と入力するか、exit で終了します。`,
      ]);
      // The REPL's own words.
      child.stdin.write('9\n');
      await waitFor(/ボタン \[9\] はありません。/);
      child.stdin.write('hello\n');
      await waitFor(/スラッシュコマンド、ボタンの番号、または \S*exit\S* を入力してください。/);
      child.stdin.write('/kanaria help\n');
      await waitFor(/このヘルプを表示します/);
      // Slack markup may be rendered for the terminal: only the words are checked.
      expect(terminal.output()).toMatch(
        /Kanaria\S* はGitOpsリポジトリへのコミットを通じて、クラスタで動くものを変更します。/,
      );
      child.stdin.write('/deploy example-app\n');
      await waitFor(/引数が足りません。/);
      expect(terminal.output()).toMatch(
        /使い方: \S*\/deploy <app> <image\[:tag\]\[@digest\]> \[--dry-run\] \[--when-open\] \[--override "<reason>"\]\S* 例: /,
      );
    } finally {
      await terminal.stop();
    }
  });
});
