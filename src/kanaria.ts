import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { WebClient } from '@slack/web-api';
import type { JobsOptions } from 'bullmq';
import type { Logger } from 'pino';
import { commands } from '../commands/index.js';
import { startWorkers, type Workers } from '../jobs/index.js';
import { GITOPS_QUEUE } from '../jobs/gitops.js';
import type { GitopsJob } from './change.js';
import { GitOpsRepository } from './adapters/gitops-repo.js';
import { connectRedis, waitUntilReady } from './adapters/redis.js';
import { SlackChat, SlackDirectory } from './adapters/slack.js';
import type { Chat, Directory } from './chat.js';
import type { Config } from './domain/config.js';
import type { Deps } from './deps.js';
import { createDispatcher, type Dispatcher } from './dispatch.js';
import { createMetrics } from './metrics.js';
import { BullJobQueue, defaultJobOptions } from './queue.js';
import { createHttpServer } from './server.js';
import { actions } from './slack/actions.js';
import { createSlackApp } from './slack/bolt.js';
import { RedisReplayStore } from './slack/request-guard.js';

export interface KanariaOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly redisUrl: string;
  readonly gitopsUrl: string;
  readonly workdir: string;
  /** Slack credentials; absent for the terminal adapter, which brings its own chat and directory. */
  readonly slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string; botId?: string; botUserId?: string };
  readonly local?: { chat: Chat; directory: Directory };
  /** Port of the HTTP server (Slack events in HTTP mode, health and metrics always); 0 picks a free one; none: no server. */
  readonly port?: number;
  readonly gitopsConcurrency?: number;
  /** Attempts and backoff of gitops jobs (tests shorten them). */
  readonly jobOptions?: JobsOptions;
}

export interface Kanaria {
  readonly deps: Deps;
  readonly dispatcher: Dispatcher;
  readonly server?: Server;
  readonly port?: number;
  /** Resolves when no gitops job is waiting or running (or after `timeoutMs`). */
  drained(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

/** Wires adapters, queues, workers and the ways in; `stop` drains workers and closes everything. */
export async function startKanaria(options: KanariaOptions): Promise<Kanaria> {
  const { config, logger } = options;
  const metrics = createMetrics();
  const clientRedis = connectRedis(options.redisUrl, 'client');
  const workerRedis = connectRedis(options.redisUrl, 'worker');
  clientRedis.on('error', (err) => logger.warn({ err: err.message }, 'Redis connection error'));
  workerRedis.on('error', (err) => logger.warn({ err: err.message }, 'Redis connection error'));
  await Promise.all([waitUntilReady(clientRedis), waitUntilReady(workerRedis)]);

  let chat: Chat;
  let directory: Directory;
  if (options.slack) {
    const client = new WebClient(options.slack.botToken, {
      ...(options.slack.apiUrl && { slackApiUrl: options.slack.apiUrl.replace(/\/?$/, '/') }),
      // Slack's own advice: a few quick retries; rate limits (429) are honoured by the client itself.
      retryConfig: { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 30_000 },
    });
    chat = new SlackChat(client);
    directory = new SlackDirectory(client, config);
  } else if (options.local) {
    ({ chat, directory } = options.local);
  } else {
    throw new Error('startKanaria needs Slack credentials or a local chat');
  }

  const repo = new GitOpsRepository({
    url: options.gitopsUrl,
    branch: config.gitops.branch,
    workdir: options.workdir,
    committer: config.gitops.committer,
    pushAttempts: config.gitops.pushAttempts,
    onPush: (outcome) => metrics.gitPushes.inc({ outcome }),
  });
  const gitopsQueue = new BullJobQueue<GitopsJob>(GITOPS_QUEUE, clientRedis, { ...defaultJobOptions, ...options.jobOptions });
  const deps: Deps = { config, logger, chat, directory, repo, metrics, queues: { gitops: gitopsQueue } };
  const dispatcher = createDispatcher(deps, commands, actions);
  const workers: Workers = startWorkers(deps, workerRedis, { gitopsConcurrency: options.gitopsConcurrency ?? 64 });

  let server: Server | undefined;
  let stopSlack: (() => Promise<void>) | undefined;
  if (options.slack) {
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
      server = createHttpServer({
        metrics,
        logger,
        ready: async () => clientRedis.status === 'ready' && workers.running(),
        ...(receiver && { slack: { receiver, signingSecret: options.slack.signingSecret ?? '', replay: new RedisReplayStore(clientRedis) } }),
      });
    }
  } else if (options.port !== undefined) {
    server = createHttpServer({ metrics, logger, ready: async () => clientRedis.status === 'ready' && workers.running() });
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
    dispatcher,
    ...(server && { server }),
    ...(port !== undefined && { port }),
    async drained(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const counts = await gitopsQueue.queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
        if (Object.values(counts).every((n) => n === 0)) return true;
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
      // With Redis gone there is nothing to hand back: do not wait for it.
      const redisUp = clientRedis.status === 'ready';
      const bounded = (work: Promise<unknown>, ms: number) => Promise.race([work, new Promise((r) => setTimeout(r, ms).unref())]);
      await bounded(workers.close(redisUp ? 25_000 : 0), redisUp ? 30_000 : 500);
      if (redisUp) await bounded(gitopsQueue.queue.close(), 5_000);
      clientRedis.disconnect();
      workerRedis.disconnect();
    },
  };
}
