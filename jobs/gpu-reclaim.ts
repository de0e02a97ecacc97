/** The gpu-reclaim queue: the scheduled scan that offers idle GPUs back, each offer's deadline, and the processor. */
import type { OfferRecord } from '../src/adapters/reclaim-ledger.js';
import { replicaBounds } from '../src/domain/config.js';
import {
  deadlineDecision,
  offersToWithdraw,
  reclaimPolicyRequester,
  scanDecision,
  type Candidate,
} from '../src/domain/gpu-reclaim.js';
import { parseDuration } from '../src/domain/slo/windows.js';
import { chooseLocale, explain, wordsFor, type Words } from '../src/i18n/index.js';
import type { JobDeps } from '../src/boot/deps.js';
import { enqueueChange } from '../src/queues/gitops.js';
import {
  reclaimAnsweredJobId,
  reclaimDeadlineJobId,
  reclaimRequestId,
  type ReclaimJob,
} from '../src/queues/gpu-reclaim.js';
import { lockedBy } from './locks.js';
import { answered } from './gpu-reclaim-release.js';
import { list } from './gpu-reclaim-list.js';
import { draw, offerChannel, reclaimSettings, redraw, scanNow, type ReclaimSettings } from './gpu-reclaim-offers.js';
import { failureWords, type Failure, type Processor } from './run-job.js';

/** The scheduled scan: offer new idle candidates, withdraw offers of candidates busy again. */
async function scan(deps: JobDeps, s: ReclaimSettings): Promise<string> {
  const found = await scanNow(deps, s);
  if (!found) return 'no cluster or no DCGM data';
  const now = Date.now();
  const answerMs = (parseDuration(s.reclaim.answerWithin) ?? 7200) * 1000;
  const all = await deps.reclaim.all();
  const offers = new Map(all.map((o) => [o.id, o]));
  let offered = 0;
  for (const candidate of found.candidates) {
    const before = offers.get(candidate.id);
    // An offer made under another dryRun setting is made again under this one (buttons and a deadline, or none).
    const decision =
      before && before.dryRun !== s.reclaim.dryRun && !before.answer ? 'offer' : scanDecision(before, now);
    if (decision !== 'offer' && !(decision === 'wait' && before && !before.message)) continue;
    const channel = offerChannel(deps, s, candidate);
    if (channel === undefined) continue;
    const record: OfferRecord =
      decision === 'offer' || !before
        ? { id: candidate.id, offeredAt: now, deadline: now + answerMs, candidate, channel, dryRun: s.reclaim.dryRun }
        : before;
    // Recorded before it is posted: a retry finds it and posts it (above), never offers it twice.
    if (record !== before) await deps.reclaim.offer(record);
    const posted = await deps.chat.post(channel, (await draw(deps, s, record)).message);
    await deps.reclaim.amend(record.id, record.offeredAt, { message: posted });
    if (!record.dryRun)
      await deps.queues.reclaim.add(
        reclaimDeadlineJobId(record.id, record.offeredAt),
        { kind: 'deadline', id: record.id, offeredAt: record.offeredAt },
        { delayMs: Math.max(0, record.deadline - Date.now()) },
      );
    offered++;
  }
  // Not idle now (busy again, gone, or its namespace no longer listed): an open offer is withdrawn.
  const withdrawn = offersToWithdraw(all, found.candidates, found.unknown);
  for (const left of withdrawn)
    if (!left.answer) await redraw(deps, s, left, { kind: 'withdrawn' }).catch(() => undefined);
  await deps.reclaim.forget(withdrawn.map((o) => o.id));
  return `${found.candidates.length} idle, ${offered} offered, ${withdrawn.length} withdrawn`;
}

/**
 * Why a release the policy would make cannot be made, in words; undefined when it can. A lock on the app holds it
 * back here, as it would hold back the commit: the offer then says so instead of claiming a release.
 */
async function cannotRelease(deps: JobDeps, t: Words, c: Candidate): Promise<string | undefined> {
  if (c.app === undefined) return t('reclaim.whyNot.noApp');
  const app = deps.config.apps[c.app];
  if (!app) return t('reclaim.whyNot.noApp');
  const { min } = replicaBounds(deps.config, app);
  if (min > 0) return t('reclaim.whyNot.minReplicas', { app: c.app, min });
  const locked = await lockedBy(deps, c.app, 'scale', reclaimPolicyRequester(c.namespace).id);
  return locked && explain(t, locked).message;
}

