import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, WebClient, type WebAPICallResult, type WebClientOptions } from '@slack/web-api';

/**
 * How long a call waits out Slack's rate limits before giving up. Tier 3/4 answers ask for up to 60 s;
 * ten minutes rides out many of them, and a job that still fails is retried by its queue.
 */
export const RATE_LIMIT_BUDGET_MS = 10 * 60_000;

/** Slack kept refusing `method` (HTTP 429) for longer than the caller could wait. */
export class SlackRateLimitedError extends Error {
  constructor(
    readonly method: string,
    /** What Slack's last Retry-After asked for, in seconds. */
    readonly retryAfterSeconds: number,
  ) {
    super(`Slack is rate-limiting ${method}: retry in ${retryAfterSeconds} s`);
    this.name = 'SlackRateLimitedError';
  }
}

/** The Retry-After (seconds) of a WebClient built with `rejectRateLimitedCalls`, if the error is a 429. */
export function retryAfterOf(error: unknown): number | undefined {
  const { code, retryAfter } = (error ?? {}) as { code?: unknown; retryAfter?: unknown };
  return code === ErrorCode.RateLimitedError && typeof retryAfter === 'number' ? retryAfter : undefined;
}

/**
 * Waits out Slack's 429s per API method (Slack limits "per method per app per workspace"): a refused
 * method stays closed for its Retry-After, for every caller, so that waiting calls do not hammer Slack, and
 * each call is tried again when it opens. Every attempt runs `call` afresh, so a caller can send its newest
 * state after the wait (see LatestWins).
 */
export class RateLimitGate {
  private readonly openAt = new Map<string, number>();

  constructor(
    /** Told of every 429 (for a metric). */
    private readonly onLimited: (method: string, retryAfterSeconds: number) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `call`, waiting as Slack asks; throws SlackRateLimitedError when the next wait would end after `budgetMs`. */
  async run<T>(method: string, call: () => Promise<T>, budgetMs = RATE_LIMIT_BUDGET_MS): Promise<T> {
    const deadline = this.now() + budgetMs;
    for (;;) {
      const opensAt = this.openAt.get(method) ?? 0;
      if (opensAt > deadline) throw new SlackRateLimitedError(method, Math.ceil((opensAt - this.now()) / 1000));
      if (opensAt > this.now()) await sleep(opensAt - this.now());
      try {
        return await call();
      } catch (error) {
        const seconds = retryAfterOf(error);
        if (seconds === undefined) throw error;
        this.onLimited(method, seconds);
        this.openAt.set(method, Math.max(this.openAt.get(method) ?? 0, this.now() + seconds * 1000));
      }
    }
  }
}

/**
 * A WebClient whose every call (filesUploadV2's inner calls too) waits out 429s through the gate, within
 * `budgetMs`. The WebClient's own 429 handling is off: it counts each 429 against the retries meant for
 * network errors and 5xx, adds its backoff on top of Retry-After, and resends the arguments it had, where a
 * card update should send the newest state.
 */
export class RateLimitedWebClient extends WebClient {
  constructor(
    token: string,
    options: WebClientOptions,
    private readonly gate: RateLimitGate,
    private readonly budgetMs = RATE_LIMIT_BUDGET_MS,
  ) {
    super(token, { ...options, rejectRateLimitedCalls: true });
  }

  override apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    return this.callWithLatest(method, () => options);
  }

  /** As apiCall, with the arguments read afresh at each attempt. */
  callWithLatest(method: string, options: () => Record<string, unknown>): Promise<WebAPICallResult> {
    return this.gate.run(method, () => super.apiCall(method, options()), this.budgetMs);
  }
}

/** Calls `method` with the newest arguments at each attempt where the client allows it. */
export async function callWithLatest(
  client: WebClient,
  method: string,
  options: () => Record<string, unknown>,
): Promise<WebAPICallResult> {
  return client instanceof RateLimitedWebClient
    ? client.callWithLatest(method, options)
    : client.apiCall(method, options());
}
