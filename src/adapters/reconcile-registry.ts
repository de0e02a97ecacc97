import type { Redis } from 'ioredis';

/** Which reconciles are in flight and which revision of an app is the newest, shared by all replicas. */
export interface ReconcileRegistry {
  /** Records a reconcile as in flight (until `untilMs` at most) and, if newer, as the app's latest revision. */
  begin(app: string, jobId: string, revision: string | undefined, requestedAt: number, untilMs: number): Promise<void>;
  end(app: string, jobId: string): Promise<void>;
  inFlight(app: string): Promise<boolean>;
  /** The newest revision requested for the app, if newer than `requestedAt`. */
  newerThan(app: string, requestedAt: number): Promise<string | undefined>;
}

// Sets the app's latest revision only if it was requested later than the one stored: pushes of one app
// may finish enqueueing out of order across replicas.
const SET_IF_NEWER = `
local current = redis.call('HGET', KEYS[1], 'at')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'at', ARGV[1], 'revision', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** ReconcileRegistry in Redis: a sorted set of in-flight job ids per app (scored by expiry) and a latest-revision hash. */
export class RedisReconcileRegistry implements ReconcileRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kanaria:reconcile',
  ) {}

  async begin(
    app: string,
    jobId: string,
    revision: string | undefined,
    requestedAt: number,
    untilMs: number,
  ): Promise<void> {
    await this.redis.zadd(`${this.prefix}:inflight:${app}`, untilMs, jobId);
    await this.redis.pexpireat(`${this.prefix}:inflight:${app}`, untilMs);
    if (revision)
      await this.redis.eval(
        SET_IF_NEWER,
        1,
        `${this.prefix}:latest:${app}`,
        requestedAt,
        revision,
        7 * 24 * 3600 * 1000,
      );
  }

  async end(app: string, jobId: string): Promise<void> {
    await this.redis.zrem(`${this.prefix}:inflight:${app}`, jobId);
  }

  async inFlight(app: string): Promise<boolean> {
    return (await this.redis.zcount(`${this.prefix}:inflight:${app}`, Date.now(), '+inf')) > 0;
  }

  async newerThan(app: string, requestedAt: number): Promise<string | undefined> {
    const [at, revision] = await this.redis.hmget(`${this.prefix}:latest:${app}`, 'at', 'revision');
    return at !== null && revision !== null && Number(at) > requestedAt ? revision : undefined;
  }
}
