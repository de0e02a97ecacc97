import type { Job } from 'bullmq';
import type { Message } from '../src/domain/chat.js';
import { changeSummary, describeChange } from '../src/blocks/changes.js';
import { announcement, failedMessage, pushedMessage, type ChangeStatus } from '../src/blocks/gitops.js';
import { Refusal, TransientError, Unrecoverable } from '../src/domain/errors.js';
import type { JobDeps } from '../src/boot/deps.js';
import { chooseLocale, wordsFor, type Words } from '../src/i18n/index.js';
import type { GitopsJob } from '../src/queues/gitops.js';
import { enqueueReconcile, reconcileJobId, type ReconcileJob } from '../src/queues/reconcile.js';
import { announcer } from './announce.js';
import { bindChange, isKnownChange } from './changes.js';
import { gateChange } from './gate.js';
import { lockedBy } from './locks.js';
import { refreshPipelineCard } from '../src/queues/pipeline-card.js';
import { failureWords, requesterWords, whisperTo, type Failure, type Processor } from './run-job.js';

/**
 * Before the reads queue, /history, /status and dry runs travelled on this queue as changes. Such a job left by
 * an older version is not migrated: reads are cheap to ask again, so the requester is asked to, and nothing
 * is committed (a dry run must never become a commit).
 */
const isOlderRead = (data: GitopsJob): boolean =>
  ('dryRun' in data && data.dryRun === true) || !isKnownChange(data.change.kind);

/** Asks Argo CD to take the pushed commit now (instead of at its next poll), followed in the change's thread. */
async function reconcileNow(deps: JobDeps, data: GitopsJob, sha: string): Promise<boolean> {
  const app = data.change.app;
  if (!deps.argo || !deps.config.apps[app]?.argocd) return true;
  const job: ReconcileJob = {
    app,
    revision: sha,
    requestedAt: Date.now(),
    hard: false,
    requester: data.requester,
    channel: data.channel,
    ...(data.announcement && { thread: data.announcement }),
  };
  try {
    await enqueueReconcile(deps, reconcileJobId(app, sha), job);
    return true;
  } catch (error) {
    // The change is pushed: Argo CD still takes it at its next poll.
    deps.logger.warn({ err: error, app, sha }, 'could not enqueue the reconcile');
    return false;
  }
}

/** A failure as the announcement says it: a refusal's or a transient error's words, else a fixed line. */
const reasonOf = (t: Words, failure: Failure): string =>
  failureWords(t, failure)?.message ?? t('jobs.failure.internal');

/** The failure in the change's thread (or privately, when there is no announcement). */
const failureMessage = (t: Words, failure: Failure): Message =>
  failedMessage(reasonOf(t, failure), failureWords(t, failure)?.hint);

/** The words of the change's channel: its announcement and thread are for everyone there. */
const channelWords = (deps: JobDeps, data: GitopsJob): Words =>
  wordsFor(chooseLocale(deps.config.locale, { channel: data.channel }));

/**
 * The gitops queue's processor: one job, one change (jobs/deploy.ts, scale.ts, rollback.ts carry out each kind),
 * announced in the channel and answered in its thread; failures are told there too.
 */
