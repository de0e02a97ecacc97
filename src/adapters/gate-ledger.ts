import type { Redis } from 'ioredis';
import type { GitopsJob } from '../queues/gitops.js';

/** A change held back by the gate whose requester asked for a break-glass override: what a second person approves. */
export interface PendingOverride {
  /** The change's job as it was when held back (its announcement included): the approved job carries it on. */
  readonly job: GitopsJob;
  readonly environment: string;
  /** Unix ms. */
  readonly requestedAt: number;
}

/** Shared by all replicas: break-glass requests waiting for approval, and changes waiting for a freeze to end. */
export interface GateLedger {
  /** Records a request once (a retry keeps the first); it can be approved for `ttlSeconds`. */
  holdForApproval(id: string, pending: PendingOverride, ttlSeconds: number): Promise<void>;
  pendingOverride(id: string): Promise<PendingOverride | undefined>;
  /** Records that a change waits for `app`'s freeze to end (`--when-open`); the newest by request time wins. */
  waitForOpening(app: string, requestId: string, requestedAt: number): Promise<void>;
  /**
   * The newest change that waited for `app`, if any. Kept after it is applied (until WAIT_TTL after the last
   * one): the older ones, which may wake after it, must still find they were superseded.
   */
  newestWaiting(app: string): Promise<string | undefined>;
}

/** Waiting changes are kept this long at most (a freeze longer than this is a configuration mistake). */
const WAIT_TTL = 60 * 24 * 3600;

export class RedisGateLedger implements GateLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kanaria:gate',
  ) {}

  async holdForApproval(id: string, pending: PendingOverride, ttlSeconds: number): Promise<void> {
    await this.redis.set(`${this.prefix}:override:${id}`, JSON.stringify(pending), 'EX', ttlSeconds, 'NX');
  }

  async pendingOverride(id: string): Promise<PendingOverride | undefined> {
    const raw = await this.redis.get(`${this.prefix}:override:${id}`);
    return raw ? (JSON.parse(raw) as PendingOverride) : undefined;
  }

  async waitForOpening(app: string, requestId: string, requestedAt: number): Promise<void> {
    const key = this.waitingKey(app);
    // Only the newest matters: the rest are trimmed.
    await this.redis.multi().zadd(key, requestedAt, requestId).zremrangebyrank(key, 0, -2).expire(key, WAIT_TTL).exec();
  }

  async newestWaiting(app: string): Promise<string | undefined> {
    const [newest] = await this.redis.zrevrange(this.waitingKey(app), 0, 0);
    return newest;
  }

  private waitingKey(app: string): string {
    return `${this.prefix}:waiting:${app}`;
  }
}
