import { DelayedError } from 'bullmq';
import type { ReclaimInventory } from '../src/adapters/reclaim-cluster.js';
import type { OfferRecord } from '../src/adapters/reclaim-ledger.js';
import {
  appText,
  candidateListMessage,
  offerMessage,
  type ListedCandidate,
  type OfferState,
} from '../src/blocks/gpu-reclaim.js';
import type { Message } from '../src/domain/chat.js';
import { replicaBounds } from '../src/domain/config.js';
import { noClusterAccess } from '../src/domain/errors.js';
import { activityQueries, type ActivityVectors } from '../src/domain/dcgm.js';
import {
  deadlineDecision,
  idleElsewhere,
  offersToWithdraw,
  reclaimPolicyRequester,
  scanCandidates,
  scanDecision,
  type Candidate,
  type ScanResult,
} from '../src/domain/gpu-reclaim.js';
import { parseDuration } from '../src/domain/slo/windows.js';
import { chooseLocale, explain, wordsFor, type Words } from '../src/i18n/index.js';
import type { JobDeps } from '../src/boot/deps.js';
import { enqueueChange, gitopsJobId } from '../src/queues/gitops.js';
import {
  reclaimAnsweredJobId,
  reclaimDeadlineJobId,
  reclaimRequestId,
  type ReclaimJob,
} from '../src/queues/gpu-reclaim.js';
import { lockedBy } from './locks.js';
import { failureWords, type Failure, type JobContext, type Processor } from './run-job.js';

type ReclaimConfig = NonNullable<NonNullable<JobDeps['config']['gpu']>['reclaim']>;

/**
 * How often a release's redraw looks for its commit (the gitops queue makes it): every second at first, then
 * every half minute while the change still waits (a busy or stopped worker), until the change job ends.
 */
const COMMIT_POLL_MS = 1_000;
const COMMIT_POLLS = 120;
const SLOW_POLL_MS = 30_000;

export interface ReclaimSettings {
  readonly reclaim: ReclaimConfig;
  readonly thresholdPercent: number;
  readonly window: string;
  readonly windowSeconds: number;
}

/** `gpu.reclaim` with `gpu.idle`'s threshold and window; undefined when reclaim is off. */
export function reclaimSettings(config: JobDeps['config']): ReclaimSettings | undefined {
  const reclaim = config.gpu?.reclaim;
  if (!reclaim) return undefined;
  const window = config.gpu?.idle?.window ?? '1h';
  return {
    reclaim,
    thresholdPercent: config.gpu?.idle?.utilisationPercent ?? 5,
    window,
    windowSeconds: parseDuration(window) ?? 3600,
  };
}

/** The channel an offer goes to: the namespace's, else the app's, else the GPU report's. */
export const offerChannel = (deps: JobDeps, s: ReclaimSettings, c: Candidate): string | undefined =>
  s.reclaim.namespaces[c.namespace]?.channel ??
  (c.app === undefined ? undefined : deps.config.apps[c.app]?.channel) ??
  deps.config.gpu?.reportChannel;

/** The activity vectors; undefined when Prometheus has no DCGM data at all (nothing can be judged). */
export async function readActivity(deps: JobDeps, window: string): Promise<ActivityVectors | undefined> {
  if (!deps.prometheus) return undefined;
  const queries = activityQueries(window);
  const [engineActive, utilisation] = await Promise.all([
    deps.prometheus.instantVector(queries.engineActive),
    deps.prometheus.instantVector(queries.utilisation),
  ]);
  return engineActive.length + utilisation.length === 0 ? undefined : { engineActive, utilisation };
}

/** The idle candidates of the opted-in namespaces now; undefined when no cluster or no DCGM data. */
export async function scanNow(
  deps: JobDeps,
  s: ReclaimSettings,
  namespaces = Object.keys(s.reclaim.namespaces),
): Promise<(ScanResult & { inventory: ReclaimInventory }) | undefined> {
  if (!deps.reclaimSource) return undefined;
  const activity = await readActivity(deps, s.window);
  if (!activity) return undefined;
  const inventory = await deps.reclaimSource.read(namespaces);
  const { candidates, unknown } = scanCandidates({
    ...inventory,
    activity,
    thresholdPercent: s.thresholdPercent,
    windowSeconds: s.windowSeconds,
    now: Date.now(),
    apps: deps.config.apps,
    ownerLabel: s.reclaim.ownerLabel,
    appLabel: s.reclaim.appLabel,
  });
  const optedIn = new Set(Object.keys(s.reclaim.namespaces));
  return { candidates, unknown, idleElsewhere: idleElsewhere(activity, optedIn, s.thresholdPercent), inventory };
}

