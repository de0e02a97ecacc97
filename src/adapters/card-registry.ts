import type { Redis } from 'ioredis';
import type { Posted } from '../domain/chat.js';
import type { Press } from '../domain/press.js';
import type { Verdict } from '../domain/verdict.js';

/** The card of each app's current canary, and the last press on it, shared by all replicas. */
export interface CardRegistry {
  card(app: string): Promise<(Posted & { revision?: string }) | undefined>;
  setCard(app: string, card: Posted & { revision?: string }): Promise<void>;
  lastPress(app: string): Promise<Press | undefined>;
  setLastPress(app: string, press: Press): Promise<void>;
  /** The announcement of the app's last deploy through Kanaria: its card goes into that thread. */
  deployThread(app: string): Promise<Posted | undefined>;
  /**
   * Counts a passing analysis of a revision; returns how many passed in a row. `run` names the analysis, so
   * the same one counted again (a retried job) still counts once.
   */
  countPass(app: string, revision: string, run: string): Promise<number>;
  /** A non-pass (or a promotion) starts the count again. */
  resetPasses(app: string, revision: string): Promise<void>;
  setDeployThread(app: string, thread: Posted): Promise<void>;
  /**
   * Kanaria is about to move the app's Rollout from `position` (written before the patch, so the watch, which
   * may see the move before the press is recorded, never takes Kanaria's own press for one made outside it).
   */
  markPressing(app: string, position: string): Promise<void>;
  pressedFrom(app: string, position: string): Promise<boolean>;
  /** True for the first replica to ask about `key` (a move made outside Kanaria is said once). */
  firstToTell(key: string): Promise<boolean>;
  /** The last analysis verdict of the app's canary, with the revision it judged (the pipeline card shows it). */
  lastVerdict(app: string): Promise<LastVerdict | undefined>;
  setLastVerdict(app: string, verdict: LastVerdict): Promise<void>;
}

export interface LastVerdict {
  readonly revision: string;
  readonly verdict: Verdict['verdict'];
  readonly score: number;
}

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
  async markPressing(app: string, position: string): Promise<void> {
    const key = `${this.prefix}:pressed-from:${app}`;
    await this.redis.multi().sadd(key, position).expire(key, WEEK).exec();
  }
  async firstToTell(key: string): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:told:${key}`, '1', 'EX', WEEK, 'NX')) === 'OK';
  }
  lastVerdict(app: string) {
    return this.read<LastVerdict>(`verdict:${app}`);
  }
  setLastVerdict(app: string, verdict: LastVerdict) {
    return this.write(`verdict:${app}`, verdict);
  }
  async pressedFrom(app: string, position: string): Promise<boolean> {
    return (await this.redis.sismember(`${this.prefix}:pressed-from:${app}`, position)) === 1;
  }
}
