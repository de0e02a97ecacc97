import type { Redis } from 'ioredis';
import type { AlertLedger } from '../gpu-job.js';

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
