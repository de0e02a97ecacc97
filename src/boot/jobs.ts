import { startWorkers } from '../../jobs/index.js';
import { RedisAlertLedger } from '../adapters/alert-ledger.js';
import { KubeArgoApplications } from '../adapters/argocd.js';
import { RedisCardRegistry } from '../adapters/card-registry.js';
import { GitOpsRepository } from '../adapters/gitops-repo.js';
import { KubeGpuSource } from '../adapters/gpu-inventory.js';
import { loadKubeConfig } from '../adapters/kube-config.js';
import { HttpPrometheus } from '../adapters/prometheus.js';
import { connectRedis } from '../adapters/redis.js';
import { RedisLink } from '../adapters/redis-link.js';
import { KubeRollouts } from '../adapters/rollouts.js';
import type { JobDeps } from './deps.js';
import type { JobHost, JobQueues, JobSettings } from './jobs-in-thread.js';
import { watchApplications } from '../watch/applications.js';
import { watchRollouts } from '../watch/rollouts.js';
import { startHeartbeats } from '../../jobs/heartbeat.js';
import { reportAbandoned } from '../../jobs/abandoned.js';

/*
 * What only the job side loads: git, the Kubernetes client, the workers and watches. Kept out of job-host.ts
 * so that the receiver's thread, when jobs run on their own, does not carry them (bench:footprint).
 */

const GPU_SCHEDULE = 'gpu-report-scheduled';
const GPU_ALERTS = 'gpu-alert-check';
/**
 * Heartbeats follow the job lock (30 s by default): one per queue every third of it, and a queue whose heartbeat
 * waited two locks' time is stuck (heartbeats go first in line, LIFO, so a long queue does not delay them).
 */
const heartbeatOf = (lockMs: number) => ({ intervalMs: lockMs / 3, deadlineMs: lockMs * 2 });

/**
 * Runs the workers, watches and schedules on this event loop (a worker pod, the job thread, the terminal adapter,
 * tests): `deps` are shared with the commands when both run here.
 */
export async function startJobsHere(
  settings: JobSettings,
  deps: Omit<JobDeps, 'repo' | 'argo' | 'rollouts' | 'cards' | 'alerts'>,
  queues: JobQueues,
): Promise<JobHost & { deps: JobDeps }> {
  const { notify } = queues;
  const { config } = settings;
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
  const argo =
    kubeConfig &&
    new KubeArgoApplications(kubeConfig, {
      ...(settings.kube?.watchSeconds && { watchSeconds: settings.kube.watchSeconds }),
    });
  const rollouts = kubeConfig && new KubeRollouts(kubeConfig, settings.kube?.watchSeconds);
  // Not waited for: workers wait for Redis by themselves, and readiness says why while it is away.
  const redis = connectRedis(settings.redisUrl, 'worker');
  const link = new RedisLink(redis, deps.logger, 'workers');
  const jobDeps: JobDeps = {
    ...deps,
    repo,
    cards: new RedisCardRegistry(redis),
    alerts: new RedisAlertLedger(redis),
    ...(argo && { argo }),
    ...(rollouts && { rollouts }),
    ...(kubeConfig && { gpu: new KubeGpuSource(kubeConfig) }),
    ...(settings.prometheusUrl && { prometheus: new HttpPrometheus(settings.prometheusUrl) }),
  };
  const workers = startWorkers(jobDeps, redis, {
    gitopsConcurrency: settings.gitopsConcurrency ?? 64,
    ...(settings.lockDurationMs && { lockDurationMs: settings.lockDurationMs }),
  });
  const gpu = settings.config.gpu;
  // Every replica sets the same schedule id: BullMQ keeps one. Without a schedule in the config, none is left.
  // Set again whenever Redis comes back (it may have come back empty).
  link.whenReady(
    async () => {
      if (gpu?.schedule && gpu.reportChannel && kubeConfig)
        await deps.queues.gpu.schedule(GPU_SCHEDULE, gpu.schedule, { channel: gpu.reportChannel }, gpu.timezone);
      else await deps.queues.gpu.unschedule(GPU_SCHEDULE);
      const alertChannel = gpu?.alerts?.channel ?? gpu?.reportChannel;
      if (gpu?.alerts && alertChannel && kubeConfig)
        await deps.queues.gpu.schedule(
          GPU_ALERTS,
          gpu.alerts.schedule,
          { kind: 'check', channel: alertChannel },
          gpu.timezone,
        );
      else await deps.queues.gpu.unschedule(GPU_ALERTS);
    },
    (error) =>
      deps.logger.warn({ err: error }, 'could not set the GPU report schedules; trying again when Redis reconnects'),
  );
  const bullQueues = Object.values(queues).map((q) => q.queue);
  const heartbeat = settings.heartbeat ?? heartbeatOf(settings.lockDurationMs ?? 30_000);
  // Abandoned jobs are rare: the failed sets are swept once per heartbeat deadline, not on every beat.
  let swept = 0;
  const sweep = async () => {
    if (Date.now() - swept < heartbeat.deadlineMs) return;
    swept = Date.now();
    await reportAbandoned(jobDeps, bullQueues, redis);
  };
  const heartbeats = startHeartbeats(bullQueues, heartbeat, sweep);
  const watching = new AbortController();
  const watch = Promise.all([
    argo && settings.config.reconcile.notify
      ? watchApplications({ ...deps, argo, notify }, watching.signal)
      : undefined,
    rollouts ? watchRollouts({ ...deps, rollouts, canary: deps.queues.canary }, watching.signal) : undefined,
  ]);
  return {
    deps: jobDeps,
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
      await watch;
      // With Redis gone there is nothing to hand back: do not wait for it.
      const up = redis.status === 'ready';
      await Promise.race([
        workers.close(up ? 25_000 : 0),
        new Promise((r) => setTimeout(r, up ? 30_000 : 500).unref()),
      ]);
      redis.disconnect();
    },
  };
}
