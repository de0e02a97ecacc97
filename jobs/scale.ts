import { setReplicas } from '../src/domain/manifest.js';
import type { ScaleChange } from '../src/queues/gitops.js';
import { manifestEdit, type ChangeRunner } from './change-runner.js';

/** `/scale`'s work (commands/scale.ts asks): the app's replica count, as a commit. */
export const scale: ChangeRunner<ScaleChange> = {
  undoable: true,

  operation: (change, request, deps) =>
    manifestEdit(`scale(${change.app}): replicas`, change.app, request, deps, (file, text, target) =>
      setReplicas(file, text, target, change.replicas),
    ),
};
