import type { Redis } from 'ioredis';

/** Which alert conditions were already told, so each episode is posted once (shared by replicas). */
export interface AlertLedger {
  /** The conditions that began and those that ended since the last `record`. */
  changes(current: ReadonlySet<string>): Promise<{ raised: string[]; cleared: string[] }>;
  /** Remembers the conditions that hold now: called once they were told, so a failed post is told again. */
  record(current: ReadonlySet<string>): Promise<void>;
}

/** AlertLedger in a Redis set, replaced atomically after each check that was told. */
export class RedisAlertLedger implements AlertLedger {
  constructor(
    private readonly redis: Redis,
    private readonly key = 'kanaria:gpu:alerts',
  ) {}

  async changes(current: ReadonlySet<string>): Promise<{ raised: string[]; cleared: string[] }> {
    const before = new Set(await this.redis.smembers(this.key));
    return {
      raised: [...current].filter((k) => !before.has(k)).sort(),
      cleared: [...before].filter((k) => !current.has(k)).sort(),
    };
  }

  async record(current: ReadonlySet<string>): Promise<void> {
    const transaction = this.redis.multi().del(this.key);
    if (current.size > 0) transaction.sadd(this.key, ...current);
    await transaction.exec();
  }
}
