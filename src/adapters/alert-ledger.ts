import type { Redis } from 'ioredis';
import type { AlertLedger } from '../gpu-job.js';

/** AlertLedger in a Redis set, replaced atomically after each check. */
export class RedisAlertLedger implements AlertLedger {
  constructor(private readonly redis: Redis, private readonly key = 'kanaria:gpu:alerts') {}

  async update(current: ReadonlySet<string>): Promise<{ raised: string[]; cleared: string[] }> {
    const before = new Set(await this.redis.smembers(this.key));
    const transaction = this.redis.multi().del(this.key);
    if (current.size > 0) transaction.sadd(this.key, ...current);
    await transaction.exec();
    return { raised: [...current].filter((k) => !before.has(k)).sort(), cleared: [...before].filter((k) => !current.has(k)).sort() };
  }
}
