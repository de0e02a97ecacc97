import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { JobsOptions, Queue } from 'bullmq';
import type { Logger } from 'pino';
import { AggregatorRegistry } from 'prom-client';
import { commands } from '../commands/index.js';
import { connectRedis, waitUntilReady } from './adapters/redis.js';
import { createSlackAdapters } from './adapters/slack.js';
import { RedisLink } from './adapters/redis-link.js';
import { readRedisDurability } from './adapters/redis-durability.js';
import { assessDurability, type DurabilityVerdict } from './domain/durability.js';
import type { Chat, Directory } from './chat.js';
import type { Config } from './domain/config.js';
import type { Role } from './config.js';
import type { Deps, JobDeps } from './deps.js';
import { createDispatcher, type Dispatcher } from './dispatch/index.js';
import { closeQueues, jobQueues, startJobsInThread, type JobHost, type JobSettings } from './job-host.js';
import { RedisReconcileRegistry } from './adapters/reconcile-registry.js';
import { queueDepthGauge } from './metrics.js';
import { createMetrics } from './metrics.js';
import { createHttpServer, type Health } from './server.js';
import { isHeartbeat } from '../jobs/heartbeat.js';
import { actions } from './slack/actions.js';
import { createSlackApp } from './slack/bolt.js';
import { RedisReplayStore } from './slack/request-guard.js';

export interface KanariaOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly redisUrl: string;
  /** What this process runs (see Role); default `all`. */
  readonly role?: Role;
  /** The GitOps remote and the working copy's directory: needed wherever jobs run (not by a receiver). */
  readonly gitopsUrl?: string;
  readonly workdir?: string;
  /** Slack credentials; absent for the terminal adapter, which brings its own chat and directory. */
  readonly slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    botId?: string;
    botUserId?: string;
  };
  readonly local?: { chat: Chat; directory: Directory };
  /** Port of the HTTP server (Slack events in HTTP mode, health and metrics always); 0 picks a free one; none: no server. */
  readonly port?: number;
  /** Run the queue workers on their own thread (with Slack only); otherwise on this event loop. */
  readonly jobThread?: boolean;
  readonly gitopsConcurrency?: number;
  /** Attempts and backoff of jobs (tests shorten them). */
  readonly jobOptions?: JobsOptions;
  /** Kubernetes access for reconcile jobs and the Application watch; absent: none (Argo CD's poll applies). */
  readonly kube?: JobSettings['kube'];
  readonly lockDurationMs?: number;
  readonly heartbeat?: JobSettings['heartbeat'];
  readonly prometheusUrl?: string;
  readonly logLevel?: string;
}

export interface Kanaria {
  readonly deps: Deps;
  /** Present when the jobs run on this thread. */
  readonly jobDeps?: JobDeps;
  readonly dispatcher: Dispatcher;
  readonly server?: Server;
  readonly port?: number;
  /** Resolves when no change or read is waiting or running (or after `timeoutMs`). */
  drained(timeoutMs?: number): Promise<boolean>;
  /** Changes found queued or running at start-up, before this process's workers started: what a restart resumes. */
  readonly resumed: number;
  stop(): Promise<void>;
}

/** A receiver runs no jobs: it is ready whenever Redis is. */
const NO_JOBS: JobHost = { problems: async () => [], metrics: async () => [], close: async () => undefined };

/** Changes queued or running (none when Redis cannot say). */
async function unfinishedChanges(queue: Queue): Promise<number> {
  const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized']).catch(() => []);
  return jobs.filter((job) => job && !isHeartbeat(job)).length;
}

/** What the jobs need, as plain data (it crosses to the job thread). */
function jobSettings(options: KanariaOptions): JobSettings {
  if (options.gitopsUrl === undefined || options.workdir === undefined)
    throw new Error('startKanaria: running jobs needs gitopsUrl and workdir');
  return {
    config: options.config,
    redisUrl: options.redisUrl,
    gitopsUrl: options.gitopsUrl,
    workdir: options.workdir,
    logLevel: options.logLevel ?? options.logger.level,
    ...(options.slack && {
      slack: { botToken: options.slack.botToken, ...(options.slack.apiUrl && { apiUrl: options.slack.apiUrl }) },
    }),
    ...(options.gitopsConcurrency !== undefined && { gitopsConcurrency: options.gitopsConcurrency }),
    ...(options.jobOptions && { jobOptions: options.jobOptions }),
    ...(options.kube && { kube: options.kube }),
    ...(options.lockDurationMs && { lockDurationMs: options.lockDurationMs }),
    ...(options.heartbeat && { heartbeat: options.heartbeat }),
    ...(options.prometheusUrl && { prometheusUrl: options.prometheusUrl }),
  };
}

/**
 * Wires adapters, queues, workers and the ways in, as far as the role asks; `stop` drains workers and closes
 * everything.
 */
