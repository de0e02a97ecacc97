import type { Subcommand } from '../src/dispatch/index.js';
import { appText, workloadText } from '../src/blocks/gpu-reclaim.js';
import { replicaBounds } from '../src/domain/config.js';
import { Refusal } from '../src/domain/errors.js';
import { checkChangeLock } from '../src/dispatch/locks.js';
import { enqueueChange, type ScaleChange } from '../src/queues/gitops.js';
import { reclaimRequestId } from '../src/queues/gpu-reclaim.js';
import { alreadyAnswered, mayAnswer, openOffer, redrawAnswered } from './gpu-answer.js';

/**
 * `/gpu release <candidate>` (the Release button of an offer): the app that runs it scaled to 0 through a commit,
 * the same path as `/scale` (gate, announcement, reconcile), asked by the presser. One release per offer, whoever
 * presses and however often.
 */
export const gpuRelease: Subcommand = {
  grammar: { usage: '/gpu release <candidate>', example: '/gpu release 3f9c2a71b0', min: 1, max: 1, flags: [] },

  async run(context) {
    const { deps, t } = context;
    const [id = ''] = context.args;
    const offer = await openOffer(context, id);
    const person = await mayAnswer(context, offer, 'release');
    const { candidate } = offer;
    if (offer.dryRun || deps.config.gpu?.reclaim?.dryRun) throw new Refusal('reclaim.refusals.dryRun');
    const app = candidate.app === undefined ? undefined : deps.config.apps[candidate.app];
    if (!app || candidate.app === undefined)
      throw new Refusal('reclaim.refusals.noApp', {
        workload: workloadText(t, candidate),
        namespace: candidate.namespace,
        appLabel: deps.config.gpu?.reclaim?.appLabel ?? '',
      });
    const { min } = replicaBounds(deps.config, app);
    if (min > 0) throw new Refusal('reclaim.refusals.minReplicas', { app: candidate.app, min });
    const change: ScaleChange = { kind: 'scale', app: candidate.app, replicas: 0 };
    await checkChangeLock(deps, change, person);
    const { first, record } = await deps.reclaim.answer(id, offer.offeredAt, {
      kind: 'released',
      by: person.id,
      at: Date.now(),
    });
    if (!first) return alreadyAnswered(context, record);
    try {
      await enqueueChange(
        deps.queues.gitops,
        { channel: offer.channel, requestId: reclaimRequestId(id, offer.offeredAt) },
        change,
        person,
      );
    } catch (error) {
      // Not queued (Redis went away between the two): the answer is taken back, so the offer can be answered again
      // and the presser's "not queued" is the whole truth. (With Redis away for this too, the answer stays.)
      await deps.reclaim.reopen(id, offer.offeredAt, 'released').catch(() => undefined);
      throw error;
    }
    await redrawAnswered(context, record ?? offer);
    return { text: t('reclaim.answer.released', { app: appText(t, candidate) }) };
  },
};
