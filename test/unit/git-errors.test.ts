import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import {
  GitConflict,
  GitUnavailable,
  PathRefused,
  RevertRefused,
  type GitFailureFacts,
} from '../../src/adapters/git-errors.js';
import { failedUnlessExitZero, GitEnded } from '../../src/adapters/git-process.js';
import { Refusal, TransientError } from '../../src/domain/errors.js';
import { explain, wordsFor } from '../../src/i18n/index.js';

const where = { remote: 'https://git.example.com/platform/gitops.git', branch: 'main' };
const kindOf = (error: Error): string =>
  error instanceof Refusal ? 'refusal' : error instanceof TransientError ? 'transient' : 'neither';

describe('GitUnavailable: the remote may come back, so the job is retried', () => {
  const retryHint = 'Kanaria retries with backoff; if this persists, check GITOPS_REPO_URL and the git credentials.';
  it.each<[string, GitFailureFacts, string, string, string, string]>([
    [
      'a fetch git explains',
      { ...where, failed: 'fetch', detail: "fatal: Authentication failed for 'https://git.example.com/x.git/'" },
      'errorsGit.fetchFailed',
      "Could not fetch from the GitOps remote: fatal: Authentication failed for 'https://git.example.com/x.git/'",
      retryHint,
      "GitOps リモートから fetch できませんでした: fatal: Authentication failed for 'https://git.example.com/x.git/'",
    ],
    [
      'a fetch git said nothing about',
      { ...where, failed: 'fetch', detail: '' },
      'errorsGit.fetchFailed',
      'Could not fetch from the GitOps remote: no answer',
      retryHint,
      'GitOps リモートから fetch できませんでした: 応答がありません',
    ],
    [
      'a fetch killed by a signal',
      { ...where, failed: 'fetch', detail: '', ended: 'signal' },
      'errorsGit.fetchFailed',
      'Could not fetch from the GitOps remote: git ended without an exit code of 0 (killed by a signal)',
      retryHint,
      'GitOps リモートから fetch できませんでした: git が終了コード 0 以外で終了しました (シグナルで強制終了)',
    ],
    [
      'a push git explains',
      {
        ...where,
        failed: 'push',
        detail: "fatal: unable to access 'https://git.example.com/x.git/': Could not resolve host",
      },
      'errorsGit.pushFailed',
      "Could not push to the GitOps remote: fatal: unable to access 'https://git.example.com/x.git/': Could not resolve host",
      retryHint,
      "GitOps リモートにプッシュできませんでした: fatal: unable to access 'https://git.example.com/x.git/': Could not resolve host",
    ],
    [
      'a push git said nothing about',
      { ...where, failed: 'push', detail: '' },
      'errorsGit.pushFailed',
      'Could not push to the GitOps remote: no answer',
      retryHint,
      'GitOps リモートにプッシュできませんでした: 応答がありません',
    ],
    [
      'a push that ended with an exit code alone',
      { ...where, failed: 'push', detail: '', ended: 128 },
      'errorsGit.pushFailed',
      'Could not push to the GitOps remote: git ended without an exit code of 0 (exit code 128)',
      retryHint,
      'GitOps リモートにプッシュできませんでした: git が終了コード 0 以外で終了しました (終了コード 128)',
    ],
    [
      'one push raced',
      { ...where, failed: 'push-race', pushes: 1 },
      'errorsGit.pushRaced',
      'The GitOps branch `main` kept moving: 1 push was rejected.',
      'Kanaria retries with backoff.',
      'GitOps ブランチ `main` が更新され続けたため、プッシュが 1 回拒否されました。',
    ],
    [
      'every push raced',
      { ...where, failed: 'push-race', pushes: 5 },
      'errorsGit.pushRaced',
      'The GitOps branch `main` kept moving: 5 pushes were rejected.',
      'Kanaria retries with backoff.',
      'GitOps ブランチ `main` が更新され続けたため、プッシュが 5 回拒否されました。',
    ],
  ])('%s', (_name, facts, key, en, hint, ja) => {
    const error = new GitUnavailable(facts);
    expect(kindOf(error)).toBe('transient');
    expect(error).toMatchObject({ key, facts });
    expect(error.params).toMatchObject({ remote: where.remote, branch: 'main', failed: facts.failed });
    expect(explain(wordsFor('en'), error)).toEqual({ message: en, hint });
    expect(explain(wordsFor('ja'), error).message).toBe(ja);
    expect(explain(wordsFor('ja'), error).hint).toMatch(/^Kanaria はバックオフしながら再試行します。/);
  });

  it("shows what a remote said without letting it mention anyone, and keeps git's words as they were in its facts", () => {
    const detail = 'remote: error: <!channel> push refused & logged';
    const error = new GitUnavailable({ ...where, failed: 'push', detail });
    expect(error.facts).toMatchObject({ detail });
    for (const locale of ['en', 'ja'] as const) {
      const { message } = explain(wordsFor(locale), error);
      expect(message).toContain('&lt;!channel&gt; push refused &amp; logged');
      expect(message).not.toContain('<!channel>');
    }
  });

  it('logs what failed where, not a sentence for people', () => {
    expect(new GitUnavailable({ ...where, failed: 'fetch', detail: '', ended: 'signal' }).message).toBe(
      'fetch https://git.example.com/platform/gitops.git main: no answer (signal)',
    );
  });
});