export const gitopsProcessor: Processor<GitopsJob, string> = async (context) => {
  const { deps, job } = context;
  if (isOlderRead(context.data)) throw new Refusal('errorsJobs.olderRequest');
  const change = bindChange(context.data.change);
  const announce = announcer(deps, job);
  // The announcement and its thread are for the whole channel: its language.
  const t = channelWords(deps, context.data);
  const description = describeChange(t, change.change);
  const say = (status: ChangeStatus) => announce.say(announcement(t, context.data.requester.id, description, status));
  // A reply in the thread speaks the channel's language; without an announcement, told privately, the requester's.
  const thread = (kind: string, words: (t: Words) => Message) =>
    announce.reply(kind, words(t), () => context.whisper(words(context.t)));
  context.tellFailuresWith({
    async retrying(failure) {
      const { attempt, attempts } = failure;
      await say({ kind: 'retrying', reason: reasonOf(t, failure), attempt, attempts });
    },
    async failed(failure) {
      const { error } = failure;
      if (error instanceof Refusal || error instanceof TransientError || error instanceof Unrecoverable)
        await job.updateData({ ...context.data, failure: { key: error.key, params: error.params } });
      await say({ kind: 'failed', reason: reasonOf(t, failure) });
      await thread('failed', (t) => failureMessage(t, failure));
    },
  });

  await say({ kind: 'committing', attempt: job.attemptsMade + 1 });
  // Someone may have locked the app since the change was queued (jobs/locks.ts): told like any refusal. A retry
  // of a change whose commit landed before the lock (its worker died after the push) finishes as pushed.
  const locked = await lockedBy(deps, change.app, change.change.kind, context.data.requester.id);
  if (locked && !(await deps.repo.landed(context.data.requestId))) throw locked;
  // Freeze windows and the error budget, for forward changes (jobs/gate.ts); the evidence goes into the thread.
  const gate = await gateChange(context, { say, thread });
  if (gate !== 'go') return gate;
  // Built after the announcement so the commit links to it (Slack-Request trailer).
  const outcome = await deps.repo.submit(change.operation(context.data, deps));
  if (outcome.status === 'unchanged') {
    const { detail } = outcome;
    await say({ kind: 'unchanged', summary: changeSummary(t, detail) });
    await thread('unchanged', (t) => ({ text: t('changes.thread.unchanged', { summary: changeSummary(t, detail) }) }));
    return 'unchanged';
  }
  const sha = outcome.sha;
  await change.afterPush({ deps, data: context.data, log: context.log, thread });
  const what = (t: Words): string =>
    outcome.status === 'committed' ? changeSummary(t, outcome.detail) : t('changes.summary.alreadyPushed');
  // Argo CD first: the Slack replies below take a round trip each and need not delay the sync.
  const reconciling = await reconcileNow(deps, context.data, sha);
  const { branch } = deps.config.gitops;
  await say({ kind: 'pushed', sha, branch });
  await thread('pushed', (t) => pushedMessage(t, change.app, branch, sha, what(t), change.undoable));
  if (!reconciling) await thread('no-sync', (t) => ({ text: t('changes.thread.noSync') }));
  await refreshPipelineCard(deps, change.app, sha, context.data);
  return sha;
};

/**
 * A change BullMQ gave up on because its worker died again and again (see MAX_STALLS): the requester learns
 * where it stands, from the remote itself, in the announcement and its thread.
 */
export async function reportAbandonedChange(deps: JobDeps, job: Job<GitopsJob>): Promise<void> {
  const whisper = whisperTo(deps, job.data);
  // Told privately: the requester's words.
  const mine = requesterWords(deps, job.data);
  if (isOlderRead(job.data)) {
    await whisper(failedMessage(mine('jobs.abandoned.answering'), mine('jobs.failure.tryAgain')));
    return;
  }
  const change = bindChange(job.data.change);
  const landed = await deps.repo.landed(job.data.requestId);
  const announce = announcer(deps, job);
  const t = channelWords(deps, job.data);
  const description = describeChange(t, change.change);
  // The sweep counts the job as reported only once the announcement shows where it stands; else it tries again.
  const say = async (status: ChangeStatus) => {
    if (!(await announce.say(announcement(t, job.data.requester.id, description, status))))
      throw new Error('Slack did not take the announcement of an abandoned change');
  };
  const reply = (kind: string, words: (t: Words) => Message) =>
    announce.reply(kind, words(t), () => whisper(words(mine)));
  const { branch } = deps.config.gitops;
  if (landed) {
    await say({ kind: 'pushed', sha: landed, branch });
    await reply('pushed', (t) =>
      pushedMessage(t, change.app, branch, landed, t('changes.summary.pushedBeforeInterrupted'), change.undoable),
    );
    return;
  }
  await say({ kind: 'failed', reason: t('changes.abandoned.message') });
  await reply('failed', (t) => failedMessage(t('changes.abandoned.message'), t('changes.abandoned.hint')));
}
