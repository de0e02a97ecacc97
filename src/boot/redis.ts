import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  connectRedis,
  hasRedisServer,
  startPrivateRedis,
  waitUntilReady,
  type PrivateRedis,
} from '../adapters/redis.js';
import { RedisLink } from '../adapters/redis-link.js';
import { readRedisDurability } from '../adapters/redis-durability.js';
import type { KanariaMetrics } from '../adapters/metrics.js';
import { assessDurability, type DurabilityVerdict } from '../domain/durability.js';
import { ConfigError } from './config-file.js';
import type { Progress } from './progress.js';
import { STATE_DIR, type Mode } from './settings.js';
import { startupWords } from './startup-words.js';

/** One Redis connection and the link that reports its outages (for /readyz and the log). */
export interface Connection {
  readonly redis: Redis;
  readonly link: RedisLink;
}

/**
 * Connects to Redis as BullMQ wants it for `use` (`client`: commands and enqueues fail fast; `worker`: blocks
 * and waits), followed by a link named `what`. With `waitMs`, waits that long for the first connection; either
 * way the process starts without Redis, is not ready, and resumes when it is back.
 */
export async function openRedis(
  url: string,
  use: 'client' | 'worker',
  logger: Logger,
  what: string,
  waitMs = 0,
): Promise<Connection> {
  const redis = connectRedis(url, use);
  const link = new RedisLink(redis, logger, what);
  if (waitMs > 0) await waitUntilReady(redis, waitMs).catch(() => undefined);
  return { redis, link };
}

/**
 * The Redis of this process: REDIS_URL, else a private redis-server with its data in .kanaria/redis (the
 * terminal, or a single Slack process trying things out). `private` is to be stopped after Kanaria.
 */
export async function redisFor(
  redisUrl: string | undefined,
  mode: Mode | undefined,
  progress: Progress,
): Promise<{ url: string; private?: PrivateRedis }> {
  if (redisUrl) return { url: redisUrl };
  if (!hasRedisServer())
    throw new ConfigError(mode === 'terminal' ? startupWords.noRedisServer : startupWords.noRedisUrl);
  progress.step(startupWords.startingRedis);
  const started = await startPrivateRedis(resolve(STATE_DIR, 'redis'));
  if (mode !== 'terminal') progress.warn(startupWords.privateRedisForSlack);
  return { url: started.url, private: started };
}

/**
 * A Redis that would lose the queue is not an error (development, tests), but it is said loudly, every time Redis
 * (re)connects: in the log, on /readyz (the warnings returned) and as metrics.
 */
export function watchDurability(
  { redis, link }: Connection,
  metrics: KanariaMetrics,
  logger: Logger,
): () => readonly string[] {
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
  return () => durability?.warnings ?? [];
}
