import type { Job } from 'bullmq';
import type { Message } from '../src/chat.js';
import { announcement, failedMessage, pushedMessage, type ChangeStatus } from '../src/blocks/gitops.js';
import { UserFacingError } from '../src/domain/errors.js';
import type { JobDeps } from '../src/boot/deps.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import type { GitopsJob } from '../src/queues/gitops.js';
import { enqueueReconcile, reconcileJobId, type ReconcileJob } from '../src/queues/reconcile.js';
import { announcer } from './announce.js';
import { bindChange, isKnownChange } from './changes.js';
import { whisperTo, type Failure, type Processor } from './run-job.js';

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
const reasonOf = (failure: Failure): string => failure.message ?? 'Kanaria hit an internal error.';

/**
 * The gitops queue's processor: one job, one change (jobs/deploy.ts, scale.ts, rollback.ts carry out each kind),
 * announced in the channel and answered in its thread; failures are told there too.
 */
export const gitopsProcessor: Processor<GitopsJob, string> = async (context) => {
  const { deps, job } = context;
  if (isOlderRead(context.data))
    throw new UserFacingError(
      'bad-request',
      'Kanaria was updated while this request waited, so it was not carried out; nothing was changed.',
      'Run the command again.',
    );
  const change = bindChange(context.data.change);
  const announce = announcer(deps, job);
  // The announcement and its thread are for the whole channel: its language.
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: context.data.channel }));
  const say = (status: ChangeStatus) =>
    announce.say(announcement(t, context.data.requester.id, change.description, status));
  const thread = (kind: string, message: Message) => announce.reply(kind, message, context.whisper);
  context.tellFailuresWith({
    async retrying(failure) {
      await say({ kind: 'retrying', reason: reasonOf(failure), attempt: failure.attempt, attempts: failure.attempts });
    },
    async failed(failure) {
      await say({ kind: 'failed', reason: reasonOf(failure) });
      await thread('failed', failedMessage(reasonOf(failure), failure.hint));
    },
  });

  await say({ kind: 'committing', attempt: job.attemptsMade + 1 });
  // Built after the announcement so the commit links to it (Slack-Request trailer).
  const outcome = await deps.repo.submit(change.operation(context.data, deps));
  if (outcome.status === 'unchanged') {
    await say({ kind: 'unchanged', summary: outcome.detail.summary });
    await thread('unchanged', { text: `:ballot_box_with_check: Nothing to change: ${outcome.detail.summary}.` });
    return 'unchanged';
  }
  const sha = outcome.sha;
  await change.afterPush({ deps, data: context.data, log: context.log, thread });
  const what = outcome.status === 'committed' ? outcome.detail.summary : 'already pushed by an earlier attempt';
  // Argo CD first: the Slack replies below take a round trip each and need not delay the sync.
  const reconciling = await reconcileNow(deps, context.data, sha);
  await say({ kind: 'pushed', sha, branch: deps.config.gitops.branch });
  await thread('pushed', pushedMessage(t, change.app, deps.config.gitops.branch, sha, what, change.undoable));
  if (!reconciling)
    await thread('no-sync', {
      text: ':warning: Kanaria could not queue the Argo CD sync; Argo CD will take the change at its next poll (or use `/sync`).',
    });
  return sha;
};

/**
 * A change BullMQ gave up on because its worker died again and again (see MAX_STALLS): the requester learns
 * where it stands, from the remote itself, in the announcement and its thread.
 */
export async function reportAbandonedChange(deps: JobDeps, job: Job<GitopsJob>): Promise<void> {
  const whisper = whisperTo(deps, job.data);
  if (isOlderRead(job.data)) {
    await whisper(
      failedMessage(
        'Kanaria was interrupted again and again while answering this, and gave up.',
        'Try again in a few minutes; if it persists, tell the platform team.',
      ),
    );
    return;
  }
  const change = bindChange(job.data.change);
  const landed = await deps.repo.landed(job.data.requestId);
  const announce = announcer(deps, job);
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: job.data.channel }));
  // The sweep counts the job as reported only once the announcement shows where it stands; else it tries again.
  const say = async (status: ChangeStatus) => {
    if (!(await announce.say(announcement(t, job.data.requester.id, change.description, status))))
      throw new Error('Slack did not take the announcement of an abandoned change');
  };
  if (landed) {
    await say({ kind: 'pushed', sha: landed, branch: deps.config.gitops.branch });
    await announce.reply(
      'pushed',
      pushedMessage(
        t,
        change.app,
        deps.config.gitops.branch,
        landed,
        'pushed before Kanaria was interrupted',
        change.undoable,
      ),
      whisper,
    );
    return;
  }
  const reason = 'Kanaria was interrupted again and again while committing this, and gave up; nothing was committed.';
  await say({ kind: 'failed', reason });
  await announce.reply(
    'failed',
    failedMessage(
      reason,
      'Run the command again; if it keeps failing, tell the platform team (the Kanaria worker may be crashing).',
    ),
    whisper,
  );
}
