import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { renderCommitMessage, shortSha, TRAILER, type CommitInfo, type CommitMessage } from '../domain/commits.js';
import { isBrokenWorkingCopy, isPushRace, shownGitFailure } from '../domain/git-failures.js';
import { GitConflict, GitUnavailable, type GitWhere } from './git-errors.js';
import { GitEnded, gitProcess } from './git-process.js';
import { WorkTree } from './git-tree.js';
import { diagnose, emptyWorkingCopy, removeStaleLocks, type Healing } from './working-copy.js';

export type { Healing } from './working-copy.js';

export interface Author {
  readonly name: string;
  readonly email: string;
}

/** What an operation wants committed; no plan means the repo already is as asked. */
export interface CommitPlan {
  readonly message: CommitMessage;
  readonly author?: Author;
}

export interface Operation<T> {
  /** Idempotency key: recorded as a trailer, so an operation already on the remote is not applied twice. */
  readonly requestId: string;
  /** Edits files or stages a revert in the tree; throws a Refusal to refuse. */
  apply(tree: WorkTree): Promise<{ commit?: CommitPlan; detail: T }>;
}

export type Outcome<T> =
  | { readonly status: 'committed'; readonly sha: string; readonly detail: T; readonly pushes: number }
  | { readonly status: 'unchanged'; readonly detail: T }
  | { readonly status: 'already-applied'; readonly sha: string };

/** The GitOps repository as Kanaria uses it: batched, serialised commits, and consistent reads. */
export interface GitOpsRepo {
  submit<T>(op: Operation<T>): Promise<Outcome<T>>;
  read<T>(fn: (tree: WorkTree) => Promise<T>): Promise<T>;
  /** The commit on the remote that carries `requestId`, as `submit` finds it before applying anything again. */
  landed(requestId: string): Promise<string | undefined>;
}

export interface GitOpsRepoOptions {
  readonly url: string;
  readonly branch: string;
  readonly workdir: string;
  readonly committer: Author;
  readonly pushAttempts: number;
  /** Most operations committed together before one push. */
  readonly maxBatch?: number;
  readonly onPush?: (outcome: 'ok' | 'rejected' | 'error', commits: number) => void;
  /** The working copy was damaged (a killed git, credentials left by an older version) and has been repaired. */
  readonly onHeal?: (healing: Healing) => void;
}

const messageOf = (error: unknown): string => String((error as Error)?.message ?? error);

function remoteError(where: GitWhere, failed: 'fetch' | 'push', error: unknown): GitUnavailable {
  // Not attached as a cause: git's raw output stays out of logs and messages; its telling line is enough.
  if (error instanceof GitEnded) {
    return new GitUnavailable({ ...where, failed, detail: '', ended: error.exitCode ?? 'signal' });
  }
  return new GitUnavailable({ ...where, failed, detail: shownGitFailure(messageOf(error)) });
}

interface Waiting {
  readonly op: Operation<unknown>;
  resolve(outcome: Outcome<unknown>): void;
  reject(error: unknown): void;
}

interface Committed {
  readonly waiting: Waiting;
  sha: string;
  readonly detail: unknown;
}

/** One async lane: reads and batches never overlap in the working copy. */
class Lane {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Group commit: operations that arrive while a push is in flight wait and go out together in the next
 * push, each as its own commit. When the remote moved meanwhile, the local commits are replayed one by one
 * on the new head (a rebase that can drop just the commit that conflicts) and pushed again.
 */
export class GitOpsRepository implements GitOpsRepo {
  private readonly git: SimpleGit;
  private readonly tree: WorkTree;
  /** The remote URL as stored in the working copy: without credentials. */
  private readonly url: string;
  private readonly lane = new Lane();
  private waiting: Waiting[] = [];
  private draining = false;
  private ready: Promise<void> | undefined;

  /** Which remote and branch, as failures name them. */
  private get where(): GitWhere {
    return { remote: this.url, branch: this.options.branch };
  }

  constructor(private readonly options: GitOpsRepoOptions) {
    mkdirSync(options.workdir, { recursive: true }); // simple-git wants an existing directory
    const access = gitProcess(options.url, options.workdir);
    this.url = access.url;
    this.git = simpleGit({
      baseDir: options.workdir,
      maxConcurrentProcesses: 1,
      timeout: { block: 60_000 },
      ...access.options,
      config: [
        `user.name=${options.committer.name}`,
        `user.email=${options.committer.email}`,
        'commit.gpgsign=false',
        ...(access.options.config ?? []),
      ],
    }).env(access.env);
    this.tree = new WorkTree(this.git, options.workdir, `origin/${options.branch}`, options.branch);
  }