/** How an offer's record stands, for its message. */
export function stateOf(record: OfferRecord): OfferState {
  const answer = record.answer;
  if (!answer) return { kind: 'open' };
  if (answer.kind === 'kept') return { kind: 'kept', until: answer.until, by: answer.by };
  if (answer.kind === 'expired') return { kind: 'expired' };
  const sha = record.commit;
  return answer.by === 'policy'
    ? { kind: 'released-by-policy', ...(sha && { sha }) }
    : { kind: 'released', by: answer.by, ...(sha && { sha }) };
}

/** The offer's message, in its channel's words. */
async function draw(
  deps: JobDeps,
  s: ReclaimSettings,
  record: OfferRecord,
  state: OfferState = stateOf(record),
): Promise<{ t: Words; message: Message }> {
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: record.channel }));
  const owner = record.candidate.owner;
  const ownerUser =
    owner && 'email' in owner ? await deps.directory.findByEmail?.(owner.email).catch(() => undefined) : undefined;
  const message = offerMessage(t, {
    candidate: record.candidate,
    ...(ownerUser !== undefined && { ownerUser }),
    window: s.window,
    deadline: record.deadline,
    auto: s.reclaim.namespaces[record.candidate.namespace]?.auto ?? false,
    dryRun: record.dryRun,
    state,
  });
  return { t, message };
}

async function redraw(deps: JobDeps, s: ReclaimSettings, record: OfferRecord, state?: OfferState): Promise<void> {
  if (!record.message) return;
  const { message } = await draw(deps, s, record, state);
  await deps.chat.update(record.message.channel, record.message.ts, message);
}

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

/**
 * Why the change of a release ended without a commit, in the channel's words; undefined while it may still make
 * one. A change job no longer kept (or never queued) made none: `landed` found no commit.
 */
async function noCommitBecause(deps: JobDeps, t: Words, record: OfferRecord, requestId: string) {
  const change = await deps.queues.gitops.outcome(gitopsJobId(requestId));
  if (change?.state === 'pending') return undefined;
  if (change?.state === 'completed' && change.value === 'unchanged')
    return t('reclaim.offer.unchanged', { app: appText(t, record.candidate) });
  const failure = change?.state === 'failed' ? change.data.failure : undefined;
  return failure ? explain(t, failure).message : t('reclaim.offer.changeFailed');
}

/** Redraws an answered offer; a release is redrawn again once its commit landed. */
async function answered(
  context: JobContext<ReclaimJob>,
  s: ReclaimSettings,
  id: string,
  offeredAt: number,
): Promise<string> {
  const { deps, job, token } = context;
  const record = await deps.reclaim.get(id);
  if (!record || record.offeredAt !== offeredAt) return 'gone';
  if (record.answer?.kind !== 'released' || record.commit) {
    await redraw(deps, s, record);
    return 'redrawn';
  }
  const requestId = reclaimRequestId(id, offeredAt);
  const sha = await deps.repo.landed(requestId);
  if (sha) {
    await deps.reclaim.amend(id, offeredAt, { commit: sha });
    await redraw(deps, s, { ...record, commit: sha });
    return `released in ${sha.slice(0, 7)}`;
  }
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: record.channel }));
  const why = await noCommitBecause(deps, t, record, requestId);
  if (why !== undefined) {
    // Released in the ledger but not in the repo: put back, so that a later scan offers it again while idle.
    const reopened = await deps.reclaim.reopen(id, offeredAt, 'released');
    if (reopened) await redraw(deps, s, reopened, { kind: 'not-released', why });
    return `not released: ${why}`;
  }
  const polls = job.data.kind === 'answered' ? (job.data.polls ?? 0) : 0;
  if (polls === 0) await redraw(deps, s, record);
  await job.updateData({ kind: 'answered', id, offeredAt, polls: polls + 1 });
  await job.moveToDelayed(Date.now() + (polls < COMMIT_POLLS ? COMMIT_POLL_MS : SLOW_POLL_MS), token);
  throw new DelayedError();
}

/** `/gpu idle`: the candidates now and how their offers stand, privately. */
async function list(context: JobContext<ReclaimJob>, s: ReclaimSettings): Promise<string> {
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
    const answer = offer?.answer;
    const state: ListedCandidate['state'] = !offer
      ? { kind: 'new' }
      : !answer
        ? { kind: 'offered', deadline: offer.deadline }
        : answer.kind === 'kept'
          ? { kind: 'kept', until: answer.until }
          : { kind: answer.kind };
    return { candidate, state };
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