/** An offer's deadline: nothing if answered; withdrawn if busy again; released by the policy only where `auto`. */
async function deadline(deps: JobDeps, s: ReclaimSettings, id: string, offeredAt: number): Promise<string> {
  const offer = await deps.reclaim.get(id);
  // An earlier attempt recorded the policy's release and failed before queuing it: queued now (once per offer).
  const answer = offer?.offeredAt === offeredAt ? offer.answer : undefined;
  if (offer && answer?.kind === 'released' && answer.by === 'policy') return enqueueRelease(deps, offer, offeredAt);
  const namespace = offer?.candidate.namespace;
  const listed = namespace !== undefined && s.reclaim.namespaces[namespace] !== undefined;
  const found = offer && listed ? await scanNow(deps, s, [offer.candidate.namespace]) : undefined;
  const stillIdle = found?.candidates.some((c) => c.id === id) ?? false;
  const decision = deadlineDecision({
    offer,
    offeredAt,
    stillIdle,
    auto: listed && (s.reclaim.namespaces[namespace]?.auto ?? false),
    dryRun: s.reclaim.dryRun,
  });
  if (decision.do === 'nothing' || !offer) return `nothing (${decision.do === 'nothing' ? decision.why : 'gone'})`;
  if (decision.do === 'withdraw') {
    await deps.reclaim.forget([id]);
    await redraw(deps, s, offer, { kind: 'withdrawn' });
    return 'withdrawn: busy again';
  }
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: offer.channel }));
  const why = decision.do === 'release' ? await cannotRelease(deps, t, offer.candidate) : undefined;
  if (decision.do === 'expire' || why !== undefined) {
    const { first, record } = await deps.reclaim.answer(id, offeredAt, { kind: 'expired', at: Date.now() });
    if (!first || !record) return 'answered meanwhile';
    await redraw(deps, s, record, { kind: 'expired', ...(why !== undefined && { why }) });
    return 'expired: nothing done';
  }
  const { first, record } = await deps.reclaim.answer(id, offeredAt, {
    kind: 'released',
    by: 'policy',
    at: Date.now(),
  });
  if (!first || !record) return 'answered meanwhile';
  return enqueueRelease(deps, offer, offeredAt);
}

/** The policy's release of an offer on the gitops queue, and the redraw that follows it (both once per offer). */
async function enqueueRelease(deps: JobDeps, offer: OfferRecord, offeredAt: number): Promise<string> {
  const { id } = offer;
  await enqueueChange(
    deps.queues.gitops,
    { channel: offer.channel, requestId: reclaimRequestId(id, offeredAt) },
    { kind: 'scale', app: offer.candidate.app ?? '', replicas: 0 },
    reclaimPolicyRequester(offer.candidate.namespace),
  );
  await deps.queues.reclaim.add(reclaimAnsweredJobId(id, offeredAt), { kind: 'answered', id, offeredAt });
  return 'released by the policy';
}

/**
 * The deadline job failed for good (e.g. Prometheus away on every attempt): nothing was released. The offer says
 * so, and is forgotten while still unanswered, so that the next scan offers the candidate again if still idle.
 */
async function deadlineUnchecked(deps: JobDeps, s: ReclaimSettings, failure: Failure, id: string, offeredAt: number) {
  const forgotten = await deps.reclaim.reopen(id, offeredAt, 'unanswered');
  if (!forgotten) return;
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: forgotten.channel }));
  const why = failureWords(t, failure)?.message ?? t('jobs.failure.internal');
  await redraw(deps, s, forgotten, { kind: 'unchecked', why });
}
/** The gpu-reclaim queue's processor. */
export const reclaimProcessor: Processor<ReclaimJob, string> = async (context) => {
  const { deps, data } = context;
  const s = reclaimSettings(deps.config);
  if (!s) {
    if (data.kind === 'list') await context.whisper({ text: context.t('reclaim.list.notConfigured') });
    return 'gpu.reclaim is off';
  }
  if (data.kind === 'scan') return scan(deps, s);
  if (data.kind === 'list') return list(context, s);
  if (data.kind === 'deadline') {
    const { id, offeredAt } = data;
    context.tellFailuresWith({ failed: (failure) => deadlineUnchecked(deps, s, failure, id, offeredAt) });
    return deadline(deps, s, id, offeredAt);
  }
  return answered(context, s, data.id, data.offeredAt);
};
