/** `/gpu idle`: the idle candidates now and how their offers stand, told privately. */
import type { OfferRecord } from '../src/adapters/reclaim-ledger.js';
import { candidateListMessage, type ListedCandidate } from '../src/blocks/gpu-reclaim.js';
import { noClusterAccess } from '../src/domain/errors.js';
import type { ReclaimJob } from '../src/queues/gpu-reclaim.js';
import { scanNow, type ReclaimSettings } from './gpu-reclaim-offers.js';
import type { JobContext } from './run-job.js';

/** `/gpu idle`: the candidates now and how their offers stand, privately. */
export async function list(context: JobContext<ReclaimJob>, s: ReclaimSettings): Promise<string> {
  const { deps, t } = context;
  if (!deps.reclaimSource) throw noClusterAccess('readGpu');
  const found = await scanNow(deps, s);
  if (!found) {
    await context.whisper({ text: t('reclaim.list.noDcgm') });
    return 'no DCGM data';
  }
  const offers = new Map((await deps.reclaim.all()).map((o) => [o.id, o]));
  const candidates = found.candidates.map((candidate): ListedCandidate => {
    const offer = offers.get(candidate.id);
    return { candidate, state: offer ? offerState(offer) : { kind: 'new' } };
  });
  await context.whisper(
    candidateListMessage(t, {
      namespaces: Object.keys(s.reclaim.namespaces),
      thresholdPercent: s.thresholdPercent,
      window: s.window,
      dryRun: s.reclaim.dryRun,
      candidates,
      unknown: found.unknown,
      idleElsewhere: found.idleElsewhere,
    }),
  );
  return `${candidates.length} listed`;
}

/** How an offer stands in the list: offered until its deadline, kept until …, or how it was answered. */
function offerState(offer: OfferRecord): ListedCandidate['state'] {
  const answer = offer.answer;
  if (!answer) return { kind: 'offered', deadline: offer.deadline };
  return answer.kind === 'kept' ? { kind: 'kept', until: answer.until } : { kind: answer.kind };
}
