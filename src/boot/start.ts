import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { AggregatorRegistry } from 'prom-client';
import { commands } from '../../commands/index.js';
import { isHeartbeat } from '../../jobs/heartbeat.js';
import { createMetrics, queueDepthGauge, type KanariaMetrics } from '../adapters/metrics.js';
import { createDispatcher, type Dispatcher } from '../dispatch/index.js';
import { actions } from '../slack/actions.js';
import { modals } from '../slack/modals.js';
import { createSlackApp } from '../slack/bolt.js';
import { RedisReplayStore } from '../slack/request-guard.js';
import { buildDeps, closeQueues, type JobQueues, type WaysOut } from './build-deps.js';
import type { Deps, JobDeps } from './deps.js';
import type { JobHost } from './jobs.js';
import { startJobsInThread } from './jobs-in-thread.js';
import { logProgress, type Progress } from './progress.js';
import { openRedis, watchDurability, type Connection } from './redis.js';
import { createHttpServer, type Health } from './server.js';
import type { Settings } from './settings.js';

/** The settings, and what cannot cross to a thread: the logger, the terminal's chat, where progress goes. */
export interface KanariaOptions extends Settings {
  readonly logger: Logger;
  /** The terminal adapter's chat and directory, in place of Slack's. */
  readonly local?: WaysOut;
  /** Where start-up reports its steps; default: the log. */
  readonly progress?: Progress;
}