export async function startKanaria(options: KanariaOptions): Promise<Kanaria> {
  const { config, logger } = options;
  const metrics = createMetrics();
  const redis = connectRedis(options.redisUrl, 'client');
  const link = new RedisLink(redis, logger, 'commands');
  // A moment for the first connection; without Redis the process still starts, is not ready, and answers
  // commands "NOT queued" until Redis is back.
  await waitUntilReady(redis, 3_000).catch(() => undefined);

  // A Redis that would lose the queue is not an error (development, tests), but it is said loudly, every time
  // Redis (re)connects: in the log, on /readyz and as metrics.
  let durability: DurabilityVerdict | undefined;
  link.whenReady(
    async () => {
      durability = assessDurability(await readRedisDurability(redis));
      metrics.redisDurable.set(durability.durable ? 1 : 0);
      metrics.redisEvictionSafe.set(durability.evictionSafe ? 1 : 0);
      if (durability.warnings.length > 0)
        logger.warn({ redis: durability }, `Redis may lose queued changes: ${durability.warnings.join('; ')}`);
    },
    (error) => logger.warn({ err: error }, 'could not read the durability settings of Redis'),
  );

  const role = options.role ?? 'all';
  const local =
    options.local ??
    (options.slack
      ? createSlackAdapters(config, options.slack, (method) => metrics.slackRateLimited.inc({ method }))
      : undefined);
  if (!local) throw new Error('startKanaria needs Slack credentials or a local chat');
  const queues = jobQueues(options, redis);
  const queue = queues.gitops;
  queueDepthGauge(
    metrics.registry,
    Object.values(queues).map((q) => q.queue),
  );
  const deps: Deps = {
    config,
    logger,
    metrics,
    chat: local.chat,
    directory: local.directory,
    queues,
    registry: new RedisReconcileRegistry(redis),
  };
  const dispatcher = createDispatcher(deps, commands, actions);

  const resumed = role === 'receiver' ? 0 : await unfinishedChanges(queue.queue);
  if (resumed > 0) logger.info({ resumed }, 'resuming changes queued before the restart');
  let jobs: JobHost = NO_JOBS;
  let jobDeps: JobDeps | undefined;
  if (role !== 'receiver') {
    const settings = jobSettings(options);
    if (options.jobThread && settings.slack) {
      jobs = await startJobsInThread(settings, logger);
    } else {
      // Loaded only here: with the jobs on their own thread, this thread never carries git or the Kubernetes client.
      const { startJobsHere } = await import('./jobs-here.js');
      const here = await startJobsHere(settings, deps, queues);
      jobs = here;
      jobDeps = here.deps;
    }
  }
  const health = async (): Promise<Health> => ({
    // Each connection (commands, job queues, workers) sees the same Redis outage: say it once.
    problems: [...new Set([link.problem(), ...(await jobs.problems())].filter((p): p is string => p !== undefined))],
    warnings: durability?.warnings ?? [],
  });
  const metricsText = async () => {
    const merged = AggregatorRegistry.aggregate([await metrics.registry.getMetricsAsJSON(), await jobs.metrics()]);
    return merged.metrics();
  };

  let server: Server | undefined;
  let stopSlack: (() => Promise<void>) | undefined;
  if (options.slack && role !== 'worker') {
    const { app, receiver } = createSlackApp({
      botToken: options.slack.botToken,
      ...(options.slack.signingSecret && { signingSecret: options.slack.signingSecret }),
      ...(options.slack.appToken && { appToken: options.slack.appToken }),
      ...(options.slack.apiUrl && { slackApiUrl: options.slack.apiUrl }),
      ...(options.slack.botId && { botId: options.slack.botId }),
      ...(options.slack.botUserId && { botUserId: options.slack.botUserId }),
      logger,
      commands,
      actions,
      dispatcher,
    });
    if (!receiver) {
      await app.start();
      stopSlack = () => app.stop().then(() => undefined);
    }
    if (options.port !== undefined) {
      const slack = receiver && {
        receiver,
        signingSecret: options.slack.signingSecret ?? '',
        replay: new RedisReplayStore(redis),
      };
      server = createHttpServer({ metrics, metricsText, logger, health, ...(slack && { slack }) });
    }
  } else if (options.port !== undefined) {
    server = createHttpServer({ metrics, metricsText, logger, health });
  }
  let port: number | undefined;
  if (server) {
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(options.port, resolve);
    });
    port = (listening.address() as AddressInfo).port;
  }

  return {
    deps,
    ...(jobDeps && { jobDeps }),
    dispatcher,
    resumed,
    ...(server && { server }),
    ...(port !== undefined && { port }),
    async drained(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const counts = await Promise.all(
          [queue, queues.reads].map((q) => q.queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized')),
        );
        if (counts.every((c) => Object.values(c).every((n) => n === 0))) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    },
    async stop() {
      if (server) {
        const closing = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closing;
      }
      await stopSlack?.();
      await jobs.close();
      if (redis.status === 'ready')
        await Promise.race([closeQueues(queues), new Promise((r) => setTimeout(r, 5_000).unref())]);
      redis.disconnect();
    },
  };
}
