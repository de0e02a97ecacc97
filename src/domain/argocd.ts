/**
 * Argo CD Applications as Kanaria reads them: the few status fields that say whether a pushed revision is
 * live, and the patches Argo CD itself understands (argo-cd pkg/apis/application/v1alpha1/types.go).
 */
import { obj, list, str } from './json.js';

export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';
export type OperationPhase = 'Running' | 'Terminating' | 'Failed' | 'Error' | 'Succeeded';

export interface FailedResource {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly message: string;
}

export interface ApplicationState {
  readonly sync: SyncStatus;
  readonly revision?: string;
  readonly health: HealthStatus;
  readonly healthMessage?: string;
  readonly operation?: { readonly phase: OperationPhase; readonly message?: string; readonly revision?: string };
  /** An operation requested and not yet finished by the controller (Argo CD clears `.operation` when done). */
  readonly operationPending: boolean;
  /** The revision that pending operation syncs to, if it names one. */
  readonly pendingRevision?: string;
  readonly automated: boolean;
  readonly failedResources: readonly FailedResource[];
  readonly resourceVersion?: string;
}

/** `automated: {}` turns auto-sync on; Argo CD 3 can keep the block and switch it off with `enabled: false`. */
const isAutomated = (automated: unknown): boolean =>
  automated === true || (automated !== null && typeof automated === 'object' && obj(automated)['enabled'] !== false);

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

/** Reads an Application object (as the API returns it) into the state Kanaria follows. */
export function applicationState(application: unknown): ApplicationState {
  const app = obj(application);
  const status = obj(app['status']);
  const sync = obj(status['sync']);
  const health = obj(status['health']);
  const operationState = obj(status['operationState']);
  const phase = str(operationState['phase']);
  const syncResult = obj(operationState['syncResult']);
  const opRevision = str(syncResult['revision']) ?? str(obj(obj(operationState['operation'])['sync'])['revision']);
  const failedResources: FailedResource[] = [
    ...list(syncResult['resources']).filter(
      (r) => r['status'] === 'SyncFailed' || r['hookPhase'] === 'Failed' || r['hookPhase'] === 'Error',
    ),
    ...list(status['resources']).filter((r) => ['Degraded', 'Missing'].includes(String(obj(r['health'])['status']))),
  ].map((r) => ({
    kind: str(r['kind']) ?? '?',
    name: str(r['name']) ?? '?',
    ...(str(r['namespace']) && { namespace: str(r['namespace']) }),
    message: str(r['message']) ?? str(obj(r['health'])['message']) ?? str(obj(r['health'])['status']) ?? '',
  }));
  const revision = str(sync['revision']);
  const healthMessage = str(health['message']);
  const resourceVersion = str(obj(app['metadata'])['resourceVersion']);
  const pendingRevision = str(obj(obj(app['operation'])['sync'])['revision']);
  return {
    sync: oneOf(sync['status'], ['Synced', 'OutOfSync', 'Unknown'], 'Unknown'),
    ...(revision && { revision }),
    health: oneOf(
      health['status'],
      ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'],
      'Unknown',
    ),
    ...(healthMessage && { healthMessage }),
    ...(phase && {
      operation: {
        phase: oneOf(phase, ['Running', 'Terminating', 'Failed', 'Error', 'Succeeded'], 'Running'),
        ...(str(operationState['message']) && { message: str(operationState['message']) }),
        // Argo CD writes syncResult only once it got that far; the operation it ran always names the revision.
        ...(opRevision && { revision: opRevision }),
      },
    }),
    operationPending: Object.keys(obj(app['operation'])).length > 0,
    ...(pendingRevision && { pendingRevision }),
    automated: isAutomated(obj(obj(app['spec'])['syncPolicy'])['automated']),
    failedResources,
    ...(resourceVersion && { resourceVersion }),
  };
}

