import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Chat, Directory, Message, Person, Posted, ReplyTarget, Upload } from '../domain/chat.js';
import { groupsNamedIn } from '../domain/policy.js';
import type { Config } from '../domain/config.js';
import { Refusal } from '../domain/errors.js';
import { LatestWins } from './slack-coalesce.js';
import { callWithLatest, RateLimitedWebClient, RateLimitGate, SlackRateLimitedError } from './slack-rate-limit.js';

/** The metadata event type of Kanaria's tagged messages. */
const TAG_EVENT = 'kanaria_request';
/** How long one read of a channel's tagged messages answers the jobs resuming there. */
const TAG_READ_REUSE_MS = 5_000;

const asBlocks = (message: Message) => (message.blocks ? { blocks: [...message.blocks] } : {});

/** Chat over Slack's Web API; private replies go to the request's response_url while it is valid. */
export class SlackChat implements Chat {
  constructor(
    private readonly client: WebClient,
    private readonly postJson: (url: string, body: unknown) => Promise<void> = defaultPostJson,
  ) {}

  async post(channel: string, message: Message, threadTs?: string): Promise<Posted> {
    const result = await this.client.chat.postMessage({
      channel,
      text: message.text,
      ...asBlocks(message),
      ...(threadTs !== undefined && { thread_ts: threadTs }),
      unfurl_links: false,
    });
    const posted = { channel: result.channel ?? channel, ts: result.ts ?? '' };
    return threadTs === undefined ? this.withPermalink(posted) : posted;
  }

  async postTagged(channel: string, message: Message, key: string): Promise<Posted> {
    const metadata = { event_type: TAG_EVENT, event_payload: { key } };
    const result = await this.client.chat.postMessage({
      channel,
      text: message.text,
      ...asBlocks(message),
      metadata,
      unfurl_links: false,
    });
    return this.withPermalink({ channel: result.channel ?? channel, ts: result.ts ?? '' });
  }

  /**
   * Finds a tagged message through conversations.history (needs channels:history, and groups:history for private
   * channels). That method is tightly rate-limited (for apps outside the Marketplace about one call a minute), and
   * after a crash every resuming job of a channel asks at once: one read of the channel serves them all for a few
   * seconds. A message posted after that read is not seen by it, which only matters if another replica posted it
   * and died within those seconds.
   */
  async findTagged(channel: string, key: string, since: number): Promise<Posted | undefined> {
    let read = this.tagReads.get(channel);
    if (!read || read.since > since || Date.now() - read.at > TAG_READ_REUSE_MS) {
      read = { since, at: Date.now(), tags: this.readTags(channel, since) };
      this.tagReads.set(channel, read);
      read.tags.catch(() => this.tagReads.delete(channel));
    }
    const ts = (await read.tags).get(key);
    return ts === undefined ? undefined : this.withPermalink({ channel, ts });
  }

  private readonly tagReads = new Map<string, { since: number; at: number; tags: Promise<Map<string, string>> }>();

  /** Tag → ts of Kanaria's tagged messages in the channel since `since`. */
  private async readTags(channel: string, since: number): Promise<Map<string, string>> {
    const tags = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.history({
        channel,
        oldest: String(since),
        inclusive: true,
        include_all_metadata: true,
        limit: 200,
        ...(cursor && { cursor }),
      });
      for (const m of page.messages ?? []) {
        const key =
          m.metadata?.event_type === TAG_EVENT
            ? (m.metadata.event_payload as { key?: unknown } | undefined)?.key
            : undefined;
        if (typeof key === 'string' && m.ts) tags.set(key, m.ts);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return tags;
  }

  private async withPermalink(posted: Posted): Promise<Posted> {
    const link = await this.client.chat
      .getPermalink({ channel: posted.channel, message_ts: posted.ts })
      .catch(() => undefined);
    return link?.permalink ? { ...posted, permalink: link.permalink } : posted;
  }

  /**
   * Card updates to one message are coalesced (latest wins): while one is on its way or waiting out a 429,
   * newer ones replace each other and only the newest is sent next; the promise settles once this state or a
   * newer one is on Slack.
   */
  async update(channel: string, ts: string, message: Message): Promise<void> {
    await this.updates.submit(`${channel}/${ts}`, { channel, ts, message });
  }

  private readonly updates = new LatestWins<{ channel: string; ts: string; message: Message }>(async (latest) => {
    await callWithLatest(this.client, 'chat.update', () => {
      const { channel, ts, message } = latest();
      return { channel, ts, text: message.text, ...asBlocks(message) };
    });
  });

  async whisper(target: ReplyTarget, message: Message): Promise<void> {
    if (target.responseUrl) {
      try {
        await this.postJson(target.responseUrl, {
          response_type: 'ephemeral',
          replace_original: false,
          text: message.text,
          ...asBlocks(message),
        });
        return;
      } catch {
        // Expired (30 min, 5 uses) or refused: fall back to an ephemeral message.
      }
    }
    await this.client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      text: message.text,
      ...asBlocks(message),
    });
  }

  /** files.getUploadURLExternal, a POST of the bytes to the URL it hands out, then files.completeUploadExternal (needs files:write). */
  async upload(channel: string, file: Upload, threadTs?: string): Promise<void> {
    const upload = { channel_id: channel, file: file.data, filename: file.filename, title: file.title };
    await this.client.filesUploadV2(threadTs === undefined ? upload : { ...upload, thread_ts: threadTs });
  }
}

