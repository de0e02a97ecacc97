import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const identity = {
  GIT_AUTHOR_NAME: 'Outsider',
  GIT_AUTHOR_EMAIL: 'outsider@example.com',
  GIT_COMMITTER_NAME: 'Outsider',
  GIT_COMMITTER_EMAIL: 'outsider@example.com',
};

/** A real bare repository as the GitOps remote, plus a second clone to play "someone else pushes". */
export class GitRemote {
  readonly root = mkdtempSync(join(tmpdir(), 'kanaria-git-'));
  readonly bare = join(this.root, 'gitops.git');
  private readonly outside = join(this.root, 'outside');

  git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...identity } });
  }

  /** Creates the remote with these files on `main`. */
  seed(files: Record<string, string>): this {
    this.git(this.root, 'init', '--bare', '--quiet', '--initial-branch=main', this.bare);
    this.git(this.root, 'clone', '--quiet', this.bare, this.outside);
    this.git(this.outside, 'checkout', '--quiet', '-B', 'main');
    this.write(files);
    this.git(this.outside, 'commit', '--quiet', '-m', 'seed');
    this.git(this.outside, 'push', '--quiet', 'origin', 'HEAD:main');
    return this;
  }

  /** Commits and pushes as another person would, straight to the remote. */
  commitOutside(message: string, files: Record<string, string>): string {
    this.git(this.outside, 'pull', '--quiet', '--rebase', 'origin', 'main');
    this.write(files);
    this.git(this.outside, 'commit', '--quiet', '-m', message);
    this.git(this.outside, 'push', '--quiet', 'origin', 'HEAD:main');
    return this.head();
  }

  private write(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.outside, path)), { recursive: true });
      writeFileSync(join(this.outside, path), text);
    }
    this.git(this.outside, 'add', '-A');
  }

  head(): string {
    return this.git(this.bare, 'rev-parse', 'main').trim();
  }

  /** A file as it is on the remote's main. */
  show(path: string, ref = 'main'): string {
    return this.git(this.bare, 'show', `${ref}:${path}`);
  }

  /** `git log` of the remote: one object per commit, newest first. */
  log(): { sha: string; author: string; subject: string; body: string }[] {
    const out = this.git(this.bare, 'log', '--format=%H%x1f%an <%ae>%x1f%s%x1f%B%x1e', 'main');
    return out
      .split('\x1e')
      .filter((r) => r.includes('\x1f'))
      .map((r) => {
        const [sha = '', author = '', subject = '', body = ''] = r.replace(/^\n/, '').split('\x1f');
        return { sha, author, subject, body };
      });
  }

  read(path: string): string {
    return readFileSync(path, 'utf8');
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
