import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { KanariaMetrics } from '../adapters/metrics.js';
import { RedisReconcileRegistry } from '../adapters/reconcile-registry.js';
import { RedisGateLedger } from '../adapters/gate-ledger.js';
import { RedisLockLedger } from '../adapters/locks.js';
import { RedisApprovalLedger } from '../adapters/approval-ledger.js';
import { APPROVALS_QUEUE, type ApprovalEndJob } from '../queues/approvals.js';
import { createSlackAdapters } from '../adapters/slack.js';
import { BullJobQueue, defaultJobOptions } from '../adapters/bull-queue.js';
import type { Chat, Directory } from '../domain/chat.js';
import { GITOPS_QUEUE, type GitopsJob } from '../queues/gitops.js';
import { READS_QUEUE, type ReadJob } from '../queues/reads.js';
import { RECONCILE_QUEUE, type ReconcileJob } from '../queues/reconcile.js';
import { NOTIFY_QUEUE, type NotifyJob } from '../queues/notify.js';
import { CANARY_QUEUE, type CanaryJob } from '../queues/canary.js';
import { ANALYSIS_QUEUE, type AnalysisJob } from '../queues/analysis.js';
import { GPU_QUEUE, type GpuReportJob } from '../queues/gpu.js';
import { SLO_QUEUE, type ReleaseCostJob } from '../queues/slo.js';
import { BUILDS_QUEUE, type BuildNoticeJob } from '../queues/builds.js';
import { RECLAIM_QUEUE, type ReclaimJob } from '../queues/gpu-reclaim.js';
import { RedisReclaimLedger } from '../adapters/reclaim-ledger.js';
import type { Deps } from './deps.js';
import type { Settings } from './settings.js';

/** The queues commands and jobs add to, on one Redis connection. */
export const jobQueues = (settings: Pick<Settings, 'jobOptions'>, redis: Redis) => ({
  gitops: new BullJobQueue<GitopsJob>(GITOPS_QUEUE, redis, { ...defaultJobOptions, ...settings.jobOptions }),
  reads: new BullJobQueue<ReadJob>(READS_QUEUE, redis, { ...defaultJobOptions, ...settings.jobOptions }),
  reconcile: new BullJobQueue<ReconcileJob>(RECONCILE_QUEUE, redis, { ...defaultJobOptions, ...settings.jobOptions }),
  notify: new BullJobQueue<NotifyJob>(NOTIFY_QUEUE, redis, {
    ...defaultJobOptions,
    removeOnComplete: { age: 7 * 24 * 3600 },
  }),
  // Kept like the others, so a notice two replicas enqueue, or a redelivered command, runs once; a button
  // press (one id per button and position) is forgotten when done instead (see commands/canary.ts).
  canary: new BullJobQueue<CanaryJob>(CANARY_QUEUE, redis, { ...defaultJobOptions, ...settings.jobOptions }),
  analysis: new BullJobQueue<AnalysisJob>(ANALYSIS_QUEUE, redis, { ...defaultJobOptions, ...settings.jobOptions }),
  gpu: new BullJobQueue<GpuReportJob>(GPU_QUEUE, redis, { ...defaultJobOptions, ...settings.jobOptions }),
  slo: new BullJobQueue<ReleaseCostJob>(SLO_QUEUE, redis, { ...defaultJobOptions, ...settings.jobOptions }),
  // A build is announced once a week however often CI retries; one Slack never took can be sent again.
  builds: new BullJobQueue<BuildNoticeJob>(BUILDS_QUEUE, redis, {
    ...defaultJobOptions,
    ...settings.jobOptions,
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: true,
  }),
  approvals: new BullJobQueue<ApprovalEndJob>(APPROVALS_QUEUE, redis, {
    ...defaultJobOptions,
    ...settings.jobOptions,
  }),
  reclaim: new BullJobQueue<ReclaimJob>(RECLAIM_QUEUE, redis, { ...defaultJobOptions, ...settings.jobOptions }),
});
export type JobQueues = ReturnType<typeof jobQueues>;

export const closeQueues = (queues: JobQueues): Promise<unknown> =>
  Promise.all(Object.values(queues).map((q) => q.queue.close()));

/** The chat and the directory of people: Slack's Web API, or what the terminal adapter brings. */
export interface WaysOut {
  readonly chat: Chat;
  readonly directory: Directory;
}

/** Deps with every queue, the notify queue included (the jobs' watches add to it). */
export type BuiltDeps = Deps & { readonly queues: JobQueues };

/**
 * The dependencies of commands and jobs, on one Redis connection: built once per thread that runs either (the
 * job thread builds its own from the settings it was handed).
 */
export function buildDeps(
  settings: Settings,
  parts: { readonly logger: Logger; readonly metrics: KanariaMetrics; readonly redis: Redis; readonly local?: WaysOut },
): BuiltDeps {
  const { config } = settings;
  const { logger, metrics, redis } = parts;
  const out =
    parts.local ??
    (settings.slack &&
      createSlackAdapters(config, settings.slack, (method) => metrics.slackRateLimited.inc({ method })));
  if (!out) throw new Error('Kanaria needs Slack credentials or a local chat');
  return {
    config,
    logger,
    metrics,
    chat: out.chat,
    directory: out.directory,
    queues: jobQueues(settings, redis),
    registry: new RedisReconcileRegistry(redis),
    gate: new RedisGateLedger(redis),
    locks: new RedisLockLedger(redis),
    approvals: new RedisApprovalLedger(redis),
    reclaim: new RedisReclaimLedger(redis),
  };
}
