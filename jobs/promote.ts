import { requireApp } from '../src/domain/apps.js';
import { TRAILER } from '../src/domain/commits.js';
import { setImage } from '../src/domain/manifest.js';
import { promotedFrom, promotedImage, promotionSubject } from '../src/domain/promotion.js';
import { readImage } from '../src/domain/manifest.js';
import type { PromoteChange } from '../src/queues/gitops.js';
import type { ChangeDetail } from '../src/blocks/changes.js';
import { authorOf, manifestTarget, requestedBy, requestTrailers, type ChangeRunner } from './change-runner.js';
import { checkSource, uncheckedParts } from './promote-source.js';

/**
 * `/promote`'s work (commands/promote.ts asks): the image the source stage runs, as written in its manifest, set in
 * the target stage's manifest (any of the three formats, each side its own), as one commit naming where it came from.
 */
export const promote: ChangeRunner<PromoteChange> = {
  undoable: true,

  operation(change, request, deps) {
    return {
      requestId: request.requestId,
      async apply(tree) {
        // The configuration may have changed since the job was queued.
        const source = requireApp(deps, change.from.app);
        const target = requireApp(deps, change.app);
        // Checked inside the commit's read of the repo: what is copied is what was found running.
        const { lastCommit } = await checkSource(deps, tree, change.from.stage, source);
        const written = readImage(source.manifest, await tree.readFile(source.manifest), manifestTarget(source));
        const image = promotedImage(change.from.stage, written);
        const result = setImage(
          target.manifest,
          await tree.readFile(target.manifest),
          manifestTarget(target),
          image.ref,
        );
        const detail: ChangeDetail = {
          kind: 'edit',
          path: target.manifest,
          before: result.before,
          after: result.after,
          changed: result.changed,
        };
        if (!result.changed) return { detail };
        await tree.writeFile(target.manifest, result.text);
        const message = {
          subject: promotionSubject(change.app, change.from.stage, change.to.stage, image.text),
          body: requestedBy(request),
          trailers: {
            ...requestTrailers(request, change.app),
            [TRAILER.promotedFrom]: promotedFrom(change.from.stage, lastCommit),
          },
        };
        return { detail, commit: { message, author: authorOf(request.requester) } };
      },
    };
  },

  /** What of the source stage could not be checked is said in the thread; the canary card goes there too. */
  async afterPush(change, { deps, data, thread }) {
    const source = deps.config.apps[change.from.app];
    const unchecked = source ? uncheckedParts(deps, source) : [];
    if (unchecked.length > 0)
      await thread('promote-unchecked', (t) => ({
        text: t('promote.thread.unchecked', {
          stage: change.from.stage,
          parts: unchecked.map((part) => t(`promote.part.${part}`)),
        }),
      }));
    if (data.announcement && deps.config.apps[change.app]?.rollout)
      await deps.cards.setDeployThread(change.app, data.announcement).catch(() => undefined);
  },
};
