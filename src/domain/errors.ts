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
  | 'operation-in-progress'
  /** A delivery without the user or channel every Slack request carries. */
  | 'bad-request';

/** Kanaria runs without Kubernetes credentials, so it cannot `doWhat` (e.g. "read the Rollout"). */
export const noClusterAccess = (doWhat: string): UserFacingError =>
  new UserFacingError(
    'not-configured',
    `Kanaria has no access to the Kubernetes API, so it cannot ${doWhat}.`,
    'Run it in the cluster with its ServiceAccount, or set KUBECONFIG.',
  );

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
