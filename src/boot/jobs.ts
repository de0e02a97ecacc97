import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { Redis } from 'ioredis';
import { startWorkers } from '../../jobs/index.js';
import { startHeartbeats } from '../../jobs/heartbeat.js';
import { reportAbandoned } from '../../jobs/abandoned.js';
import { RedisAlertLedger } from '../adapters/alert-ledger.js';
import { KubeArgoApplications } from '../adapters/argocd.js';
import { RedisCardRegistry } from '../adapters/card-registry.js';
import { RedisPipelineCards } from '../adapters/pipeline-cards.js';
import { GitOpsRepository } from '../adapters/gitops-repo.js';
import { KubeGpuSource } from '../adapters/gpu-inventory.js';
import { KubeReclaimSource } from '../adapters/reclaim-cluster.js';
import { KubeWhySource } from '../adapters/gpu-why.js';
import { KubeKueueSource } from '../adapters/kueue.js';
import { loadKubeConfig } from '../adapters/kube-config.js';
import { HttpPrometheus } from '../adapters/prometheus.js';
import { PrometheusSloSource } from '../adapters/slo-source.js';
import { KubeRollouts } from '../adapters/rollouts.js';
import { Refusal, TransientError } from '../domain/errors.js';
import { redactCredentials } from '../domain/redact.js';
import { explain } from '../i18n/index.js';
import { watchApplications } from '../watch/applications.js';
import { watchRollouts } from '../watch/rollouts.js';
import { watchOutsideCommits } from '../watch/outside-commits.js';
import { RedisOutsideLedger } from '../adapters/outside-ledger.js';
import { refreshPipelineCard } from '../queues/pipeline-card.js';
import type { BuiltDeps } from './build-deps.js';
import type { JobDeps } from './deps.js';
import type { Phrase, Progress } from './progress.js';
import { openRedis } from './redis.js';
import type { Settings } from './settings.js';
import { startupWords } from './startup-words.js';

/*
 * What only the job side loads: git, the Kubernetes client, the workers and watches. Loaded on demand, so that
 * the receiver's thread, when jobs run on their own, does not carry them (bench:footprint).
 */

export type JobMetrics = MetricObjectWithValues<MetricValue<string>>[];

/** The queue workers, wherever they run. */
export interface JobHost {
  /** Why the job side cannot take work now (Redis away, workers stopped, a queue's heartbeat not taken); empty when well. */
  problems(): Promise<string[]>;
  /** The job side's metrics, to be merged into /metrics. */
  metrics(): Promise<JobMetrics>;
  close(): Promise<void>;
}

const GPU_SCHEDULE = 'gpu-report-scheduled';
const GPU_ALERTS = 'gpu-alert-check';
const GPU_RECLAIM = 'gpu-reclaim-scan';
/**
 * Heartbeats follow the job lock (30 s by default): one per queue every third of it, and a queue whose heartbeat
 * waited two locks' time is stuck (heartbeats go first in line, LIFO, so a long queue does not delay them).
 */
const heartbeatOf = (lockMs: number) => ({ intervalMs: lockMs / 3, deadlineMs: lockMs * 2 });

/** Why the first fetch failed, in the words of whoever reads it: an error with a catalog key is worded by it. */
const reasonOf =
  (error: unknown): Phrase =>
  (t) =>
    redactCredentials(
      error instanceof TransientError || error instanceof Refusal
        ? explain(t, error).message
        : error instanceof Error
          ? error.message
          : String(error),
    );

/** What jobs need besides the commands' deps: the GitOps repository, and the cluster and Prometheus when given. */
export function buildJobDeps(settings: Settings, deps: BuiltDeps, redis: Redis): JobDeps {
  const { config } = settings;
  if (settings.gitopsUrl === undefined || settings.workdir === undefined)
    throw new Error('running jobs needs the GitOps repository: gitopsUrl and workdir');
  const repo = new GitOpsRepository({
    url: settings.gitopsUrl,
    branch: config.gitops.branch,
    workdir: settings.workdir,
    committer: config.gitops.committer,
    pushAttempts: config.gitops.pushAttempts,
    onPush: (outcome) => deps.metrics.gitPushes.inc({ outcome }),
    onHeal: (healing) => deps.logger.warn({ healing }, 'the GitOps working copy was damaged and has been repaired'),
  });
  const kubeConfig = settings.kube && loadKubeConfig(settings.kube);
  const watchSeconds = settings.kube?.watchSeconds;
  const prometheus = settings.prometheusUrl ? new HttpPrometheus(settings.prometheusUrl) : undefined;
  return {
    ...deps,
    repo,
    cards: new RedisCardRegistry(redis),
    pipelineCards: new RedisPipelineCards(redis),
    alerts: new RedisAlertLedger(redis),
    ...(kubeConfig && {
      argo: new KubeArgoApplications(kubeConfig, { ...(watchSeconds && { watchSeconds }) }),
      rollouts: new KubeRollouts(kubeConfig, watchSeconds),
      gpu: new KubeGpuSource(kubeConfig),
      reclaimSource: new KubeReclaimSource(kubeConfig),
      kueue: new KubeKueueSource(kubeConfig),
      why: new KubeWhySource(kubeConfig),
    }),
    ...(prometheus && { prometheus, slo: new PrometheusSloSource(prometheus) }),
  };
}

