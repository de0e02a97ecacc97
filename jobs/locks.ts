import type { JobDeps } from '../src/boot/deps.js';
import { lockRefusal, type LockedRefusal } from '../src/domain/locks.js';

/**
 * The lock check in the worker, just before a change is committed or a canary pressed: a lock taken after the
 * change was queued (while it waited in the queue, for a freeze or for an approval) holds it back too.
 */
export async function lockedBy(
  deps: Pick<JobDeps, 'config' | 'locks'>,
  app: string,
  kind: string,
  requesterId: string,
): Promise<LockedRefusal | undefined> {
  const environment = deps.config.apps[app]?.environment ?? '';
  return lockRefusal(await deps.locks.get(app), { kind, by: requesterId, environment }, Date.now());
}
