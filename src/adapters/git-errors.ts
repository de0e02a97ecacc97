import { TransientError } from '../domain/errors.js';

/** What went wrong with the GitOps remote, without credentials. */
export interface GitFailureFacts {
  /** The remote URL as the working copy stores it (credentials removed). */
  readonly remote: string;
  readonly branch: string;
  /** `fetch`/`push`: git failed; `push-race`: every push in a row was rejected because the branch moved. */
  readonly failed: 'fetch' | 'push' | 'push-race';
  /** git's own explanation, shown safely; for `push-race`, how many pushes were rejected. */
  readonly detail: string;
}

/**
 * The GitOps remote could not be reached, refused the credentials, or kept moving: it may come back, so the job
 * is retried. Carries the facts, and the words people see today (params `message`/`hint`) until the catalog has them.
 */
export class GitUnavailable extends TransientError {
  override readonly name = 'GitUnavailable';
  constructor(
    readonly facts: GitFailureFacts,
    words: { readonly message: string; readonly hint: string },
  ) {
    super('legacy', { ...facts, ...words });
    this.message = words.message;
  }
}
