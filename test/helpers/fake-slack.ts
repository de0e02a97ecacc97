import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultRateLimits, RateLimiter, type RateLimit } from './fake-slack-limits.js';

export interface RecordedCall {
  readonly method: string;
  readonly body: Record<string, unknown>;
  /** What the fake answered (e.g. the `ts` of a posted message). */
  response?: Record<string, unknown>;
}

/** The ts Slack gave a posted message. */
export const tsOf = (call: RecordedCall | undefined): string | undefined =>
  call?.response?.['ts'] as string | undefined;

export interface FakeUser {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  /** What users.info answers as `user.locale` when asked with `include_locale` (e.g. `ja-JP`). */
  readonly locale?: string;
}

/**
 * A recording stand-in for Slack's Web API (the one part of Slack that cannot run here): it answers
 * like Slack does for the methods Kanaria calls (views.open included) and keeps every call, including response_url posts and the
 * file uploads of files.uploadV2 (`upload:<id>`, the bytes in `uploads`).
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  private server: Server | undefined;
  private sequence = 0;
  private uploadSequence = 0;
  /** The bytes POSTed to each upload URL, by upload id (file `F<id>`). */
  readonly uploads = new Map<string, Buffer>();
  users = new Map<string, FakeUser>();
  groups = new Map<string, string[]>();
  /** Methods that answer with an error, e.g. `{ 'chat.postMessage': 'not_in_channel' }`. */
  failures: Record<string, string> = {};
  /**
   * The rate limits enforced with HTTP 429 and Retry-After: none unless a test sets them (`slackRateLimits(60)`:
   * Slack's, 60× faster) or FAKE_SLACK_RATE_LIMITS gives a time scale for every fake.
   */
  limits: readonly RateLimit[] = defaultRateLimits();
  /** The calls refused with 429 (not in `calls`: Slack did not act on them), with the Retry-After answered. */
  readonly refused: RecordedCall[] = [];
  private readonly limiter = new RateLimiter(() => this.limits);
  /** The WebSocket URL apps.connections.open hands out (Socket Mode). */
  socketUrl: string | undefined;
  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const type = req.headers['content-type'] ?? '';
        const url = req.url ?? '';
        if (url.startsWith('/upload/')) {
          void this.receiveUpload(url.slice('/upload/'.length), type, Buffer.concat(chunks)).then(
            (length) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${length}`),
            (error: unknown) => res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error)),
          );
          return;
        }
        const raw = Buffer.concat(chunks).toString();
        const body: Record<string, unknown> = type.includes('json')
          ? (JSON.parse(raw || '{}') as Record<string, unknown>)
          : Object.fromEntries(new URLSearchParams(raw));
        for (const key of ['blocks', 'attachments', 'files', 'metadata', 'view'])
          if (typeof body[key] === 'string') body[key] = JSON.parse(body[key] as string);
        const method = url.startsWith('/response/')
          ? `response_url:${url.slice('/response/'.length)}`
          : url.replace(/^\/api\//, '');
        const retryAfter = url.startsWith('/api/') ? this.limiter.admit(method, body) : undefined;
        if (retryAfter !== undefined) {
          this.refused.push({ method, body, response: { ok: false, error: 'ratelimited', retry_after: retryAfter } });
          res
            .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) })
            .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        const call: RecordedCall = { method, body };
        this.calls.push(call);
        call.response = this.answer(method, body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(call.response));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server?.address() as AddressInfo).port;
  }

  /**
   * The upload URL files.getUploadURLExternal handed out: keeps the file's bytes, from the multipart form's file
   * part (what @slack/web-api sends) or the raw body.
   */
  private async receiveUpload(id: string, type: string, raw: Buffer): Promise<number> {
    let data = raw;
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const file = [...form.values()].find((value) => typeof value !== 'string');
      if (file !== undefined && typeof file !== 'string') data = Buffer.from(await file.arrayBuffer());
    }
    this.uploads.set(id, data);
    this.calls.push({ method: `upload:${id}`, body: { length: data.length } });
    return data.length;
  }

  /** A message ts as Slack makes them: Unix seconds now, and a sequence that keeps them unique. */
  private nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.sequence).padStart(6, '0')}`;
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const failure = this.failures[method];
    if (failure) return { ok: false, error: failure };
    switch (method) {
      case 'chat.postMessage':
        return { ok: true, channel: body['channel'], ts: this.nextTs(), message: { text: body['text'] } };
      case 'chat.update':
        return { ok: true, channel: body['channel'], ts: body['ts'] };
      case 'conversations.history':
        return { ok: true, messages: this.history(body), has_more: false };
      case 'chat.getPermalink':
        return {
          ok: true,
          permalink: `https://acme.slack.com/archives/${body['channel']}/p${String(body['message_ts']).replace('.', '')}`,
        };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'users.info': {
        const user = this.users.get(String(body['user']));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            name: user.name.toLowerCase(),
            real_name: user.name,
            profile: { real_name: user.name, ...(user.email && { email: user.email }) },
            // Slack leaves the locale out unless asked for it.
            ...(String(body['include_locale']) === 'true' && { locale: user.locale ?? 'en-US' }),
          },
        };
      }
      case 'users.lookupByEmail': {
        const user = [...this.users.values()].find((u) => u.email === String(body['email']));
        return user ? { ok: true, user: { id: user.id } } : { ok: false, error: 'users_not_found' };
      }
      case 'usergroups.users.list':
        return { ok: true, users: this.groups.get(String(body['usergroup'])) ?? [] };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'socket_mode_not_enabled' };
      case 'files.getUploadURLExternal': {
        const id = String(++this.uploadSequence);
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: `F${id}` };
      }
      case 'files.completeUploadExternal': {
        const files = (body['files'] ?? []) as { id: string; title?: string }[];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'views.open': {
        // Slack refuses a trigger id it did not hand out with a press or a command (and after 3 s).
        if (typeof body['trigger_id'] !== 'string' || !body['trigger_id'])
          return { ok: false, error: 'invalid_trigger' };
        const view = body['view'] as Record<string, unknown>;
        return { ok: true, view: { ...view, id: `V${++this.sequence}`, hash: `${Date.now()}.hash` } };
      }
      case 'auth.test':
        return { ok: true, user_id: 'UKANARIA', bot_id: 'BKANARIA', team_id: 'T0001' };
      default:
        return method.startsWith('response_url:') ? { ok: true } : { ok: false, error: 'unknown_method' };
    }
  }

  /** The channel's top-level messages posted since `oldest`, newest first, as conversations.history lists them. */
  private history(body: Record<string, unknown>): Record<string, unknown>[] {
    const oldest = Number(body['oldest'] ?? 0);
    const withMetadata = String(body['include_all_metadata']) === 'true';
    return this.callsTo('chat.postMessage')
      .filter(
        (c) =>
          c.body['channel'] === body['channel'] &&
          c.body['thread_ts'] === undefined &&
          c.response?.['ok'] === true &&
          Number(c.response['ts']) >= oldest,
      )
      .map((c) => ({
        type: 'message',
        ts: c.response?.['ts'],
        text: c.body['text'],
        bot_id: 'BKANARIA',
        ...(withMetadata && c.body['metadata'] !== undefined && { metadata: c.body['metadata'] }),
      }))
      .reverse();
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `predicate` holds for the recorded calls (Kanaria's replies come from background jobs). */
  async waitFor<T>(predicate: (calls: RecordedCall[]) => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = predicate(this.calls);
      if (result) return result;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for Slack calls; got: ${JSON.stringify(
            this.calls.map((c) => [c.method, c.body['text']]),
            null,
            1,
          )}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
