/** After a release: the offer is redrawn with its commit, or with why none came (and offered again later). */
import { DelayedError } from 'bullmq';
import type { OfferRecord } from '../src/adapters/reclaim-ledger.js';
import { appText } from '../src/blocks/gpu-reclaim.js';
import { chooseLocale, explain, wordsFor, type Words } from '../src/i18n/index.js';
import type { JobDeps } from '../src/boot/deps.js';
import { gitopsJobId } from '../src/queues/gitops.js';
import { reclaimRequestId, type ReclaimJob } from '../src/queues/gpu-reclaim.js';
import { redraw, type ReclaimSettings } from './gpu-reclaim-offers.js';
import type { JobContext } from './run-job.js';

/**
 * How often a release's redraw looks for its commit (the gitops queue makes it): every second at first, then
 * every half minute while the change still waits (a busy or stopped worker), until the change job ends.
 */
const COMMIT_POLL_MS = 1_000;
const COMMIT_POLLS = 120;
const SLOW_POLL_MS = 30_000;

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
export async function answered(
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
