import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN_FROM_SOURCE, stopChild } from '../helpers/cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'kanaria-terminal-ja-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('the terminal adapter speaks the language of LANG', () => {
  it('starts, answers /kanaria help, a grammar error and its own refusals in Japanese under LANG=ja_JP.UTF-8', async () => {
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
      await waitFor(/\/kanaria help と入力するか、exit で終了します。/);
      // Start-up: its progress, which commands are on and off, and the ready line.
      const repo = join(cwd, '.kanaria/gitops.git');
      expect(out.trim().split('\n')).toEqual([
        `初回起動: example-app を含むローカルの GitOps リポジトリを ${repo} に作成し、それを指す .kanaria/kanaria.yaml を作成しました。`,
        'Redis を起動しています… (専用の redis-server、データは .kanaria/redis)',
        `GitOps リポジトリをクローンしています… (${repo})`,
        '有効: /deploy, /scale, /rollback, /history。',
        expect.stringMatching(
          /^無効: \/sync, \/status, \/canary, \/analyze, \/gpu: Kubernetes の認証情報がありません。.*KUBECONFIG/,
        ),
        '無効: /analyze: Prometheus がありません。有効にするには PROMETHEUS_URL を設定してください (例: http://prometheus:9090)。',
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
      expect(out).toMatch(/Kanaria\S* はGitOpsリポジトリへのコミットを通じて、クラスタで動くものを変更します。/);
      child.stdin.write('/deploy example-app\n');
      await waitFor(/引数が足りません。/);
      expect(out).toMatch(/使い方: \S*\/deploy <app> <image\[:tag\]\[@digest\]> \[--dry-run\]\S* 例: /);
    } finally {
      child.stdin.end();
      await stopChild(child);
    }
  });
});
