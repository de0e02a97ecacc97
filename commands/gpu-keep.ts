import type { Subcommand } from '../src/dispatch/index.js';
import { slackTime } from '../src/blocks/gpu-reclaim.js';
import { Refusal } from '../src/domain/errors.js';
import { KEEP_FOR, type KeepFor } from '../src/domain/gpu-reclaim.js';
import { alreadyAnswered, mayAnswer, openOffer, redrawAnswered } from './gpu-answer.js';

const isKeepFor = (word: string): word is KeepFor => Object.hasOwn(KEEP_FOR, word);

/** `/gpu keep <candidate> 4h|1d` (the Keep buttons of an offer): no offer of it before then. */
export const gpuKeep: Subcommand = {
  grammar: { usage: '/gpu keep <candidate> 4h|1d', example: '/gpu keep 3f9c2a71b0 4h', min: 2, max: 2, flags: [] },

  async run(context) {
    const [id = '', duration = ''] = context.args;
    if (!isKeepFor(duration)) throw new Refusal('reclaim.refusals.badKeep', { typed: duration });
    const offer = await openOffer(context, id);
    const person = await mayAnswer(context, offer, 'keep');
    const until = Date.now() + KEEP_FOR[duration];
    const { first, record } = await context.deps.reclaim.answer(id, offer.offeredAt, {
      kind: 'kept',
      until,
      by: person.id,
    });
    if (!first) return alreadyAnswered(context, record);
    await redrawAnswered(context, record ?? offer);
    return { text: context.t('reclaim.answer.kept', { until: slackTime(until) }) };
  },
};
