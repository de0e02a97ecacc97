import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Follows one Redis connection for people and probes: a single warning when Redis goes away (and why), a
 * single line when it is back, and the reason while it is away for /readyz. ioredis reconnects by itself,
 * forever; nothing here ends the process.
 */
export class RedisLink {
  private reason: string | undefined;
  /** Until the first connection, not being ready is start-up, not an outage. */
  private connectedOnce: boolean;

  constructor(
    private readonly redis: Redis,
    logger: Logger,
    what: string,
  ) {
    this.connectedOnce = redis.status === 'ready';
    redis.on('error', (error: unknown) => {
      const first = this.reason === undefined;
      this.reason = describe(error);
      if (first)
        logger.warn(
          { err: error, connection: what },
          'Redis is unreachable: commands are answered "NOT queued" and jobs wait until it is back',
        );
    });
    redis.on('ready', () => {
      if (this.reason !== undefined) logger.info({ connection: what }, 'Redis is reachable again');
      this.reason = undefined;
      this.connectedOnce = true;
    });
  }

  private get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** Why the connection is not usable now, or undefined when it is. */
  problem(): string | undefined {
    if (this.ready) return undefined;
    if (!this.connectedOnce && this.reason === undefined) return `Redis is not connected yet (${this.redis.status})`;
    return `Redis is unreachable (${this.reason ?? this.redis.status})`;
  }

  /** Runs `fn` now if Redis is ready and again after every reconnection (idempotent set-up such as schedules). */
  whenReady(fn: () => Promise<void>, onError: (error: unknown) => void): void {
    const run = () => void fn().catch(onError);
    this.redis.on('ready', run);
    if (this.ready) run();
  }
}

const describe = (error: unknown): string => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return typeof message === 'string' && message ? (message.split('\n')[0] ?? message) : String(error);
};
