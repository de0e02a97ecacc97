import type { IncomingMessage } from 'node:http';
import { HTTPModuleFunctions, verifySlackRequest } from '@slack/bolt';
import type { Redis } from 'ioredis';

/** Remembers request signatures for the replay window; `claim` is true only the first time. */
export interface ReplayStore {
  claim(signature: string, ttlSeconds: number): Promise<boolean>;
}

export class MemoryReplayStore implements ReplayStore {
  private readonly seen = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  async claim(signature: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    if (this.seen.size > 10_000) for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
    const until = this.seen.get(signature);
    if (until !== undefined && until > now) return false;
    this.seen.set(signature, now + ttlSeconds * 1000);
    return true;
  }
}

/** Shared by all replicas through Redis, so a replay sent to another pod is caught too; local if Redis fails. */
export class RedisReplayStore implements ReplayStore {
  private readonly fallback = new MemoryReplayStore();
  constructor(private readonly redis: Redis) {}

  async claim(signature: string, ttlSeconds: number): Promise<boolean> {
    try {
      return (await this.redis.set(`kanaria:slack-signature:${signature}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    } catch {
      return this.fallback.claim(signature, ttlSeconds);
    }
  }
}

export type GuardVerdict =
  { readonly ok: true } | { readonly ok: false; readonly reason: 'signature' | 'stale' | 'future' | 'replay' | 'body' };

const WINDOW_SECONDS = 5 * 60;

/**
 * The largest body read. Slack's are small: a slash command is a few hundred bytes plus its text, and message
 * text is capped at 40,000 characters (under 500 KB percent-encoded, even in 4-byte characters); a block_actions
 * payload carrying its whole message is tens of KB. 1 MiB is twice the worst real case. Anything larger is refused
 * from its content-length, or once that much has arrived, without reading the rest.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Checks a Slack request before Bolt sees it: the signature and age as Bolt does, plus what Bolt lets
 * through: timestamps more than five minutes in the future, and a signed request sent a second time. A body
 * over MAX_BODY_BYTES is refused (`body`) before it is buffered. Leaves the body buffered on the request (Bolt
 * reads `rawBody` instead of the consumed stream).
 */
export async function guardSlackRequest(
  req: IncomingMessage,
  options: { signingSecret: string; replay: ReplayStore; nowMs?: number },
): Promise<GuardVerdict> {
  const nowMs = options.nowMs ?? Date.now();
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isInteger(timestamp)) return { ok: false, reason: 'signature' };
  if (timestamp > Math.floor(nowMs / 1000) + WINDOW_SECONDS) return { ok: false, reason: 'future' };
  if (timestamp < Math.floor(nowMs / 1000) - WINDOW_SECONDS) return { ok: false, reason: 'stale' };
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return { ok: false, reason: 'body' };
  let body: string;
  try {
    // Stops reading (and throws) as soon as more than the cap has arrived: a chunked body has no length to check.
    body = (await HTTPModuleFunctions.bufferIncomingMessage(req, MAX_BODY_BYTES)).rawBody.toString();
  } catch {
    return { ok: false, reason: 'body' };
  }
  try {
    verifySlackRequest({
      signingSecret: options.signingSecret,
      body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: nowMs,
    });
  } catch {
    return { ok: false, reason: 'signature' };
  }
  // Claim only verified signatures, so forged requests cannot fill the store.
  if (!(await options.replay.claim(signature, WINDOW_SECONDS * 2))) return { ok: false, reason: 'replay' };
  return { ok: true };
}
