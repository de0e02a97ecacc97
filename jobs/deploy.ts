import { parseImageRef } from '../src/domain/image-ref.js';
import { setImage } from '../src/domain/manifest.js';
import type { DeployChange } from '../src/queues/gitops.js';
import { manifestEdit, type ChangeRunner } from './change-runner.js';

/** `/deploy`'s work (commands/deploy.ts asks): the image of the app's container, as a commit. */
export const deploy: ChangeRunner<DeployChange> = {
  undoable: true,

  operation: (change, request, deps) =>
    manifestEdit(`deploy(${change.app}):`, change.app, request, deps, (file, text, target) =>
      setImage(file, text, target, parseImageRef(change.image)),
    ),

  /** The canary card of this deploy goes into its thread (jobs/canary.ts posts it when the Rollout pauses). */
  async afterPush(change, { deps, data }) {
    if (data.announcement && deps.config.apps[change.app]?.rollout)
      await deps.cards.setDeployThread(change.app, data.announcement).catch(() => undefined);
  },
};
