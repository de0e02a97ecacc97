import { LocksUnreachable } from '../adapters/locks.js';
import type { Deps } from '../boot/deps.js';
import type { Person } from '../domain/chat.js';
import { holds, lockFacts, lockRefusal, type Lock } from '../domain/locks.js';
import type { Words } from '../i18n/index.js';
import type { Change } from '../queues/gitops.js';

/**
 * The lock check at the acknowledgement (one Redis read): `kind` of change (or canary press) of an app someone else
 * holds is refused before it is queued. Returns the lock it goes through (a rollback, an abort), if any.
 */
export async function checkLockAtAck(
  deps: Deps,
  request: { readonly app: string; readonly kind: string; readonly by: string },
  /** What Redis being away means here: the same words as the queue that could not take it either. */
  unreachable: 'errorsQueue.changeNotQueued' | 'errorsQueue.requestNotQueued',
): Promise<Lock | undefined> {
  const environment = deps.config.apps[request.app]?.environment ?? '';
  let lock: Lock | undefined;
  try {
    lock = await deps.locks.get(request.app);
  } catch (error) {
    if (error instanceof LocksUnreachable) throw new LocksUnreachable(unreachable, { cause: error });
    throw error;
  }
  const now = Date.now();
  const refusal = lockRefusal(lock, { kind: request.kind, by: request.by, environment }, now);
  if (refusal) throw refusal;
  return holds(lock, now) && lock.holder.id !== request.by ? lock : undefined;
}

/** The same for a change to the GitOps repo. */
export const checkChangeLock = (deps: Deps, change: Change, requester: Person): Promise<Lock | undefined> =>
  checkLockAtAck(deps, { app: change.app, kind: change.kind, by: requester.id }, 'errorsQueue.changeNotQueued');

/** The line added to the acknowledgement of a rollback that goes through someone else's lock. */
export const passingLine = (t: Words, lock: Lock): string => t('locks.passing', lockFacts(lock));
