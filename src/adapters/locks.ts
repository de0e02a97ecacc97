import type { Redis } from 'ioredis';
import { TransientError } from '../domain/errors.js';
import type { Lock } from '../domain/locks.js';

/**
 * Redis did not answer a lock read or write: nothing was locked, unlocked or queued. Transient; answered at once.
 * `key` says what the person was doing (a change not queued, a lock not taken).
 */
export class LocksUnreachable extends TransientError {
  override readonly name = 'LocksUnreachable';
  /** Its label in kanaria_commands_total, as for a queue Redis did not take. */
  readonly code = 'queue-unavailable';
  constructor(key = 'locks.unreachable', options?: { cause?: unknown }) {
    super(key, {}, options);
  }
}

/** The locks of all apps, shared by every replica (a change is checked at the ack and again before its commit). */
export interface LockLedger {
  /** The app's lock, if one holds. */
  get(app: string): Promise<Lock | undefined>;
  /**
   * Writes `next` if the app's lock is still `expected` (undefined: none); it expires at `next.until`. False when
   * someone else changed it in between: read again and decide again.
   */
  replace(expected: Lock | undefined, next: Lock): Promise<boolean>;
  /** Lifts the app's lock if it is still `expected`; false when it changed in between. */
  release(expected: Lock): Promise<boolean>;
}

/** Compare and set, in one step: a lock taken by two people at once goes to one of them. */
const REPLACE = `
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3]) end
return 1`;
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

/** LockLedger in Redis: one JSON value per app, expiring with the lock (PXAT), so an expired lock is gone for all. */
export class RedisLockLedger implements LockLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kanaria:lock',
    private readonly timeoutMs = 2_000,
  ) {}

  async get(app: string): Promise<Lock | undefined> {
    const raw = await this.answered(this.redis.get(this.key(app)));
    return raw ? (JSON.parse(raw) as Lock) : undefined;
  }

  async replace(expected: Lock | undefined, next: Lock): Promise<boolean> {
    const result = await this.answered(
      this.redis.eval(
        REPLACE,
        1,
        this.key(next.app),
        expected ? JSON.stringify(expected) : '',
        JSON.stringify(next),
        next.until === undefined ? '' : String(next.until),
      ),
    );
    return result === 1;
  }

  async release(expected: Lock): Promise<boolean> {
    return (await this.answered(this.redis.eval(RELEASE, 1, this.key(expected.app), JSON.stringify(expected)))) === 1;
  }

  private key(app: string): string {
    return `${this.prefix}:${app}`;
  }

  /** The answer, or LocksUnreachable when Redis fails or is silent for timeoutMs (a command must ack in 3 s). */
  private async answered<T>(operation: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LocksUnreachable()), this.timeoutMs);
    });
    try {
      return await Promise.race([operation, timeout]);
    } catch (error) {
      throw error instanceof LocksUnreachable ? error : new LocksUnreachable(undefined, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
