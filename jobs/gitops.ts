import { UnrecoverableError, type Job } from 'bullmq';
import type { Message } from '../src/chat.js';
import { announcer } from './announce.js';
import type { GitopsJob } from '../src/change.js';
import type { ChangeHandler } from '../src/command.js';
import { announcement, dryRunMessage, failedMessage, pushedMessage, type ChangeStatus } from '../src/blocks/gitops.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import { UserFacingError } from '../src/domain/errors.js';
import type { JobDeps } from '../src/deps.js';
import { answeringFailures, whisperTo } from '../src/job-reply.js';
import { enqueueReconcile, reconcileJobId, type ReconcileJob } from '../src/reconcile.js';
import { jobId } from '../src/queue.js';
import { abortPatches, isUpdating, rolloutPosition } from '../src/domain/rollout.js';
import { changeHandlers, history, status } from '../commands/index.js';

export const GITOPS_QUEUE = 'gitops';

/** Errors worth another attempt: the remote or the network, not the request. */
const isTransient = (error: unknown): boolean =>
  !(error instanceof UserFacingError) || error.code === 'git-unavailable';

/** Asks Argo CD to take the pushed commit now (instead of at its next poll), followed in the change's thread. */
async function reconcileNow(deps: JobDeps, data: GitopsJob, sha: string): Promise<boolean> {
  if (!deps.argo || !deps.config.apps[data.change.app]?.argocd) return true;
  const job: ReconcileJob = {
    app: data.change.app,
    revision: sha,
    requestedAt: Date.now(),
    hard: false,
    requester: data.requester,
    channel: data.channel,
    ...(data.announcement && { thread: data.announcement }),
  };
  try {
    await enqueueReconcile(deps, reconcileJobId(data.change.app, sha), job);
    return true;
  } catch (error) {
    // The change is pushed: Argo CD still takes it at its next poll.
    deps.logger.warn({ err: error, app: data.change.app, sha }, 'could not enqueue the reconcile');
    return false;
  }
}

/** Aborts the app's canary if one is rolling out (as `kubectl argo rollouts abort`); says so, or nothing. */
async function abortCanary(deps: JobDeps, data: GitopsJob): Promise<string | undefined> {
  const rollout = deps.config.apps[data.change.app]?.rollout;
  if (!rollout || !deps.rollouts) return undefined;
  const { state } = await deps.rollouts.get(rollout);
  if (!isUpdating(state) || state.aborted) return undefined;
  await deps.rollouts.apply(rollout, abortPatches());
  await deps.cards.setLastPress(data.change.app, {
    action: 'abort',
    by: data.requester.id,
    at: Date.now(),
    from: rolloutPosition(state),
  });
  // The card shows the abort at once (the Rollout watch would too, a moment later).
  await deps.queues.canary
    .add(jobId('rollout', data.change.app, 'rollback', data.requestId), {
      kind: 'notice',
      app: data.change.app,
      notice: 'moved',
    })
    .catch(() => undefined);
  return `:rotating_light: Aborted the canary of \`${data.change.app}\` (Rollout \`${rollout.namespace}/${rollout.name}\`): traffic is back on the stable version. The revert keeps Argo CD from rolling forward again.`;
}