  submit<T>(op: Operation<T>): Promise<Outcome<T>> {
    return new Promise<Outcome<T>>((resolve, reject) => {
      this.waiting.push({ op, resolve: resolve as Waiting['resolve'], reject });
      if (!this.draining) void this.drain();
    });
  }

  read<T>(fn: (tree: WorkTree) => Promise<T>): Promise<T> {
    return this.lane.run(async () => {
      await this.sync();
      return fn(this.tree);
    });
  }

  landed(requestId: string): Promise<string | undefined> {
    return this.read(async () => (await this.appliedRequests()).get(requestId));
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch ?? 50);
      await this.lane
        .run(() => this.runBatch(batch))
        .catch((error: unknown) => {
          // Checked again (locks, fsck) before the next use; the jobs' retries find what did land by its trailer.
          if (isBrokenWorkingCopy(messageOf(error))) this.ready = undefined;
          batch.forEach((w) => w.reject(error));
        });
    }
    this.draining = false;
  }

  /**
   * Checks and sets up the working copy on first use; then makes it exactly the remote branch. When git says the
   * copy is damaged, the first-use checks run again (stale locks go; a copy failing them is re-cloned), and if
   * git still says so, it is emptied and fetched again: the remote holds the truth.
   */
  private async sync(): Promise<void> {
    for (let repairs = 0; ; repairs++) {
      await this.prepared();
      try {
        return await this.refresh();
      } catch (error) {
        if (repairs === 2 || !isBrokenWorkingCopy(messageOf(error))) throw error;
        if (repairs === 1) this.reclone(shownGitFailure(messageOf(error)));
        this.ready = undefined;
      }
    }
  }

  private prepared(): Promise<void> {
    this.ready ??= this.prepare().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async refresh(): Promise<void> {
    try {
      // -v: simple-git waits 50 ms more for any command that prints nothing; a verbose fetch always prints.
      await this.git.raw([
        'fetch',
        '-v',
        '--no-tags',
        'origin',
        `+refs/heads/${this.options.branch}:refs/remotes/origin/${this.options.branch}`,
      ]);
    } catch (error) {
      throw isBrokenWorkingCopy(messageOf(error)) ? error : remoteError(this.where, 'fetch', error);
    }
    // Operations only change tracked files (or stage a revert), so a hard reset restores the tree;
    // untracked leftovers are cleaned where an operation failed.
    await this.git.raw(['reset', '--hard', `origin/${this.options.branch}`]);
  }

  /** Runs in the lane, so no git of ours is running: locks found now were left by a killed one. */
  private async prepare(): Promise<void> {
    const { workdir } = this.options;
    const locks = removeStaleLocks(workdir);
    if (locks.length > 0)
      this.options.onHeal?.({
        action: 'removed-stale-locks',
        reason: `left by a git that was killed: ${locks.join(', ')}`,
      });
    const broken = await diagnose(this.git, workdir);
    if (broken) this.reclone(broken);
    if (!existsSync(join(workdir, '.git'))) await this.git.raw(['init', '--quiet']);
    const remotes = await this.git.getRemotes();
    if (remotes.some((r) => r.name === 'origin')) await this.git.raw(['remote', 'set-url', 'origin', this.url]);
    else await this.git.raw(['remote', 'add', 'origin', this.url]);
    // Detach so that `reset --hard origin/<branch>` never fights a checked-out local branch.
    await this.git.raw(['checkout', '--quiet', '--detach']).catch(() => undefined);
  }

  /** Empties the working copy; the next prepare fetches it again. Unpushed commits never live there between batches. */
  private reclone(reason: string): void {
    emptyWorkingCopy(this.options.workdir);
    this.options.onHeal?.({ action: 'recloned', reason });
  }

  private async runBatch(batch: Waiting[]): Promise<void> {
    await this.sync();
    const done = await this.appliedRequests();
    const committed: Committed[] = [];
    for (const waiting of batch) {
      const previous = done.get(waiting.op.requestId);
      if (previous) {
        waiting.resolve({ status: 'already-applied', sha: previous });
        continue;
      }
      try {
        const { commit, detail } = await waiting.op.apply(this.tree);
        const sha = commit ? await this.commit(waiting.op.requestId, commit) : undefined;
        if (sha) committed.push({ waiting, sha, detail });
        else waiting.resolve({ status: 'unchanged', detail });
      } catch (error) {
        await this.git.raw(['reset', '--hard', 'HEAD']);
        await this.git.raw(['clean', '-fdq']);
        waiting.reject(error);
      }
    }
    await this.push(committed);
  }

  /** Request ids of Kanaria commits already on the remote (recent history is enough: retries come within hours). */
  private async appliedRequests(): Promise<Map<string, string>> {
    const recent = await this.tree.log({ limit: 500 });
    return new Map(
      recent.flatMap((c) =>
        c.trailers[TRAILER.request] ? [[c.trailers[TRAILER.request] as string, c.sha] as const] : [],
      ),
    );
  }

  private async commit(requestId: string, plan: CommitPlan): Promise<string | undefined> {
    // `add -v` prints what it adds (simple-git waits 50 ms more after silent commands); nothing printed: nothing changed.
    if (
      (await this.git.raw(['add', '-A', '-v'])).trim() === '' &&
      (await this.git.raw(['diff', '--cached', '--name-only'])).trim() === ''
    )
      return undefined;
    const message = renderCommitMessage({
      ...plan.message,
      trailers: { ...plan.message.trailers, [TRAILER.request]: requestId },
    });
    const author = plan.author ?? this.options.committer;
    await this.git.raw(['commit', '--no-verify', `--author=${author.name} <${author.email}>`, '-m', message]);
    return (await this.git.raw(['rev-parse', 'HEAD'])).trim();
  }

  private async push(committed: Committed[]): Promise<void> {
    let pending = committed;
    for (let attempt = 1; pending.length > 0; attempt++) {
      try {
        await this.git.raw(['push', '--porcelain', 'origin', `HEAD:refs/heads/${this.options.branch}`]);
        this.options.onPush?.('ok', pending.length);
        for (const c of pending)
          c.waiting.resolve({ status: 'committed', sha: c.sha, detail: c.detail, pushes: attempt });
        return;
      } catch (error) {
        if (!isPushRace(messageOf(error))) {
          if (isBrokenWorkingCopy(messageOf(error))) this.ready = undefined;
          this.options.onPush?.('error', pending.length);
          const failure = remoteError(this.where, 'push', error);
          for (const c of pending) c.waiting.reject(failure);
          return;
        }
        this.options.onPush?.('rejected', pending.length);
        if (attempt >= this.options.pushAttempts) {
          const failure = new GitUnavailable({ ...this.where, failed: 'push-race', pushes: attempt });
          for (const c of pending) c.waiting.reject(failure);
          return;
        }
        pending = await this.replayOnRemote(pending);
      }
    }
  }

  /** Rebases the unpushed commits onto the new remote head one at a time, dropping those that conflict. */
  private async replayOnRemote(pending: Committed[]): Promise<Committed[]> {
    await this.sync();
    const kept: Committed[] = [];
    for (const c of pending) {
      try {
        await this.git.raw(['cherry-pick', '--allow-empty', '--keep-redundant-commits', c.sha]);
        const empty = (await this.git.raw(['diff', '--name-only', 'HEAD~1', 'HEAD'])).trim() === '';
        if (empty) {
          // Someone else made the very same change meanwhile: nothing left to push for this one.
          await this.git.raw(['reset', '--hard', 'HEAD~1']);
          c.waiting.resolve({ status: 'unchanged', detail: c.detail });
          continue;
        }
        c.sha = (await this.git.raw(['rev-parse', 'HEAD'])).trim();
        kept.push(c);
      } catch {
        await this.git.raw(['cherry-pick', '--abort']).catch(() => undefined);
        await this.git.raw(['reset', '--hard', 'HEAD']);
        c.waiting.reject(await this.conflictError(c.sha));
      }
    }
    return kept;
  }

  private async conflictError(sha: string): Promise<GitConflict> {
    const files = await this.tree.changedFiles(sha);
    const theirs = await this.firstConflicting(sha, files).catch(() => undefined);
    return new GitConflict(
      this.options.branch,
      files,
      theirs && { commit: shortSha(theirs.sha), author: theirs.authorName, subject: theirs.subject },
    );
  }

  /**
   * The commit that got there first: the oldest one since `sha`'s parent with which `sha` no longer merges. The
   * newest commit touching the file would often be an unrelated change to other lines of a shared manifest.
   * (git 2.39's merge-tree has no `--merge-base`: its older three-way form shows conflicts as `+<<<<<<<` lines.)
   */
  private async firstConflicting(sha: string, files: readonly string[]): Promise<CommitInfo | undefined> {
    const base = `${sha}^`;
    const candidates = (await this.git.raw(['rev-list', '--reverse', `${base}..HEAD`, '--', ...files]))
      .split('\n')
      .filter(Boolean);
    for (const candidate of candidates) {
      const merged = await this.git.raw(['merge-tree', base, candidate, sha]);
      if (/^\+<<<<<<< /m.test(merged)) return this.tree.commitInfo(candidate);
    }
    return undefined;
  }
}