/**
 * Runs the workers, watches and schedules on this event loop (a worker pod, the job thread, the terminal adapter,
 * tests): `deps` are shared with the commands when both run here. `cloned` settles once the working copy has
 * been fetched for the first time (or could not be: that is reported, and each change tries again).
 */
export async function startJobs(
  settings: Settings,
  deps: BuiltDeps,
  progress: Progress,
): Promise<JobHost & { deps: JobDeps; cloned: Promise<void> }> {
  const { notify } = deps.queues;
  // Not waited for: workers wait for Redis by themselves, and readiness says why while it is away.
  const { redis, link } = await openRedis(settings.redisUrl, 'worker', deps.logger, 'workers');
  const jobDeps = buildJobDeps(settings, deps, redis);
  const { argo, rollouts } = jobDeps;
  const fetched = existsSync(join(settings.workdir ?? '', '.git'));
  progress.step((fetched ? startupWords.fetching : startupWords.cloning)(redactCredentials(settings.gitopsUrl ?? '')));
  const cloned = jobDeps.repo
    .read(async () => undefined)
    .catch((error: unknown) => progress.warn(startupWords.cloneFailed(reasonOf(error))));
  const workers = startWorkers(jobDeps, redis, {
    gitopsConcurrency: settings.gitopsConcurrency ?? 64,
    ...(settings.lockDurationMs && { lockDurationMs: settings.lockDurationMs }),
  });
  const gpu = settings.config.gpu;
  const cluster = argo !== undefined;
  // Every replica sets the same schedule id: BullMQ keeps one. Without a schedule in the config, none is left.
  // Set again whenever Redis comes back (it may have come back empty).
  link.whenReady(
    async () => {
      if (gpu?.schedule && gpu.reportChannel && cluster)
        await deps.queues.gpu.schedule(GPU_SCHEDULE, gpu.schedule, { channel: gpu.reportChannel }, gpu.timezone);
      else await deps.queues.gpu.unschedule(GPU_SCHEDULE);
      const alertChannel = gpu?.alerts?.channel ?? gpu?.reportChannel;
      if (gpu?.alerts && alertChannel && cluster)
        await deps.queues.gpu.schedule(
          GPU_ALERTS,
          gpu.alerts.schedule,
          { kind: 'check', channel: alertChannel },
          gpu.timezone,
        );
      else await deps.queues.gpu.unschedule(GPU_ALERTS);
      if (gpu?.reclaim && cluster)
        await deps.queues.reclaim.schedule(GPU_RECLAIM, gpu.reclaim.schedule, { kind: 'scan' }, gpu.timezone);
      else await deps.queues.reclaim.unschedule(GPU_RECLAIM);
    },
    (error) =>
      deps.logger.warn({ err: error }, 'could not set the GPU report schedules; trying again when Redis reconnects'),
  );
  const bullQueues = Object.values(deps.queues).map((q) => q.queue);
  const heartbeat = settings.heartbeat ?? heartbeatOf(settings.lockDurationMs ?? 30_000);
  // Abandoned jobs are rare: the failed sets are swept once per heartbeat deadline, not on every beat.
  let swept = 0;
  const sweep = async () => {
    if (Date.now() - swept < heartbeat.deadlineMs) return;
    swept = Date.now();
    await reportAbandoned(jobDeps, bullQueues, redis);
  };
  const heartbeats = startHeartbeats(bullQueues, heartbeat, sweep);
  const outsideFetchMs = settings.outsideFetchMs ?? 60_000;
  const outsideCommits =
    outsideFetchMs > 0
      ? watchOutsideCommits(
          {
            ...deps,
            repo: jobDeps.repo,
            ledger: new RedisOutsideLedger(redis),
            moved: (app, sha) => refreshPipelineCard(deps, app, sha),
          },
          outsideFetchMs,
        )
      : undefined;
  const watching = new AbortController();
  const watch = Promise.all([
    argo && settings.config.reconcile.notify
      ? watchApplications({ ...deps, argo, notify }, watching.signal)
      : undefined,
    rollouts ? watchRollouts({ ...deps, rollouts, canary: deps.queues.canary }, watching.signal) : undefined,
  ]);
  return {
    deps: jobDeps,
    cloned,
    problems: async () =>
      [
        link.problem(),
        workers.running() ? undefined : 'the queue workers have stopped',
        ...heartbeats.problems(),
      ].filter((p): p is string => p !== undefined),
    metrics: async () => [],
    async close() {
      heartbeats.stop();
      watching.abort();
      await outsideCommits?.stop();
      await watch;
      // With Redis gone there is nothing to hand back: do not wait for it.
      const up = redis.status === 'ready';
      await Promise.race([
        workers.close(up ? 25_000 : 0),
        new Promise((r) => setTimeout(r, up ? 30_000 : 500).unref()),
      ]);
      // A first fetch still running would write into a working copy that may be removed next.
      await Promise.race([cloned, new Promise((r) => setTimeout(r, 5_000).unref())]);
      redis.disconnect();
    },
  };
}
