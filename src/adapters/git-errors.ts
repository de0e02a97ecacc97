import { Refusal, TransientError } from '../domain/errors.js';
import { escape } from '../domain/quote.js';

/** Which remote and branch a failure is about; the URL as the working copy stores it (credentials removed). */
export interface GitWhere {
  readonly remote: string;
  readonly branch: string;
}

/** What went wrong with the GitOps remote, without credentials. */
export type GitFailureFacts = GitWhere &
  (
    | {
        /** git failed to fetch from or push to the remote. */
        readonly failed: 'fetch' | 'push';
        /** git's own explanation (its telling line, credentials cut out); empty when git said nothing. */
        readonly detail: string;
        /** How a git that said nothing ended: killed by a signal, or with this exit code. */
        readonly ended?: 'signal' | number;
      }
    | {
        /** Every push in a row was rejected because the branch moved. */
        readonly failed: 'push-race';
        /** How many pushes were rejected. */
        readonly pushes: number;
      }
  );

const keys = { fetch: 'errorsGit.fetchFailed', push: 'errorsGit.pushFailed', 'push-race': 'errorsGit.pushRaced' };

/** What the catalog shows for git's side of a failure (errorsGit.why.*): its words, how it ended, or nothing. */
const why = (facts: { detail: string; ended?: 'signal' | number }): string =>
  facts.detail !== '' ? 'said' : facts.ended === 'signal' ? 'killed' : facts.ended !== undefined ? 'exited' : 'silent';

/**
 * The GitOps remote could not be reached, refused the credentials, or kept moving: it may come back, so the job
 * is retried. git's explanation is Slack-escaped where it is shown: a remote's words must not mention anyone.
 */
export class GitUnavailable extends TransientError {
  override readonly name = 'GitUnavailable';
  constructor(readonly facts: GitFailureFacts) {
    super(
      keys[facts.failed],
      'detail' in facts
        ? { ...facts, detail: escape(facts.detail), why: why(facts), exitCode: facts.ended }
        : { ...facts, count: facts.pushes },
    );
    // For logs: what failed where, not a sentence for people.
    const what =
      'detail' in facts ? facts.detail || `no answer (${facts.ended ?? 'silent'})` : `${facts.pushes} pushes rejected`;
    this.message = `${facts.failed} ${facts.remote} ${facts.branch}: ${what}`;
  }
}

/** The commit that changed the same lines first, as a conflict names it. */
export interface TheirCommit {
  /** Short sha. */
  readonly commit: string;
  readonly author: string;
  readonly subject: string;
}

/**
 * While Kanaria was pushing, someone changed the same lines of `files` on the branch: the change is dropped (nothing
 * committed) and the person decides whether it is still wanted. Names the commit that got there first, when found.
 */
export class GitConflict extends Refusal {
  override readonly name = 'GitConflict';
  constructor(
    readonly branch: string,
    readonly files: readonly string[],
    readonly theirs?: TheirCommit,
  ) {
    super(
      theirs ? 'errorsGit.conflictWithCommit' : 'errorsGit.conflict',
      theirs
        ? { branch, files, ...theirs, author: escape(theirs.author), subject: escape(theirs.subject) }
        : { branch, files },
    );
  }
}

/**
 * A revert Kanaria cannot stage: `first-commit` (the repository's first commit has nothing before it: its inverse
 * deletes every file) or `conflict` (later changes to the same lines). `commit` is the short sha.
 */
export class RevertRefused extends Refusal {
  override readonly name = 'RevertRefused';
  constructor(
    readonly reason: 'first-commit' | 'conflict',
    readonly commit: string,
  ) {
    super(reason === 'first-commit' ? 'errorsGit.firstCommit' : 'errorsGit.revertConflict', { commit });
  }
}

/**
 * A manifest path Kanaria will not touch: `escapes` (absolute, `..`, empty parts), `symlink` (`path` is the
 * component that is a symbolic link), or `missing` (not on `branch`).
 */
export class PathRefused extends Refusal {
  override readonly name = 'PathRefused';
  constructor(
    readonly reason: 'escapes' | 'symlink' | 'missing',
    readonly path: string,
    readonly branch: string,
  ) {
    super(`errorsGit.path.${reason}`, { path, branch });
  }
}
