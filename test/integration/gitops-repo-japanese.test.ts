import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitConflict, GitUnavailable } from '../../src/adapters/git-errors.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { GitRemote } from '../helpers/git-remote.js';
import { openRepo, replace } from '../helpers/gitops-repo.js';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

const scratch = (): string => {
  const workdir = mkdtempSync(join(tmpdir(), 'kanaria-work-'));
  cleanup.push(() => rmSync(workdir, { recursive: true, force: true }));
  return workdir;
};

describe('failures of a real GitOps remote, explained in Japanese', () => {
  it('names the commit that changed the same lines first, and says nothing was committed', async () => {
    const remote = new GitRemote().seed({ 'apps/a.yaml': 'image: a:1\n' });
    cleanup.push(() => remote.remove());
    const { repo } = openRepo(remote.bare, scratch());
    let theirs = '';
    const outsider = () => {
      theirs = remote.commitOutside('hotfix a by hand', { 'apps/a.yaml': 'image: a:hotfix\n' });
    };

    const error = await repo
      .submit(replace('conflict', 'apps/a.yaml', 'a:1', 'a:2', outsider))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitConflict);
    const { message, hint } = explain(wordsFor('ja'), error as GitConflict);
    expect(message).toBe(
      `Kanaria がプッシュしている間に、ブランチ \`main\` 上でコミット \`${theirs.slice(0, 7)}\` (Outsider: 「hotfix a by hand」) が \`apps/a.yaml\` の同じ行を変更しました。何もコミットしていません。`,
    );
    expect(hint).toBe('新しい状態を確認し (/history)、まだ必要ならコマンドをもう一度実行してください。');
    expect(remote.show('apps/a.yaml')).toBe('image: a:hotfix\n');
  });

  it('says the remote could not be reached, quoting git, with what to check, and no credentials', async () => {
    const { repo } = openRepo('http://kanaria:s3cr3t-token@127.0.0.1:9/gitops.git', scratch(), { pushAttempts: 2 });

    const error = await repo.submit(replace('x', 'a.yaml', 'a', 'b')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitUnavailable);
    expect((error as GitUnavailable).facts).toMatchObject({
      remote: 'http://127.0.0.1:9/gitops.git',
      branch: 'main',
      failed: 'fetch',
    });
    const words = explain(wordsFor('ja'), error as GitUnavailable);
    expect(words.message).toMatch(
      /^GitOps リモートから fetch できませんでした: fatal: unable to access .*127\.0\.0\.1/,
    );
    expect(words.hint).toBe(
      'Kanaria はバックオフしながら再試行します。解消しない場合は GITOPS_REPO_URL と Git の認証情報を確認してください。',
    );
    expect(JSON.stringify(words)).not.toContain('s3cr3t-token');
  });
});
