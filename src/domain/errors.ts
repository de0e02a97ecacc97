/**
 * The stable codes a refused command is counted under in kanaria_commands_total (dashboards keep their labels);
 * other refusals are counted by their catalog key.
 */
export type ErrorCode =
  | 'bad-arguments'
  | 'unknown-command'
  | 'unknown-app'
  | 'bad-image'
  | 'bad-replicas'
  | 'bad-commit'
  | 'forbidden'
  | 'queue-unavailable'
  | 'not-configured'
  /** A delivery without the user or channel every Slack request carries. */
  | 'bad-request';

/** Facts that fill a message: rendered by the catalog (src/i18n), never by the code that throws. */
export type MessageParams = Readonly<Record<string, unknown>>;

/**
 * A request Kanaria refuses (bad input, forbidden, unknown app, conflict, not configured): answered to the person,
 * and the job is done; retrying would not help. `key` names the message in the catalog, `params` are its facts.
 */
export class Refusal extends Error {
  override readonly name: string = 'Refusal';
  constructor(
    readonly key: string,
    readonly params: MessageParams = {},
  ) {
    super(key);
  }
}

/**
 * Infrastructure that may come back (a git remote, the Kubernetes API, Prometheus, Redis): retried with backoff,
 * and reported to the person only when the last attempt fails too.
 */
export class TransientError extends Error {
  override readonly name: string = 'TransientError';
  constructor(
    readonly key: string,
    readonly params: MessageParams = {},
    options?: { cause?: unknown },
  ) {
    super(key, options);
  }
}

/**
 * A failure that no retry will mend and that is not the person's request at fault (e.g. the Kubernetes API server
 * rejects what Kanaria sent): reported to the person and the job is done. Carries a catalog key and the facts.
 */
export class Unrecoverable extends Error {
  override readonly name: string = 'Unrecoverable';
  constructor(
    readonly key: string,
    readonly params: MessageParams = {},
    options?: { cause?: unknown },
  ) {
    super(key, options);
  }
}

/**
 * A refusal counted in kanaria_commands_total under a stable code (dashboards keep their labels while the words
 * move into the catalog). `key` and `params` are the catalog's, as for any Refusal.
 */
export class CodedRefusal extends Refusal {
  override readonly name: string = 'CodedRefusal';
  constructor(
    readonly code: ErrorCode,
    key: string,
    params: MessageParams = {},
  ) {
    super(key, params);
  }
}

/** What Kanaria cannot do without access to the Kubernetes API (catalog: `refusals.noClusterAccess.<what>`). */
export type ClusterWork = 'sync' | 'readRollout' | 'readGpu';

/** Kanaria runs without Kubernetes credentials, so it cannot do `what`. */
export class NoClusterAccess extends CodedRefusal {
  override readonly name = 'NoClusterAccess';
  constructor(readonly what: ClusterWork) {
    super('not-configured', `refusals.noClusterAccess.${what}`);
  }
}

export const noClusterAccess = (what: ClusterWork): NoClusterAccess => new NoClusterAccess(what);
