import type { Redis } from 'ioredis';
import type { Posted } from '../chat.js';
import type { CardRegistry, Press } from '../canary.js';

const WEEK = 7 * 24 * 3600;

/** CardRegistry in Redis: one JSON value per app and kind, kept a week. */
export class RedisCardRegistry implements CardRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kanaria:canary',
  ) {}

  private async read<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(`${this.prefix}:${key}`);
    return raw ? (JSON.parse(raw) as T) : undefined;
  }

  private async write(key: string, value: unknown): Promise<void> {
    await this.redis.set(`${this.prefix}:${key}`, JSON.stringify(value), 'EX', WEEK);
  }

  card(app: string) {
    return this.read<Posted & { revision?: string }>(`card:${app}`);
  }
  setCard(app: string, card: Posted & { revision?: string }) {
    return this.write(`card:${app}`, card);
  }
  lastPress(app: string) {
    return this.read<Press>(`press:${app}`);
  }
  setLastPress(app: string, press: Press) {
    return this.write(`press:${app}`, press);
  }
  async countPass(app: string, revision: string, run: string): Promise<number> {
    const key = this.passesKey(app, revision);
    const results = await this.redis.multi().sadd(key, run).expire(key, WEEK).scard(key).exec();
    return Number(results?.[2]?.[1] ?? 0);
  }
  async resetPasses(app: string, revision: string): Promise<void> {
    await this.redis.del(this.passesKey(app, revision));
  }
  private passesKey(app: string, revision: string): string {
    return `${this.prefix}:passes:${app}:${revision}`;
  }
  deployThread(app: string) {
    return this.read<Posted>(`thread:${app}`);
  }
  setDeployThread(app: string, thread: Posted) {
    return this.write(`thread:${app}`, thread);
  }
}