/** The gitops queue's processor: one job, one change, announced in the channel and answered in its thread. */
export function gitopsProcessor(deps: JobDeps) {
  return async (job: Job<GitopsJob>): Promise<string> => {
    const data = job.data;
    const { change } = data;
    const whisper = whisperTo(deps, data);
    /** Reads (history, status, dry runs) answer only the requester; a refusal ends the job, the rest is retried. */
    const answerPrivately = (outcome: string, read: () => Promise<Message>): Promise<string> =>
      answeringFailures(
        job,
        whisper,
        async () => {
          await whisper(await read());
          return outcome;
        },
        isTransient,
      );
    if (change.kind === 'history') return answerPrivately('history', () => history.read(change, deps));
    if (change.kind === 'status') return answerPrivately('status', () => status.read(change, deps));
    const handler = changeHandlers[change.kind] as ChangeHandler<typeof change>;
    const description = handler.describe(change);
    if (data.dryRun) {
      const operation = handler.operation(change, data, deps);
      return answerPrivately('dry-run', async () => {
        const diff = await deps.repo.read(async (tree) => {
          await operation.apply(tree);
          return tree.diff();
        });
        const t = wordsFor(chooseLocale(deps.config.locale, { user: data.requester.locale, channel: data.channel }));
        return dryRunMessage(t, description, diff);
      });
    }

    const announce = announcer(deps, job);
    // The announcement and its thread are for the whole channel: its language.
    const t = wordsFor(chooseLocale(deps.config.locale, { channel: data.channel }));
    const say = (status: ChangeStatus) => announce.say(announcement(t, data.requester.id, description, status));
    const thread = (kind: string, message: Message) => announce.reply(kind, message, whisper);

    await say({ kind: 'committing', attempt: job.attemptsMade + 1 });
    try {
      // Built after the announcement so the commit links to it (Slack-Request trailer).
      const outcome = await deps.repo.submit(handler.operation(change, job.data, deps));
      if (outcome.status === 'unchanged') {
        await say({ kind: 'unchanged', summary: outcome.detail.summary });
        await thread('unchanged', { text: `:ballot_box_with_check: Nothing to change: ${outcome.detail.summary}.` });
        return 'unchanged';
      }
      const sha = outcome.sha;
      // A rollback of an app mid-canary also stops the canary now, once the revert is in (a refused rollback
      // changes nothing); the revert keeps Argo CD from rolling forward again.
      if (change.kind === 'rollback') {
        const aborted = await abortCanary(deps, job.data).catch((error: unknown) => {
          deps.logger.warn({ err: error, app: change.app }, 'could not abort the canary of a rollback');
          return `:warning: Could not abort the canary of \`${change.app}\` (${error instanceof UserFacingError ? error.message : 'the Kubernetes API did not answer'}); the revert goes ahead, and Argo CD rolls it out.`;
        });
        if (aborted) await thread('canary-aborted', { text: aborted });
      }
      if (change.kind === 'deploy' && job.data.announcement && deps.config.apps[change.app]?.rollout) {
        // The canary card of this deploy goes into its thread.
        await deps.cards.setDeployThread(change.app, job.data.announcement).catch(() => undefined);
      }
      const what = outcome.status === 'committed' ? outcome.detail.summary : 'already pushed by an earlier attempt';
      // Argo CD first: the Slack replies below take a round trip each and need not delay the sync.
      const reconciling = await reconcileNow(deps, job.data, sha);
      await say({ kind: 'pushed', sha, branch: deps.config.gitops.branch });
      await thread(
        'pushed',
        pushedMessage(t, change.app, deps.config.gitops.branch, sha, what, change.kind !== 'rollback'),
      );
      if (!reconciling)
        await thread('no-sync', {
          text: ':warning: Kanaria could not queue the Argo CD sync; Argo CD will take the change at its next poll (or use `/sync`).',
        });
      return sha;
    } catch (error) {
      const attempts = job.opts.attempts ?? 1;
      const last = job.attemptsMade + 1 >= attempts;
      const reason = error instanceof UserFacingError ? error.message : 'Kanaria hit an internal error.';
      if (isTransient(error) && !last) {
        await say({ kind: 'retrying', reason, attempt: job.attemptsMade + 1, attempts });
        throw error;
      }
      await say({ kind: 'failed', reason });
      await thread('failed', failedMessage(reason, error instanceof UserFacingError ? error.hint : undefined));
      if (isTransient(error)) throw error;
      throw new UnrecoverableError(reason);
    }
  };
}

/**
 * A change BullMQ gave up on because its worker died again and again (see MAX_STALLS): the requester learns
 * where it stands, from the remote itself, in the announcement and its thread.
 */
export async function reportAbandonedChange(deps: JobDeps, job: Job<GitopsJob>): Promise<void> {
  const { change, requestId } = job.data;
  if (job.data.dryRun || change.kind === 'history' || change.kind === 'status') {
    await whisperTo(
      deps,
      job.data,
    )(
      failedMessage(
        'Kanaria was interrupted again and again while answering this, and gave up.',
        'Try again in a few minutes; if it persists, tell the platform team.',
      ),
    );
    return;
  }
  const handler = changeHandlers[change.kind] as ChangeHandler<typeof change>;
  const landed = await deps.repo.landed(requestId);
  const announce = announcer(deps, job);
  // The sweep counts the job as reported only once the announcement shows where it stands; else it tries again.
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: job.data.channel }));
  const say = async (status: ChangeStatus) => {
    if (!(await announce.say(announcement(t, job.data.requester.id, handler.describe(change as never), status))))
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
        change.kind !== 'rollback',
      ),
      whisperTo(deps, job.data),
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
    whisperTo(deps, job.data),
  );
}
