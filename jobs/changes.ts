import type { Operation } from '../src/adapters/gitops-repo.js';
import type { ChangeDetail } from '../src/blocks/changes.js';
import type { JobDeps } from '../src/boot/deps.js';
import type { Change, ChangeKinds } from '../src/queues/gitops.js';
import type { AfterPush, ChangeRequest, ChangeRunner } from './change-runner.js';
import { deploy } from './deploy.js';
import { promote } from './promote.js';
import { rollback } from './rollback.js';
import { scale } from './scale.js';

/** One runner per kind of change: the compiler rejects a kind without one. */
type ChangeRunners = { readonly [K in keyof ChangeKinds]: ChangeRunner<ChangeKinds[K]> };

export const changeRunners: ChangeRunners = { deploy, scale, rollback, promote };

/** A change bound to its runner: the generic gitops job uses it without knowing the kind. */
export interface BoundChange {
  readonly app: string;
  /** The change's facts, worded by describeChange (src/blocks/changes.ts) in the reader's language. */
  readonly change: Change;
  readonly undoable: boolean;
  operation(request: ChangeRequest, deps: JobDeps): Operation<ChangeDetail>;
  afterPush(after: AfterPush): Promise<void>;
}

export function bindChange<K extends keyof ChangeKinds>(change: ChangeKinds[K] & { readonly kind: K }): BoundChange {
  const runner: ChangeRunner<ChangeKinds[K]> = changeRunners[change.kind];
  return {
    app: change.app,
    change,
    undoable: runner.undoable,
    operation: (request, deps) => runner.operation(change, request, deps),
    afterPush: async (after) => runner.afterPush?.(change, after),
  };
}

/** Whether a runner exists for `kind`: a job queued by another version may name one this version lacks. */
export const isKnownChange = (kind: string): boolean => Object.hasOwn(changeRunners, kind);
