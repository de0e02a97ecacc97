import type { Redis } from 'ioredis';

/** What replicas share about changes made outside Kanaria: the last head scanned per branch, and what was said. */
export interface OutsideLedger {
  lastHead(branch: string): Promise<string | undefined>;
  setLastHead(branch: string, sha: string): Promise<void>;
  /** True for the first replica to ask about `key` (each outside change is said once). */
  firstToTell(key: string): Promise<boolean>;
}

const MONTH = 30 * 24 * 3600;

export class RedisOutsideLedger implements OutsideLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kanaria:outside',
  ) {}

  async lastHead(branch: string): Promise<string | undefined> {
    return (await this.redis.get(`${this.prefix}:head:${branch}`)) ?? undefined;
  }
  async setLastHead(branch: string, sha: string): Promise<void> {
    // Kept: a restart must not take the whole history for news.
    await this.redis.set(`${this.prefix}:head:${branch}`, sha);
  }
  async firstToTell(key: string): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:told:${key}`, '1', 'EX', MONTH, 'NX')) === 'OK';
  }
}
