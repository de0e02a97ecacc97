import type { Redis } from 'ioredis';
import type { Posted } from '../domain/chat.js';
import type { Answer, Candidate, Offer } from '../domain/gpu-reclaim.js';

/** An offer of an idle candidate, with what was posted about it. */
export interface OfferRecord extends Offer {
  readonly candidate: Candidate;
  /** Where the offer was posted. */
  readonly channel: string;
  readonly message?: Posted;
  readonly dryRun: boolean;
  /** The commit that scaled it to 0, once known. */
  readonly commit?: string;
}

/** The offers of idle GPUs, shared by replicas: one answer per offer, whoever answers first. */
export interface ReclaimLedger {
  get(id: string): Promise<OfferRecord | undefined>;
  all(): Promise<OfferRecord[]>;
  /** Records a new offer of a candidate (replacing an earlier, answered one). */
  offer(record: OfferRecord): Promise<void>;
  /** Adds what was posted (or the commit) to the offer made at `offeredAt`; nothing if it was replaced. */
  amend(
    id: string,
    offeredAt: number,
    change: Pick<OfferRecord, 'message'> | Pick<OfferRecord, 'commit'>,
  ): Promise<void>;
  /**
   * Answers the offer made at `offeredAt` if nobody did: `first` is false (and `record` says how it was answered)
   * when someone, or the deadline, came first, or the offer is gone or was replaced.
   */
  answer(id: string, offeredAt: number, answer: Answer): Promise<{ first: boolean; record?: OfferRecord }>;
  forget(ids: readonly string[]): Promise<void>;
  /**
   * Forgets the offer made at `offeredAt` if it still stands as `as` says (unanswered, or released), so that the
   * next scan offers the candidate again while it is idle: its deadline could not be checked, or its release
   * made no commit. Returns the record forgotten; undefined (nothing forgotten) otherwise.
   */
  reopen(id: string, offeredAt: number, as: 'unanswered' | 'released'): Promise<OfferRecord | undefined>;
}

/** Answers only the offer made at ARGV[2] and only once: a press and the deadline job may race. */
const ANSWER = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {0, false} end
local record = cjson.decode(raw)
if record.offeredAt ~= tonumber(ARGV[2]) or record.answer then return {0, raw} end
record.answer = cjson.decode(ARGV[3])
local updated = cjson.encode(record)
redis.call('HSET', KEYS[1], ARGV[1], updated)
return {1, updated}
`;

const AMEND = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.offeredAt ~= tonumber(ARGV[2]) then return 0 end
for k, v in pairs(cjson.decode(ARGV[3])) do record[k] = v end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 1
`;

/** Forgets only the offer made at ARGV[2], and only while it is unanswered ('') or released (ARGV[3]). */
const REOPEN = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
local record = cjson.decode(raw)
if record.offeredAt ~= tonumber(ARGV[2]) then return false end
local kind = record.answer and record.answer.kind or ''
if kind ~= ARGV[3] then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
return raw
`;

/** ReclaimLedger in one Redis hash, by candidate id; answers and amendments are atomic (Lua). */
export class RedisReclaimLedger implements ReclaimLedger {
  constructor(
    private readonly redis: Redis,
    private readonly key = 'kanaria:gpu:reclaim',
  ) {}

  async get(id: string): Promise<OfferRecord | undefined> {
    const raw = await this.redis.hget(this.key, id);
    return raw === null ? undefined : (JSON.parse(raw) as OfferRecord);
  }

  async all(): Promise<OfferRecord[]> {
    return Object.values(await this.redis.hgetall(this.key)).map((raw) => JSON.parse(raw) as OfferRecord);
  }

  async offer(record: OfferRecord): Promise<void> {
    await this.redis.hset(this.key, record.id, JSON.stringify(record));
  }

  async amend(
    id: string,
    offeredAt: number,
    change: Pick<OfferRecord, 'message'> | Pick<OfferRecord, 'commit'>,
  ): Promise<void> {
    await this.redis.eval(AMEND, 1, this.key, id, String(offeredAt), JSON.stringify(change));
  }

  async answer(id: string, offeredAt: number, answer: Answer): Promise<{ first: boolean; record?: OfferRecord }> {
    const [first, raw] = (await this.redis.eval(
      ANSWER,
      1,
      this.key,
      id,
      String(offeredAt),
      JSON.stringify(answer),
    )) as [number, string | null];
    return { first: first === 1, ...(raw && { record: JSON.parse(raw) as OfferRecord }) };
  }

  async reopen(id: string, offeredAt: number, as: 'unanswered' | 'released'): Promise<OfferRecord | undefined> {
    const kind = as === 'released' ? 'released' : '';
    const raw = (await this.redis.eval(REOPEN, 1, this.key, id, String(offeredAt), kind)) as string | null;
    return raw === null ? undefined : (JSON.parse(raw) as OfferRecord);
  }

  async forget(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.redis.hdel(this.key, ...ids);
  }
}
