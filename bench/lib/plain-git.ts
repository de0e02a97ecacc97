import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { GitRemote } from '../../test/helpers/git-remote.js';

/**
 * The baseline: what a commit and push costs with plain simple-git and nothing else, against its own bare
 * repository seeded like Kanaria's. Stages with `add -v` (see STACK-NOTES: simple-git waits ~50 ms more
 * for a git command that prints nothing, and a quiet `git add` is one).
 */
export class PlainGitClone {
  private constructor(
    private readonly remote: GitRemote,
    private readonly dir: string,
    private readonly git: SimpleGit,
  ) {}

  static async create(files: Record<string, string>): Promise<PlainGitClone> {
    const remote = new GitRemote().seed(files);
    const dir = mkdtempSync(join(tmpdir(), 'kanaria-bench-plain-'));
    await simpleGit().clone(remote.bare, dir);
    const git = simpleGit({
      baseDir: dir,
      config: ['user.name=Bench', 'user.email=bench@example.com', 'commit.gpgsign=false'],
    });
    return new PlainGitClone(remote, dir, git);
  }

  /** Writes each file, commits each as its own commit, then pushes once; returns the milliseconds taken. */
  async commitEachThenPush(changes: readonly { path: string; text: string }[]): Promise<number> {
    const start = Date.now();
    for (const { path, text } of changes) {
      await writeFile(join(this.dir, path), text);
      await this.git.raw(['add', '-v', path]);
      await this.git.raw(['commit', '--no-verify', '-m', `bench: ${path}`]);
    }
    await this.git.raw(['push', '--porcelain', 'origin', 'HEAD:main']);
    return Date.now() - start;
  }

  remove(): void {
    this.remote.remove();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
