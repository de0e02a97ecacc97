import { existsSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { shownGitFailure } from '../domain/git-failures.js';
import { splitRemoteUrl } from '../domain/remote-url.js';

/** What was repaired in the working copy, for the log (never holds credentials). */
export interface Healing {
  readonly action: 'removed-stale-locks' | 'recloned';
  readonly reason: string;
}

/** `*.lock` files under `.git` (outside objects/), as paths relative to the working copy. */
function lockFiles(gitDir: string, root: string): string[] {
  if (!existsSync(gitDir)) return [];
  return readdirSync(gitDir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(gitDir, entry.name);
    if (entry.isDirectory()) return entry.name === 'objects' ? [] : lockFiles(path, root);
    return entry.name.endsWith('.lock') ? [relative(root, path)] : [];
  });
}

/**
 * Removes the lock files in the working copy. Call only when no git process of ours runs there (inside the
 * repo's lane): a lock that exists then was left by a git that was killed, and git's lock protocol means the
 * file it guarded is still whole.
 */
export function removeStaleLocks(workdir: string): string[] {
  const locks = lockFiles(join(workdir, '.git'), workdir);
  for (const lock of locks) rmSync(join(workdir, lock), { force: true });
  return locks;
}

/** Empties the working copy (not the directory itself: it may be a mounted volume). */
export function emptyWorkingCopy(workdir: string): void {
  for (const entry of readdirSync(workdir)) rmSync(join(workdir, entry), { recursive: true, force: true });
}

const failure = (error: unknown): string => shownGitFailure(String((error as Error)?.message ?? error));

/**
 * Why the working copy cannot be trusted, or undefined when it can (or is simply empty). Cheap checks only:
 * `.git` is this directory's repository, no credentials in its config, and `git fsck --connectivity-only`
 * (about 75 ms for 5,000 commits), run when Kanaria starts using the copy and after a failure that hinted damage.
 */
export async function diagnose(git: SimpleGit, workdir: string): Promise<string | undefined> {
  const gitDir = join(workdir, '.git');
  if (!existsSync(gitDir)) return readdirSync(workdir).length > 0 ? 'files without a .git directory' : undefined;
  try {
    const found = (await git.raw(['rev-parse', '--absolute-git-dir'])).trim();
    if (found !== realpathSync(gitDir)) return 'its .git is not a repository of its own';
  } catch (error) {
    return failure(error);
  }
  const urls = await git.raw(['config', '--get-regexp', '^remote\\..*url$']).catch(() => '');
  if (urls.split('\n').some((line) => splitRemoteUrl(line.split(' ').slice(1).join(' ')).credentials)) {
    return '.git/config holds a remote URL with credentials (written by an older Kanaria)';
  }
  try {
    await git.raw(['fsck', '--connectivity-only', '--no-dangling', '--no-progress']);
    return undefined;
  } catch (error) {
    return `git fsck: ${failure(error)}`;
  }
}
