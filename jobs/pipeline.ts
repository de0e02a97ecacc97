import { pipelineCard, type StageRow } from '../src/blocks/pipeline.js';
import type { JobDeps } from '../src/boot/deps.js';
import type { Message, Posted } from '../src/domain/chat.js';
import { appFiles, type AppConfig } from '../src/domain/config.js';
import { holds } from '../src/domain/locks.js';
import { readImage } from '../src/domain/manifest.js';
import { rolloutRevision } from '../src/domain/rollout.js';
import { pipelineNamed, type Pipeline, type Stage } from '../src/domain/pipeline.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import type { ReadJob } from '../src/queues/reads.js';
import { manifestTarget } from './change-runner.js';
import type { JobContext } from './run-job.js';

/** Git's part of a row: the image as written and the last commit touching the stage's files. */
async function gitFacts(deps: JobDeps, apps: readonly AppConfig[]): Promise<Pick<StageRow, 'image' | 'commit'>[]> {
  return deps.repo.read((tree) =>
    Promise.all(
      apps.map(async (app) => {
        // A manifest Kanaria cannot read leaves the row without an image rather than the card unposted.
        const image = await tree
          .readFile(app.manifest)
          .then((text) => readImage(app.manifest, text, manifestTarget(app)))
          .catch(() => undefined);
        const [last] = await tree.log({ paths: appFiles(app), limit: 1 });
        return {
          ...(image !== undefined && { image }),
          ...(last && { commit: { sha: last.sha, author: last.authorName, at: Date.parse(last.date) } }),
        };
      }),
    ),
  );
}

/** The cluster's part of a row: "not checked" where there are no credentials or the cluster does not answer. */
async function clusterFacts(deps: JobDeps, name: string, app: AppConfig): Promise<Pick<StageRow, 'argocd' | 'canary'>> {
  // Without credentials there is nothing to ask; a read that fails is logged (RBAC, a typo in kanaria.yaml…).
  const unchecked = (what: string) => (error: unknown) => {
    if (error !== undefined)
      deps.logger.warn({ err: error, manifest: app.manifest, what }, 'pipeline card: not checked');
    return 'unchecked' as const;
  };
  const [argocd, canary, judged] = await Promise.all([
    app.argocd &&
      (deps.argo?.get({ name: app.argocd.application, namespace: app.argocd.namespace }) ?? Promise.reject())
        .then((state) => ({ sync: state.sync, health: state.health }))
        .catch(unchecked('argocd')),
    app.rollout &&
      (deps.rollouts?.get(app.rollout) ?? Promise.reject())
        .then(({ state }) => ({
          revision: rolloutRevision(state),
          phase: state.aborted ? 'Aborted' : state.phase,
          ...(state.strategy === 'canary' &&
            state.steps.length > 0 && {
              step: Math.min((state.currentStepIndex ?? 0) + 1, state.steps.length),
              steps: state.steps.length,
            }),
        }))
        .catch(unchecked('rollout')),
    // The verdict shows only while the revision it judged is the one running.
    app.rollout && deps.cards.lastVerdict(name).catch(unchecked('verdict')),
  ]);
  if (!canary || canary === 'unchecked') return { ...(argocd && { argocd }), ...(canary && { canary }) };
  const { revision, ...seen } = canary;
  const verdict =
    judged && judged !== 'unchecked' && judged.revision === revision
      ? { verdict: judged.verdict, score: judged.score }
      : undefined;
  return { ...(argocd && { argocd }), canary: { ...seen, ...(verdict && { verdict }) } };
}

/** Every stage as it stands now, read at once: Git, Argo CD, the Rollout and the lock. */
async function stageRows(deps: JobDeps, pipeline: Pipeline): Promise<StageRow[]> {
  const named = pipeline.stages.flatMap((stage) => {
    const app = deps.config.apps[stage.app];
    return app ? [{ name: stage.app, app }] : [];
  });
  const apps = named.map(({ app }) => app);
  const [git, cluster, locks] = await Promise.all([
    gitFacts(deps, apps),
    Promise.all(named.map(({ name, app }) => clusterFacts(deps, name, app))),
    Promise.all(pipeline.stages.map((stage) => deps.locks.get(stage.app))),
  ]);
  const now = Date.now();
  return pipeline.stages.map((stage: Stage, index) => {
    const lock = locks[index];
    return {
      stage: stage.name,
      app: stage.app,
      ...git[index],
      ...cluster[index],
      ...(holds(lock, now) && { lock: { holder: lock.holder.id, reason: lock.reason } }),
    };
  });
}

/**
 * `/pipeline`'s work (commands/pipeline.ts asks), and its refreshes: draws the card as the stages stand and updates
 * it in place wherever it is posted; `post` puts it in that channel when it is not there yet. `post.retrySince`
 * (Unix s, on a retry): a card posted by an attempt that failed after is found by its tag rather than posted twice.
 */
export async function showPipelineCard(
  deps: JobDeps,
  name: string,
  post?: { channel: string; retrySince?: number },
): Promise<'posted' | 'updated' | 'no card' | 'pipeline gone'> {
  const pipeline = pipelineNamed(deps.config, name);
  if (!pipeline) return 'pipeline gone';
  const rows = await stageRows(deps, pipeline);
  const draw = (channel: string) =>
    pipelineCard(wordsFor(chooseLocale(deps.config.locale, { channel })), { pipeline: name, rows });
  const posted = await deps.pipelineCards.cards(name);
  // One card that cannot be updated (deleted, its channel archived) does not hold back the others: logged.
  const updated = await Promise.all(
    posted.map((card) =>
      deps.chat.update(card.channel, card.ts, draw(card.channel)).then(
        () => card,
        (error: unknown) => deps.logger.warn({ err: error, pipeline: name, card }, 'pipeline card not updated'),
      ),
    ),
  );
  // Asked in a channel whose card could not be updated: a new one is posted there.
  if (!post || updated.some((card) => card?.channel === post.channel)) return posted.length ? 'updated' : 'no card';
  const key = `pipeline-card:${name}`;
  const found =
    post.retrySince === undefined ? undefined : await deps.chat.findTagged(post.channel, key, post.retrySince);
  if (found) await deps.chat.update(found.channel, found.ts, draw(found.channel));
  const card: Posted = found ?? (await deps.chat.postTagged(post.channel, draw(post.channel), key));
  await deps.pipelineCards.setCard(name, { channel: card.channel, ts: card.ts });
  return 'posted';
}

/** The reads queue's part: `/pipeline` posts or refreshes; a refresh after a stage moved only refreshes. */
export async function pipelineRead(
  read: Extract<ReadJob['read'], { kind: 'pipeline' }>,
  context: JobContext<ReadJob>,
): Promise<Message | undefined> {
  if (read.refresh) {
    // Nobody asked: a card that cannot be drawn is logged, not told to whoever moved the stage.
    context.tellFailuresWith({
      failed: async (failure) => context.log.warn({ err: failure.error }, 'pipeline card not refreshed'),
    });
    await showPipelineCard(context.deps, read.pipeline);
    return undefined;
  }
  const { channel } = context.data;
  const retrySince = context.job.attemptsMade > 0 ? Math.floor(context.job.timestamp / 1000) - 60 : undefined;
  const shown = await showPipelineCard(context.deps, read.pipeline, {
    channel,
    ...(retrySince !== undefined && { retrySince }),
  });
  // Updated where it was posted, maybe far up the channel: the requester is told, privately.
  return shown === 'updated' ? { text: context.t('pipeline.updated', { pipeline: read.pipeline }) } : undefined;
}
