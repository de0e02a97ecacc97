import { Worker as Thread } from 'node:worker_threads';
import type { JobsOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { connectRedis } from './adapters/redis.js';
import type { Config } from './domain/config.js';
import { BullJobQueue, defaultJobOptions } from './adapters/bull-queue.js';
import { GITOPS_QUEUE, type GitopsJob } from './queues/gitops.js';
import { READS_QUEUE, type ReadJob } from './queues/reads.js';
import { RECONCILE_QUEUE, type ReconcileJob } from './queues/reconcile.js';
import { NOTIFY_QUEUE, type NotifyJob } from './queues/notify.js';
import { CANARY_QUEUE, type CanaryJob } from './queues/canary.js';
import { ANALYSIS_QUEUE, type AnalysisJob } from './queues/analysis.js';
import { GPU_QUEUE, type GpuReportJob } from './queues/gpu.js';

/** Plain data that is enough to run Kanaria's jobs anywhere: in this thread, or in a worker thread. */
export interface JobSettings {
  readonly config: Config;
  readonly redisUrl: string;
  readonly gitopsUrl: string;
  readonly workdir: string;
  readonly slack?: { readonly botToken: string; readonly apiUrl?: string };
  readonly logLevel: string;
  readonly gitopsConcurrency?: number;
  readonly jobOptions?: JobsOptions;
  /** Kubernetes credentials (a kubeconfig path, or in-cluster when empty); absent: no cluster access. */
  readonly kube?: { readonly path?: string; readonly watchSeconds?: number };
  /** Prometheus for canary analysis (PROMETHEUS_URL). */
  readonly prometheusUrl?: string;
  /** Lock of a running job; a killed worker's job is taken over after it (tests shorten it). */
  readonly lockDurationMs?: number;
  /** How often each queue gets a heartbeat job, and how late one may be taken before readiness fails. */
  readonly heartbeat?: { readonly intervalMs: number; readonly deadlineMs: number };
}

export type Metrics = MetricObjectWithValues<MetricValue<string>>[];

/** The queue workers, wherever they run. */
export interface JobHost {
  /** Why the job side cannot take work now (Redis away, workers stopped, a queue's heartbeat not taken); empty when well. */
  problems(): Promise<string[]>;
  /** The job side's metrics, to be merged into /metrics. */
  metrics(): Promise<Metrics>;
  close(): Promise<void>;
}

/** The queues commands and jobs add to, on one Redis connection. */
export const jobQueues = (settings: Pick<JobSettings, 'jobOptions'>, redis: ReturnType<typeof connectRedis>) => ({
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
});
export type JobQueues = ReturnType<typeof jobQueues>;

export const closeQueues = (queues: JobQueues): Promise<unknown> =>
  Promise.all(Object.values(queues).map((q) => q.queue.close()));

/**
 * Runs the workers in a worker thread. Git spawns a process per command, and spawning blocks the event loop
 * for milliseconds; on their own thread, the jobs cannot delay Slack's acks (bench:ack measures this).
 */
export async function startJobsInThread(settings: JobSettings, logger: Logger): Promise<JobHost> {
  const built = !import.meta.url.endsWith('.ts');
  const entry = new URL(built ? './job-thread.js' : './job-thread.ts', import.meta.url);
  // From source (npm start, tests), the thread registers tsx itself: loader hooks do not carry over to threads.
  const thread = built
    ? new Thread(entry, { workerData: settings })
    : new Thread(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`,
        { eval: true, workerData: settings },
      );
  let alive = true;
  let sequence = 0;
  const pending = new Map<number, (data: unknown) => void>();
  thread.on('message', (message: { type: string; id?: number; data?: unknown }) => {
    if (message.type === 'answer' && message.id !== undefined) pending.get(message.id)?.(message.data);
  });
  /** Asks the thread (`metrics` or `problems`); `fallback` when it does not answer in time. */
  const ask = <T>(type: 'metrics' | 'problems', fallback: T): Promise<T> =>
    new Promise<T>((resolve) => {
      if (!alive) return resolve(fallback);
      const id = ++sequence;
      const timer = setTimeout(() => (pending.delete(id), resolve(fallback)), 2_000);
      pending.set(id, (data) => (clearTimeout(timer), pending.delete(id), resolve(data as T)));
      thread.postMessage({ type, id });
    });
  thread.on('error', (err) => logger.error({ err }, 'job thread failed'));
  thread.on('exit', (code) => {
    alive = false;
    if (code !== 0) logger.error({ code }, 'job thread exited');
  });
  await new Promise<void>((resolve, reject) => {
    thread.once('message', (message: { type: string; error?: string }) =>
      message.type === 'ready' ? resolve() : reject(new Error(message.error)),
    );
    thread.once('exit', (code) => reject(new Error(`job thread exited with code ${code} while starting`)));
  });
  return {
    problems: () =>
      alive ? ask('problems', ['the job thread does not answer']) : Promise.resolve(['the job thread has stopped']),
    metrics: () => ask<Metrics>('metrics', []),
    async close() {
      if (!alive) return;
      const stopped = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.postMessage({ type: 'stop' });
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 35_000).unref())]);
      if (alive) await thread.terminate();
    },
  };
}
