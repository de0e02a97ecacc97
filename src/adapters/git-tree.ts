import { lstat, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { parseTrailers, revertedSha, shortSha, type CommitInfo } from '../domain/commits.js';
import { PathRefused, RevertRefused } from './git-errors.js';

const FIELD = '\x1f';
const RECORD = '\x1e';
const LOG_FORMAT = ['%H', '%an', '%ae', '%aI', '%s', '%B'].join('%x1f') + '%x1e';

/** Parses `git log --format=LOG_FORMAT` output. */
export function parseLog(output: string): CommitInfo[] {
  return output
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.includes(FIELD))
    .map((record) => {
      const [sha = '', authorName = '', authorEmail = '', date = '', subject = '', message = ''] = record.split(FIELD);
      const trailers = parseTrailers(message);
      const reverts = revertedSha(message, trailers);
      return { sha, authorName, authorEmail, date, subject, trailers, ...(reverts !== undefined && { reverts }) };
    });
}

/**
 * The working copy as an operation sees it: files by repo-relative path (never through a symlink, never
 * outside the repo), history of the remote branch, and `git revert` staged for the caller to commit.
 */
export class WorkTree {
  constructor(
    private readonly git: SimpleGit,
    readonly root: string,
    /** e.g. `origin/main` */
    readonly upstream: string,
    readonly branch: string,
  ) {}

  /** Refuses paths whose any component is a symlink: writing through one could change another app's file. */
  private async safePath(path: string): Promise<string> {
    const parts = path.split('/');
    if (path.startsWith('/') || parts.includes('..') || parts.includes('')) {
      throw new PathRefused('escapes', path, this.branch);
    }
    for (let i = 1; i <= parts.length; i++) {
      const partial = parts.slice(0, i).join('/');
      let stat;
      try {
        stat = await lstat(join(this.root, partial));
      } catch {
        throw new PathRefused('missing', path, this.branch);
      }
      if (stat.isSymbolicLink()) throw new PathRefused('symlink', partial, this.branch);
    }
    return join(this.root, path);
  }

  async readFile(path: string): Promise<string> {
    return readFile(await this.safePath(path), 'utf8');
  }

  async writeFile(path: string, text: string): Promise<void> {
    await writeFile(await this.safePath(path), text, 'utf8');
  }

  /**
   * Commits of the remote branch, newest first, optionally only those touching `paths`, and with `grep` only those
   * whose message has a line matching it (git's basic regular expression).
   */
  async log(options: { paths?: readonly string[]; limit: number; ref?: string; grep?: string }): Promise<CommitInfo[]> {
    const args = ['log', `--format=${LOG_FORMAT}`, `-n${options.limit}`, options.ref ?? this.upstream];
    if (options.grep !== undefined) args.push(`--grep=${options.grep}`);
    if (options.paths) args.push('--', ...options.paths);
    return parseLog(await this.git.raw(args));
  }

  /** The full sha of a commit reachable from the remote branch, or undefined. */
  async resolve(commit: string): Promise<string | undefined> {
    try {
      const sha = (await this.git.raw(['rev-parse', '--verify', '--quiet', `${commit}^{commit}`])).trim();
      const reachable = await this.git.raw(['merge-base', '--is-ancestor', sha, this.upstream]).then(
        () => true,
        () => false,
      );
      return reachable ? sha : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether `ancestor` is contained in `descendant` (false when either is unknown here). */
  async contains(descendant: string, ancestor: string): Promise<boolean> {
    return this.git.raw(['merge-base', '--is-ancestor', ancestor, descendant]).then(
      () => true,
      () => false,
    );
  }

  async commitInfo(sha: string): Promise<CommitInfo | undefined> {
    return (await this.log({ limit: 1, ref: sha }))[0];
  }

  async changedFiles(sha: string): Promise<string[]> {
    const out = await this.git.raw(['diff-tree', '--no-commit-id', '--name-only', '-r', '-m', '--root', sha]);
    return [...new Set(out.split('\n').filter(Boolean))];
  }

  async parentCount(sha: string): Promise<number> {
    const out = await this.git.raw(['rev-list', '--parents', '-n1', sha]);
    return out.trim().split(/\s+/).length - 1;
  }

  /**
   * Stages the inverse of `sha`; refuses the repository's first commit (its inverse deletes every file it added,
   * which git reports as a missing file or a conflict); throws RevertRefused `conflict` (and cleans up) when it
   * does not apply.
   */
  async stageRevert(sha: string): Promise<void> {
    if ((await this.parentCount(sha)) === 0) throw new RevertRefused('first-commit', shortSha(sha));
    try {
      await this.git.raw(['revert', '--no-commit', sha]);
    } catch {
      await this.git.raw(['revert', '--abort']).catch(() => undefined);
      throw new RevertRefused('conflict', shortSha(sha));
    }
  }

  /** What the working copy would commit, as a unified diff (for --dry-run). */
  async diff(): Promise<string> {
    await this.git.raw(['add', '-A', '-v']);
    return this.git.raw(['diff', '--cached', '--no-color', 'HEAD']);
  }
}