describe('refusals of the GitOps repository: answered, never retried', () => {
  const theirs = { commit: 'abc1234', author: 'Outsider', subject: 'hotfix a by hand' };
  it.each<[string, Error, string, Record<string, unknown>, string, string, string]>([
    [
      'a conflict naming the commit that got there first',
      new GitConflict('main', ['apps/a.yaml', 'apps/b.yaml'], theirs),
      'errorsGit.conflictWithCommit',
      { branch: 'main', files: ['apps/a.yaml', 'apps/b.yaml'], ...theirs },
      'While Kanaria was pushing, `apps/a.yaml`, `apps/b.yaml` was changed on `main` by commit `abc1234` (Outsider: "hotfix a by hand"), on the same lines. Nothing was committed.',
      'Check the new state (/history), then run the command again if it is still wanted.',
      'Kanaria がプッシュしている間に、ブランチ `main` 上でコミット `abc1234` (Outsider: 「hotfix a by hand」) が `apps/a.yaml`, `apps/b.yaml` の同じ行を変更しました。何もコミットしていません。',
    ],
    [
      'a conflict whose commit was not found',
      new GitConflict('main', ['apps/a.yaml']),
      'errorsGit.conflict',
      { branch: 'main', files: ['apps/a.yaml'] },
      'While Kanaria was pushing, `apps/a.yaml` was changed on `main`, on the same lines. Nothing was committed.',
      'Check the new state (/history), then run the command again if it is still wanted.',
      'Kanaria がプッシュしている間に、ブランチ `main` 上で `apps/a.yaml` の同じ行が変更されました。何もコミットしていません。',
    ],
    [
      'a rollback of the first commit',
      new RevertRefused('first-commit', '1a2b3c4'),
      'errorsGit.firstCommit',
      { commit: '1a2b3c4' },
      "`1a2b3c4` is the repository's first commit: there is nothing before it to go back to.",
      'Roll back a later commit (see `/history`), or set the version you want with `/deploy`.',
      '`1a2b3c4` はリポジトリの最初のコミットです。これより前に戻る状態はありません。',
    ],
    [
      'a revert that conflicts',
      new RevertRefused('conflict', '1a2b3c4'),
      'errorsGit.revertConflict',
      { commit: '1a2b3c4' },
      'Reverting `1a2b3c4` conflicts with later changes to the same lines.',
      'Roll back the later change first, or use /deploy to set the version you want.',
      '`1a2b3c4` のリバートが、同じ行へのその後の変更とコンフリクトします。',
    ],
    [
      'a path out of the repository',
      new PathRefused('escapes', '../etc/passwd', 'main'),
      'errorsGit.path.escapes',
      { path: '../etc/passwd', branch: 'main' },
      'The manifest path `../etc/passwd` escapes the GitOps repo.',
      'Use a path relative to the repo root in kanaria.yaml.',
      'マニフェストのパス `../etc/passwd` が GitOps リポジトリの外を指しています。',
    ],
    [
      'a path through a symbolic link',
      new PathRefused('symlink', 'apps/link.yaml', 'main'),
      'errorsGit.path.symlink',
      { path: 'apps/link.yaml', branch: 'main' },
      '`apps/link.yaml` is a symbolic link; Kanaria edits only regular files inside the repo.',
      'Point apps.<app>.manifest at the real file.',
      '`apps/link.yaml` はシンボリックリンクです。Kanaria はリポジトリ内の通常のファイルだけを編集します。',
    ],
    [
      'a file that is not there',
      new PathRefused('missing', 'apps/web/deploy.yaml', 'main'),
      'errorsGit.path.missing',
      { path: 'apps/web/deploy.yaml', branch: 'main' },
      '`apps/web/deploy.yaml` does not exist on branch `main` of the GitOps repo.',
      'Check apps.<app>.manifest in kanaria.yaml, or whether someone moved the file.',
      '`apps/web/deploy.yaml` は GitOps リポジトリのブランチ `main` に存在しません。',
    ],
  ])('%s', (_name, error, key, params, en, hint, ja) => {
    expect(kindOf(error)).toBe('refusal');
    expect(error).toMatchObject({ key, params });
    expect(explain(wordsFor('en'), error as Refusal)).toEqual({ message: en, hint });
    const words = explain(wordsFor('ja'), error as Refusal);
    expect(words.message).toBe(ja);
    expect(words.hint).toMatch(/ください。$/);
  });

  it("does not let an outsider's commit mention anyone in a conflict", () => {
    const error = new GitConflict('main', ['apps/a.yaml'], { ...theirs, author: '<!here>', subject: 'a <@U123> b' });
    const { message } = explain(wordsFor('en'), error);
    expect(message).toContain('(&lt;!here&gt;: "a &lt;@U123&gt; b")');
    expect(error.theirs).toMatchObject({ author: '<!here>' });
  });
});

describe('a git that fails without a word', () => {
  it('reaches the caller as GitEnded with its exit code, through simple-git', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanaria-ended-'));
    try {
      const git = simpleGit({ baseDir: dir, errors: failedUnlessExitZero, config: ['user.name=K', 'user.email=k@x'] });
      await git.raw(['init', '--quiet']);
      await git.raw(['commit', '--quiet', '--allow-empty', '-m', 'one']);
      await git.raw(['commit', '--quiet', '--allow-empty', '-m', 'two']);
      // "Is HEAD an ancestor of HEAD~1?" git answers "no" with exit code 1 and nothing on stderr.
      const error = await git.raw(['merge-base', '--is-ancestor', 'HEAD', 'HEAD~1']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitEnded);
      expect(error).toMatchObject({ exitCode: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