export type Verdict =
  | { readonly done: false; readonly stage: 'refreshing' | 'syncing' | 'progressing' }
  | { readonly done: true; readonly outcome: 'healthy' | 'degraded' | 'missing' | 'failed'; readonly message?: string };

/** Two ids of one commit (full or abbreviated, at least 7 hex digits as git abbreviates). */
export const sameRevision = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.length >= 7 && b.length >= 7 && (a.startsWith(b) || b.startsWith(a));

/**
 * Where a reconcile of `revision` stands: live when Synced at that revision and Healthy; over when the
 * health is Degraded or Missing at that revision, or the sync operation for it Failed or Errored.
 */
export function reconcileVerdict(state: ApplicationState, revision: string): Verdict {
  const op = state.operation;
  // A failure counts only for this revision, and not while a new operation waits (its state is the last one's).
  if (
    op &&
    (op.phase === 'Failed' || op.phase === 'Error') &&
    !state.operationPending &&
    sameRevision(op.revision, revision)
  ) {
    return { done: true, outcome: 'failed', ...(op.message && { message: op.message }) };
  }
  if (!sameRevision(state.revision, revision))
    return { done: false, stage: state.operationPending || op?.phase === 'Running' ? 'syncing' : 'refreshing' };
  if (state.health === 'Degraded')
    return { done: true, outcome: 'degraded', ...(state.healthMessage && { message: state.healthMessage }) };
  if (state.health === 'Missing')
    return { done: true, outcome: 'missing', ...(state.healthMessage && { message: state.healthMessage }) };
  if (state.sync !== 'Synced') return { done: false, stage: 'syncing' };
  return state.health === 'Healthy' ? { done: true, outcome: 'healthy' } : { done: false, stage: 'progressing' };
}

/** The merge patch that asks Argo CD to refresh (`hard` also drops its manifest cache). */
export const refreshPatch = (hard: boolean) => ({
  metadata: { annotations: { 'argocd.argoproj.io/refresh': hard ? 'hard' : 'normal' } },
});

/**
 * The merge patch that starts a sync, as Argo CD's own SetAppOperation writes `.operation`; the
 * resourceVersion makes the API server refuse it (409) if the Application changed since it was read.
 */
export const syncPatch = (options: {
  revision: string;
  username: string;
  prune: boolean;
  resourceVersion: string;
}) => ({
  metadata: { resourceVersion: options.resourceVersion },
  operation: {
    initiatedBy: { username: options.username },
    sync: { revision: options.revision, prune: options.prune, syncStrategy: { hook: {} } },
  },
});

export type Notice = 'drift' | 'degraded' | 'healthy';

/** What a watcher remembers of an Application between events. */
export interface Watched {
  readonly sync: SyncStatus;
  readonly health: HealthStatus;
  /** Went Degraded or Missing and has not been Healthy since: the next Healthy is news. */
  readonly troubled: boolean;
}

/**
 * What an Application's new state is worth telling its channel: drift (OutOfSync while no Kanaria change
 * is in flight), Degraded, or Healthy again after trouble. The first sight of an app is never news.
 * Pure and deterministic, so every replica watching the same events reaches the same notices.
 */
export function observeApplication(
  previous: Watched | undefined,
  state: ApplicationState,
  changeInFlight: boolean,
): { watched: Watched; notice?: Notice } {
  const bad = state.health === 'Degraded' || state.health === 'Missing';
  if (!previous) return { watched: { sync: state.sync, health: state.health, troubled: bad } };
  const watched: Watched = {
    sync: state.sync,
    health: state.health,
    troubled: state.health === 'Healthy' ? false : previous.troubled || bad,
  };
  if (state.health === 'Degraded' && previous.health !== 'Degraded') return { watched, notice: 'degraded' };
  if (state.health === 'Healthy' && previous.troubled) return { watched, notice: 'healthy' };
  if (state.sync === 'OutOfSync' && previous.sync !== 'OutOfSync' && !changeInFlight)
    return { watched, notice: 'drift' };
  return { watched };
}