export interface Kanaria {
  readonly deps: Deps;
  /** Present when the jobs run on this thread. */
  readonly jobDeps?: JobDeps;
  readonly dispatcher: Dispatcher;
  readonly server?: Server;
  readonly port?: number;
  /** Settles once the jobs here have fetched the GitOps repo for the first time (at once when jobs run elsewhere). */
  readonly cloned: Promise<void>;
  /** Resolves when no change or read is waiting or running (or after `timeoutMs`); changes parked until a freeze ends do not count. */
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

/** The settings alone, as the job thread gets them (plain data), with the log level the logger has. */
function settingsOf(options: KanariaOptions): Settings {
  const { logger, local: _local, progress: _progress, ...settings } = options;
  return { ...settings, logLevel: options.logLevel ?? logger.level };
}

/**
 * Wires adapters, queues, workers and the ways in, as far as the role asks; `stop` drains workers and closes
 * everything.
 */
export async function startKanaria(options: KanariaOptions): Promise<Kanaria> {
  const { logger } = options;
  const settings = settingsOf(options);
  const progress = options.progress ?? logProgress(logger);
  const role = settings.role ?? 'all';
  const metrics = createMetrics();
  // A moment for the first connection; without Redis the process still starts, is not ready, and answers
  // commands "NOT queued" until Redis is back.
  const connection = await openRedis(settings.redisUrl, 'client', logger, 'commands', 3_000);
  const { redis, link } = connection;
  const durabilityWarnings = watchDurability(connection, metrics, logger);

  const deps = buildDeps(settings, { logger, metrics, redis, ...(options.local && { local: options.local }) });
  const { queues } = deps;
  queueDepthGauge(
    metrics.registry,
    Object.values(queues).map((q) => q.queue),
  );
  const dispatcher = createDispatcher(deps, commands, actions);

  const resumed = role === 'receiver' ? 0 : await unfinishedChanges(queues.gitops.queue);
  if (resumed > 0) logger.info({ resumed }, 'resuming changes queued before the restart');
  let jobs: JobHost = NO_JOBS;
  let jobDeps: JobDeps | undefined;
  let cloned = Promise.resolve();
  if (role !== 'receiver') {
    if (settings.jobThread && settings.slack) {
      jobs = await startJobsInThread(settings, logger);
    } else {
      // Loaded only here: with the jobs on their own thread, this thread never carries git or the Kubernetes client.
      const { startJobs } = await import('./jobs.js');
      const here = await startJobs(settings, deps, progress);
      jobs = here;
      jobDeps = here.deps;
      cloned = here.cloned;
    }
  }
  const health = async (): Promise<Health> => ({
    // Each connection (commands, job queues, workers) sees the same Redis outage: say it once.
    problems: [...new Set([link.problem(), ...(await jobs.problems())].filter((p): p is string => p !== undefined))],
    warnings: durabilityWarnings(),
  });
  const metricsText = async () => {
    const merged = AggregatorRegistry.aggregate([await metrics.registry.getMetricsAsJSON(), await jobs.metrics()]);
    return merged.metrics();
  };
  const waysIn = await startWaysIn(settings, { logger, connection, dispatcher, queues, metrics, metricsText, health });

  return {
    deps,
    ...(jobDeps && { jobDeps }),
    dispatcher,
    resumed,
    cloned,
    ...(waysIn.server && { server: waysIn.server }),
    ...(waysIn.port !== undefined && { port: waysIn.port }),
    async drained(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const counts = await Promise.all(
          [queues.gitops, queues.reads].map((q) => q.queue.getJobCounts('active', 'waiting', 'prioritized')),
        );
        // A change parked until a freeze window opens (--when-open) is not work in progress; a retry's delay is.
        const delayed = [...(await queues.gitops.queue.getDelayed()), ...(await queues.reads.queue.getDelayed())];
        const retrying = delayed.filter((job) => !(job.data && 'waitingUntil' in job.data));
        if (retrying.length === 0 && counts.every((c) => Object.values(c).every((n) => n === 0))) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    },
    async stop() {
      await waysIn.stop();
      await jobs.close();
      if (redis.status === 'ready')
        await Promise.race([closeQueues(queues), new Promise((r) => setTimeout(r, 5_000).unref())]);
      redis.disconnect();
    },
  };
}

/**
 * Slack's way in for the role (Bolt over Kanaria's HTTP server, or Socket Mode) and the HTTP server with
 * /healthz, /readyz and /metrics when a port is given (every role, the terminal too).
 */
async function startWaysIn(
  settings: Settings,
  parts: {
    readonly logger: Logger;
    readonly connection: Connection;
    readonly dispatcher: Dispatcher;
    readonly queues: JobQueues;
    readonly metrics: KanariaMetrics;
    readonly metricsText: () => Promise<string>;
    readonly health: () => Promise<Health>;
  },
): Promise<{ server?: Server; port?: number; stop(): Promise<void> }> {
  const { logger, metrics, metricsText, health } = parts;
  const { slack } = settings;
  let server: Server | undefined;
  let stopSlack: (() => Promise<void>) | undefined;
  const webhook = settings.webhookSecret !== undefined && {
    webhook: {
      secret: settings.webhookSecret,
      replay: new RedisReplayStore(parts.connection.redis),
      config: settings.config,
      builds: parts.queues.builds,
      gitops: parts.queues.gitops,
      logger,
      metrics,
    },
  };
  if (slack && settings.role !== 'worker') {
    const { app, receiver } = createSlackApp({
      botToken: slack.botToken,
      ...(slack.signingSecret && { signingSecret: slack.signingSecret }),
      ...(slack.appToken && { appToken: slack.appToken }),
      ...(slack.apiUrl && { slackApiUrl: slack.apiUrl }),
      ...(slack.botId && { botId: slack.botId }),
      ...(slack.botUserId && { botUserId: slack.botUserId }),
      logger,
      commands,
      actions,
      modals,
      dispatcher: parts.dispatcher,
    });
    if (!receiver) {
      await app.start();
      stopSlack = () => app.stop().then(() => undefined);
    }
    if (settings.port !== undefined) {
      const events = receiver && {
        receiver,
        signingSecret: slack.signingSecret ?? '',
        replay: new RedisReplayStore(parts.connection.redis),
      };
      server = createHttpServer({
        metrics,
        metricsText,
        logger,
        health,
        ...(events && { slack: events }),
        ...webhook,
      });
    }
  } else if (settings.port !== undefined) {
    server = createHttpServer({ metrics, metricsText, logger, health, ...webhook });
  }
  let port: number | undefined;
  if (server) {
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(settings.port, resolve);
    });
    port = (listening.address() as AddressInfo).port;
  }
  return {
    ...(server && { server }),
    ...(port !== undefined && { port }),
    async stop() {
      if (server) {
        const closing = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closing;
      }
      await stopSlack?.();
    },
  };
}
