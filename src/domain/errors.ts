/**
 * Errors a person can act on. They become an (ephemeral) Slack message; anything else is an
 * infrastructure error that is logged with its details and reported with a fixed message.
 */
export type ErrorCode =
  | 'bad-arguments'
  | 'unknown-command'
  | 'unknown-app'
  | 'bad-image'
  | 'bad-replicas'
  | 'bad-commit'
  | 'forbidden'
  | 'unsafe-path'
  | 'manifest-invalid'
  | 'container-not-found'
  | 'rollback-refused'
  | 'conflict'
  | 'queue-unavailable'
  | 'git-unavailable'
  | 'config-invalid'
  | 'not-configured'
  | 'operation-in-progress';

export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the person can do about it, shown on its own line. */
    readonly hint?: string,
  ) {
    super(message);
  }
}
