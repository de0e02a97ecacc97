import { ReplyError, type Redis } from 'ioredis';
import type { RedisDurabilitySettings } from '../domain/durability.js';

const CONFIG_KEYS = ['appendonly', 'appendfsync', 'save', 'maxmemory', 'maxmemory-policy'] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];

/**
 * Reads Redis' persistence and memory settings for `assessDurability`. `CONFIG GET` says the most; managed
 * services often refuse it (renamed or denied), and then INFO tells what it can (AOF on or off, maxmemory and
 * its policy) and the rest is null (unknown), never guessed. A refused INFO section reads as unknown too;
 * a lost connection throws ioredis' error.
 */
export async function readRedisDurability(redis: Redis): Promise<RedisDurabilitySettings> {
  const [config, persistence, memory] = await Promise.all([
    readConfig(redis),
    readInfo(redis, 'persistence'),
    readInfo(redis, 'memory'),
  ]);
  const status = (field: string) => (persistence[field] === undefined ? null : persistence[field] !== 'ok');
  return {
    appendonly: config?.appendonly !== undefined ? config.appendonly === 'yes' : flag(persistence['aof_enabled']),
    appendfsync: config?.appendfsync ?? null,
    save: config?.save ?? null,
    maxmemory: integer(config?.maxmemory ?? memory['maxmemory']),
    maxmemoryPolicy: config?.['maxmemory-policy'] ?? memory['maxmemory_policy'] ?? null,
    aofWriteFailing: status('aof_last_write_status'),
    rdbSaveFailing: status('rdb_last_bgsave_status'),
  };
}

/** One `CONFIG GET` per key (several keys in one call need Redis 7); undefined when CONFIG is refused. */
async function readConfig(redis: Redis): Promise<Partial<Record<ConfigKey, string>> | undefined> {
  try {
    const replies = await Promise.all(CONFIG_KEYS.map((key) => redis.config('GET', key) as Promise<string[]>));
    return Object.fromEntries(replies.filter((reply) => reply.length >= 2).map(([key, value]) => [key, value]));
  } catch (error) {
    if (error instanceof ReplyError) return undefined;
    throw error;
  }
}

/** `INFO <section>` as field → value; empty when refused. */
async function readInfo(redis: Redis, section: string): Promise<Record<string, string>> {
  try {
    const text = await redis.info(section);
    return Object.fromEntries(
      text
        .split(/\r?\n/)
        .filter((line) => line.includes(':') && !line.startsWith('#'))
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
    );
  } catch (error) {
    if (error instanceof ReplyError) return {};
    throw error;
  }
}

const flag = (value: string | undefined): boolean | null => (value === '1' ? true : value === '0' ? false : null);
const integer = (value: string | undefined): number | null =>
  value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
