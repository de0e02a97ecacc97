/** A rate limit of Slack's Web API: at most `calls` accepted calls of `method` in any `windowMs`. */
export interface RateLimit {
  readonly method: string;
  readonly calls: number;
  readonly windowMs: number;
  /** What one budget covers: the app in the workspace (default), each channel, or each message (channel + ts). */
  readonly per?: 'workspace' | 'channel' | 'message';
}

/**
 * Slack's published limits for the methods Kanaria calls (per method per app per workspace: Tier 2 20/min,
 * Tier 3 50/min, Tier 4 100/min; chat.postMessage about 1 per second per channel with short bursts, taken
 * here as 3 in 3 s). `timeScale` makes time run faster with the same counts: 60 turns a minute into a second.
 */
export function slackRateLimits(timeScale = 1): RateLimit[] {
  const perMinute = (method: string, calls: number): RateLimit => ({ method, calls, windowMs: 60_000 / timeScale });
  return [
    { method: 'chat.postMessage', calls: 3, windowMs: 3_000 / timeScale, per: 'channel' },
    perMinute('chat.update', 50),
    perMinute('conversations.history', 50),
    perMinute('chat.postEphemeral', 100),
    perMinute('chat.getPermalink', 100),
    perMinute('users.info', 100),
    perMinute('usergroups.users.list', 20),
    perMinute('files.getUploadURLExternal', 100),
    perMinute('files.completeUploadExternal', 100),
  ];
}

/**
 * Off by default: `FAKE_SLACK_RATE_LIMITS=<time scale>` (1 for Slack's own windows) turns Slack's limits on in
 * every fake, to see how the suites fare under them.
 */
export function defaultRateLimits(): RateLimit[] {
  const scale = Number(process.env['FAKE_SLACK_RATE_LIMITS']);
  return scale > 0 ? slackRateLimits(scale) : [];
}

/** Sliding windows of the calls each limit accepted, by limit and what it covers. */
export class RateLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(
    private readonly limits: () => readonly RateLimit[],
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Accepts (and counts) a call, or answers the Retry-After in whole seconds (at least 1, as Slack's header)
   * until every limit on it has room again.
   */
  admit(method: string, body: Record<string, unknown>): number | undefined {
    const now = this.now();
    const windows = this.limits()
      .filter((limit) => limit.method === method)
      .map((limit) => {
        const key = `${JSON.stringify(limit)}#${scopeOf(limit, body)}`;
        const times = (this.accepted.get(key) ?? []).filter((t) => t > now - limit.windowMs);
        this.accepted.set(key, times);
        return { limit, times };
      });
    const waitMs = Math.max(
      0,
      ...windows.map(({ limit, times }) =>
        times.length >= limit.calls ? (times[times.length - limit.calls] ?? now) + limit.windowMs - now : 0,
      ),
    );
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    for (const { times } of windows) times.push(now);
    return undefined;
  }
}

function scopeOf(limit: RateLimit, body: Record<string, unknown>): string {
  const channel = String(body['channel'] ?? body['channel_id'] ?? '');
  if (limit.per === 'channel') return channel;
  if (limit.per === 'message') return `${channel}/${String(body['ts'] ?? '')}`;
  return '';
}
