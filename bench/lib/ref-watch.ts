import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from './util.js';

export interface RefChange {
  /** Date.now() when the new value was seen. */
  readonly at: number;
  readonly sha: string;
}

/**
 * Records every new value of a branch in a bare repository, the moment a push lands: git writes
 * `refs/heads/<branch>.lock` and renames it over the ref, which inotify reports at once (polling with
 * `git rev-parse` would add a process per poll, in the very process being measured). A slow poll of the
 * file backs the watch up; `missedByWatch` says whether it was ever needed.
 */
export class RefWatcher {
  readonly changes: RefChange[] = [];
  missedByWatch = 0;
  private current: string;
  private readonly file: string;
  private readonly watcher: FSWatcher;
  private readonly poll: NodeJS.Timeout;

  constructor(
    bareRepo: string,
    private readonly branch = 'main',
  ) {
    this.file = join(bareRepo, 'refs', 'heads', branch);
    this.current = this.read() ?? '';
    this.watcher = watch(join(bareRepo, 'refs', 'heads'), (_event, name) => {
      if (name === this.branch) this.check(false);
    });
    this.poll = setInterval(() => this.check(true), 50);
  }

  get head(): string {
    return this.current;
  }

  private read(): string | undefined {
    try {
      return readFileSync(this.file, 'utf8').trim();
    } catch {
      return undefined; // between git's unlink and rename, or packed
    }
  }

  private check(fromPoll: boolean): void {
    const sha = this.read();
    if (!sha || sha === this.current) return;
    this.current = sha;
    this.changes.push({ at: Date.now(), sha });
    if (fromPoll) this.missedByWatch++;
  }

  /** The first change recorded at or after index `from` (take `changes.length` before acting). */
  next(from: number, timeoutMs = 30_000): Promise<RefChange> {
    return waitUntil(`a push to ${this.branch}`, () => this.changes[from], timeoutMs);
  }

  close(): void {
    this.watcher.close();
    clearInterval(this.poll);
  }
}