async function defaultPostJson(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
}

/**
 * Kanaria could not read a user group's members (most often a missing usergroups:read scope), so it cannot tell
 * whether a policy naming the group covers the person. A Slack admin fixes it; retrying does not.
 */
export class SlackGroupUnreadable extends Refusal {
  override readonly name = 'SlackGroupUnreadable';
  constructor(
    readonly group: string,
    /** Slack's error code (`missing_scope`, `not_allowed_token_type`, …); absent when Slack did not answer. */
    readonly slackError: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(slackError === undefined ? 'errorsSlack.groupUnanswered' : 'errorsSlack.groupUnreadable', {
      group,
      ...(slackError !== undefined && { slackError }),
    });
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

interface Cached<T> {
  readonly value: T;
  readonly until: number;
}

/**
 * People and group membership from users.info and usergroups.users.list, cached so that a command's
 * authorisation stays well inside Slack's 3 s.
 */
export class SlackDirectory implements Directory {
  private readonly people = new Map<string, Cached<Omit<Person, 'groups'>>>();
  private readonly groups = new Map<string, Cached<ReadonlySet<string>>>();

  constructor(
    private readonly client: WebClient,
    private readonly config: Pick<Config, 'policies'>,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async identify(userId: string): Promise<Person> {
    const [person, groups] = await Promise.all([this.person(userId), this.groupsOf(userId)]);
    return { ...person, groups };
  }

  /** users.lookupByEmail (scope users:read.email); undefined when nobody has it or Slack cannot say now. */
  async findByEmail(email: string): Promise<string | undefined> {
    const answer = await this.client.users.lookupByEmail({ email }).catch(() => undefined);
    return answer?.user?.id;
  }

  private async person(userId: string): Promise<Omit<Person, 'groups'>> {
    const hit = this.people.get(userId);
    if (hit && hit.until > this.now()) return hit.value;
    // Without a name or e-mail the commit is authored by Kanaria and still names the user in a trailer.
    // A rate limit is not an answer: this request goes without the name, the next one asks again.
    const answer = await this.client.users
      .info({ user: userId, include_locale: true })
      .catch((error: unknown) => (error instanceof SlackRateLimitedError ? undefined : { user: undefined }));
    if (!answer) return { id: userId };
    const { user } = answer;
    const name = user?.profile?.real_name || user?.real_name || user?.name;
    const email = user?.profile?.email;
    const locale = user?.locale;
    const value = { id: userId, ...(name && { name }), ...(email && { email }), ...(locale && { locale }) };
    this.people.set(userId, { value, until: this.now() + this.ttlMs });
    return value;
  }

  private async groupsOf(userId: string): Promise<string[]> {
    const named = groupsNamedIn(this.config);
    const members = await Promise.all(named.map((group) => this.members(group)));
    return named.filter((_, i) => members[i]?.has(userId));
  }

  private async members(group: string): Promise<ReadonlySet<string>> {
    const hit = this.groups.get(group);
    if (hit && hit.until > this.now()) return hit.value;
    let users: string[];
    try {
      users = (await this.client.usergroups.users.list({ usergroup: group })).users ?? [];
    } catch (error) {
      if (error instanceof SlackRateLimitedError) throw error;
      throw new SlackGroupUnreadable(group, (error as { data?: { error?: string } }).data?.error, { cause: error });
    }
    const value = new Set(users);
    this.groups.set(group, { value, until: this.now() + this.ttlMs });
    return value;
  }
}

/** Retries of network errors and 5xx (429s are the gate's): a few, quickly. */
const TRANSIENT_RETRIES = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 30_000 };

/**
 * How long a lookup on a command's path waits out a 429: Slack wants the ack within 3 s, so at most one
 * Retry-After of 1 s.
 */
const ACK_PATH_BUDGET_MS = 1_500;

/**
 * Kanaria's Slack adapters over Slack's Web API. Every call waits out 429s as Retry-After asks (chat and
 * uploads for up to RATE_LIMIT_BUDGET_MS, directory lookups only briefly), and `onRateLimited` hears of each 429.
 */
export function createSlackAdapters(
  config: Pick<Config, 'policies'>,
  slack: { readonly botToken: string; readonly apiUrl?: string },
  onRateLimited?: (method: string, retryAfterSeconds: number) => void,
): { chat: SlackChat; directory: SlackDirectory } {
  const options: WebClientOptions = {
    ...(slack.apiUrl && { slackApiUrl: slack.apiUrl.replace(/\/?$/, '/') }),
    retryConfig: TRANSIENT_RETRIES,
  };
  const gate = new RateLimitGate(onRateLimited);
  return {
    chat: new SlackChat(new RateLimitedWebClient(slack.botToken, options, gate)),
    directory: new SlackDirectory(new RateLimitedWebClient(slack.botToken, options, gate, ACK_PATH_BUDGET_MS), config),
  };
}
