import type { Redis } from 'ioredis';
import type { Posted } from '../domain/chat.js';
import type { Quorum } from '../domain/approvals.js';
import type { GitopsJob } from '../queues/gitops.js';

/** A change held until enough people approve it: what the presses decide on and what the last one carries on. */
export interface HeldChange {
  /** The change's job as it was when held (its announcement included). */
  readonly job: GitopsJob;
  readonly quorum: Quorum;
  /** The request message with the Approve / Reject buttons, once posted: updated in place. */
  readonly card?: Posted;
}

/** Shared by all replicas (and surviving restarts): approval requests, by id. */
export interface ApprovalLedger {
  /** Records a request once (a retry of the held job keeps the first); kept for `ttlSeconds`. */
  open(id: string, held: HeldChange, ttlSeconds: number): Promise<HeldChange>;
  get(id: string): Promise<HeldChange | undefined>;
  /**
   * Applies `change` atomically against concurrent presses on any replica: it sees the stored request and returns
   * the new one, or undefined to leave it. Resolves with the request before and after (undefined when unknown).
   */
  update(
    id: string,
    change: (held: HeldChange) => HeldChange | undefined,
  ): Promise<{ before: HeldChange; after: HeldChange | undefined } | undefined>;
}

/** Compare-and-set: writes ARGV[2] only if the key still holds ARGV[1], keeping its expiry. */
const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1`;

export class RedisApprovalLedger implements ApprovalLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kanaria:approvals',
  ) {}

  async open(id: string, held: HeldChange, ttlSeconds: number): Promise<HeldChange> {
    await this.redis.set(this.key(id), JSON.stringify(held), 'EX', ttlSeconds, 'NX');
    return (await this.get(id)) ?? held;
  }

  async get(id: string): Promise<HeldChange | undefined> {
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as HeldChange) : undefined;
  }

  async update(
    id: string,
    change: (held: HeldChange) => HeldChange | undefined,
  ): Promise<{ before: HeldChange; after: HeldChange | undefined } | undefined> {
    // Another press may land between the read and the write: read again and decide again.
    for (;;) {
      const raw = await this.redis.get(this.key(id));
      if (!raw) return undefined;
      const before = JSON.parse(raw) as HeldChange;
      const after = change(before);
      if (after === undefined) return { before, after };
      const written = await this.redis.eval(COMPARE_AND_SET, 1, this.key(id), raw, JSON.stringify(after));
      if (written === 1) return { before, after };
    }
  }

  private key(id: string): string {
    return `${this.prefix}:${id}`;
  }
}
