import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHeartbeat } from '../../jobs/heartbeat.js';
import { ROLLBACK_ACTION } from '../../src/blocks/gitops.js';
import { BullJobQueue } from '../../src/adapters/bull-queue.js';
import { MAX_BODY_BYTES } from '../../src/slack/request-guard.js';
import { deployment, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { buttonPress, postSigned, sign, slashCommand } from '../helpers/slack-requests.js';

const CONFIG = `
apps:
  web: { environment: staging, manifest: apps/web/deployment.yaml, container: web }
  api: { environment: staging, manifest: apps/api/deployment.yaml, container: web }
policies:
  default: { deploy: ["*"], promote: ["*"] }
`;
const FILES = {
  'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0'),
  'apps/api/deployment.yaml': deployment('api', 'nginx:1.25.0'),
};

/** Slack's view of the ack: the HTTP status and the private reply's text. */
async function ackOf(response: Response): Promise<{ status: number; text: string }> {
  const raw = await response.text();
  return { status: response.status, text: raw ? ((JSON.parse(raw) as { text?: string }).text ?? '') : '' };
}

describe('bad deliveries over signed HTTP: each is answered, and what should not change does not', () => {
  let h: Harness;
  let sequence = 0;
  beforeAll(async () => {
    h = await startHarness({ files: FILES, config: CONFIG });
  });
  afterAll(async () => h?.stop());

  /** A signed slash command with some of Slack's fields replaced (a string) or left out (undefined). */
  const send = (command: string, text: string, fields: Record<string, string | undefined> = {}, timestamp?: number) => {
    const params = new URLSearchParams(
      slashCommand(command, text, { responseUrl: h.slack.responseUrl(`cmd-${++sequence}`) }),
    );
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) params.delete(name);
      else params.set(name, value);
    }
    return postSigned(h.port, SIGNING_SECRET, params.toString(), timestamp !== undefined ? { timestamp } : {}).then(
      ackOf,
    );
  };

  /** Every gitops job ever enqueued (heartbeats aside), by id. */
  const gitopsJobs = async (): Promise<string[]> => {
    const queue = h.kanaria.deps.queues.gitops;
    if (!(queue instanceof BullJobQueue)) throw new Error('expected the BullMQ queue');
    const jobs = await queue.queue.getJobs([
      'active',
      'waiting',
      'delayed',
      'prioritized',
      'waiting-children',
      'completed',
      'failed',
    ]);
    return jobs
      .filter((job) => job && !isHeartbeat(job))
      .map((job) => String(job.id))
      .sort();
  };

  /** The remote's refs byte for byte, the gitops jobs, and what was posted in channels. */
  const snapshot = async () => ({
    refs: h.remote.git(h.remote.bare, 'for-each-ref', '--format=%(objectname) %(refname)'),
    jobs: await gitopsJobs(),
    posts: h.slack.callsTo('chat.postMessage').length,
  });

  const pushedReply = (pattern: RegExp) =>
    h.slack.waitFor((calls) =>
      calls.find(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.body['thread_ts'] &&
          String(c.body['text']).startsWith('Pushed') &&
          pattern.test(String(c.body['text'])),
      ),
    );

  describe('without a usable trigger id', () => {
    it.each<[string, string | undefined]>([
      ['missing', undefined],
      ['empty', ''],
    ])('two commands whose trigger id is %s are both queued and both committed', async (_, triggerId) => {
      const image = triggerId === undefined ? '1.26.1' : '1.26.2';
      const jobsBefore = await gitopsJobs();
      const web = await send('/deploy', `web nginx:${image}`, { trigger_id: triggerId });
      const api = await send('/deploy', `api nginx:${image}`, { trigger_id: triggerId });
      expect(web.text).toBe(`Queued: deploy \`web\` → \`nginx:${image}\`.`);
      expect(api.text).toBe(`Queued: deploy \`api\` → \`nginx:${image}\`.`);
      await pushedReply(new RegExp(`nginx:1\\.\\d+\\.\\d+ → nginx:${image.replace(/\./g, '\\.')} in \`apps/web/`));
      await pushedReply(new RegExp(`nginx:1\\.\\d+\\.\\d+ → nginx:${image.replace(/\./g, '\\.')} in \`apps/api/`));
      expect(h.remote.show('apps/web/deployment.yaml')).toContain(`image: nginx:${image} #`);
      expect(h.remote.show('apps/api/deployment.yaml')).toContain(`image: nginx:${image} #`);
      const added = (await gitopsJobs()).filter((id) => !jobsBefore.includes(id));
      expect(added).toHaveLength(2);
      expect(added.every((id) => /^gitops-url-[0-9a-f]{32}$/.test(id))).toBe(true);
    });

    it('the same body delivered again (signed anew) is answered "already received" and committed once', async () => {
      const body = new URLSearchParams(
        slashCommand('/deploy', 'web nginx:1.26.3', { responseUrl: h.slack.responseUrl('redelivered') }),
      );
      body.delete('trigger_id');
      const now = Math.floor(Date.now() / 1000);
      const commits = h.remote.log().length;
      const first = await ackOf(await postSigned(h.port, SIGNING_SECRET, body.toString(), { timestamp: now }));
      const again = await ackOf(await postSigned(h.port, SIGNING_SECRET, body.toString(), { timestamp: now - 1 }));
      expect(first.text).toBe('Queued: deploy `web` → `nginx:1.26.3`.');
      expect(again.text).toMatch(/^This request was already received/);
      await pushedReply(/→ nginx:1\.26\.3 in/);
      await h.kanaria.drained();
      expect(h.remote.log().length).toBe(commits + 1);
    });
  });

  describe('refused before anything is queued: the repo, the queue and the channels stay as they were', () => {
    it.each<[string, Record<string, string | undefined>, RegExp]>([
      ['no user id', { user_id: undefined }, /did not say who sent this/],
      ['an empty user id', { user_id: '' }, /did not say who sent this/],
      ['the user id "undefined"', { user_id: 'undefined' }, /did not say who sent this/],
      ['a mention as the user id', { user_id: '<!channel>' }, /did not say who sent this/],
      ['no channel id', { channel_id: undefined }, /did not say which channel/],
      ['an empty channel id', { channel_id: '' }, /did not say which channel/],
    ])('a command with %s gets a private refusal', async (_, fields, expected) => {
      const before = await snapshot();
      const ack = await send('/deploy', 'web nginx:1.27.9', fields);
      expect(ack.status).toBe(200);
      expect(ack.text).toMatch(/^:x: /);
      expect(ack.text).toMatch(expected);
      expect(ack.text).toContain('Nothing was queued');
      expect(await snapshot()).toEqual(before);
    });

    it('a command without a text field is read as an empty one', async () => {
      const before = await snapshot();
      const ack = await send('/deploy', '', { text: undefined });
      expect(ack.text).toMatch(/^:x: Missing arguments\.\nUsage: `\/deploy <app>/);
      expect(await snapshot()).toEqual(before);
    });

    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
      '/deploy %s is an unknown app, like any other',
      async (name) => {
        const before = await snapshot();
        const ack = await send('/deploy', `${name} nginx:1.27`);
        expect(ack.text).toMatch(new RegExp(`^:x: There is no app \`${name}\` in Kanaria's configuration\\.`));
        expect(ack.text).toContain('Known apps: web, api.');
        expect(await snapshot()).toEqual(before);
      },
    );

    it('a 1 MB argument is quoted by its first 99 characters', async () => {
      const before = await snapshot();
      const ack = await send('/deploy', `${'a'.repeat(1_000_000)} nginx:1.27.0`);
      expect(ack.text).toContain(`There is no app \`${'a'.repeat(99)}…\``);
      expect(ack.text.length).toBeLessThan(400);
      expect(await snapshot()).toEqual(before);
    });

    it.each<[string, string, string, string]>([
      ['a broadcast in an app name', '/deploy', '<!channel> nginx:1.27.0', '`&lt;!channel&gt;`'],
      ['a mention as a replica count', '/scale', 'web <@U0BOB>', '`&lt;@U0BOB&gt;` is not a valid replica count'],
      [
        'a link in an image reference',
        '/deploy',
        'web <https://evil.example|nginx>',
        '`&lt;https://evil.example|nginx&gt;` is not a valid image reference',
      ],
      ['a backtick in an app name', '/deploy', 'we`b nginx:1.27.0', '`weˋb`'],
    ])('%s is shown as typed, not acted on by Slack', async (_, command, text, shown) => {
      const before = await snapshot();
      const ack = await send(command, text);
      expect(ack.text).toContain(shown);
      expect(ack.text).not.toMatch(/<[!@h]/);
      expect(ack.text.split('`').length % 2).toBe(1); // every code span closed
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('a Roll back button on a message without a timestamp', () => {
    it('reverts once for a double click, and refuses a press without a user', async () => {
      await send('/deploy', 'api nginx:1.28.0');
      const pushed = await pushedReply(/→ nginx:1\.28\.0 in `apps\/api\//);
      const blocks = pushed.body['blocks'] as { type: string; elements?: { action_id: string; value: string }[] }[];
      const value =
        blocks.find((b) => b.type === 'actions')?.elements?.find((e) => e.action_id === ROLLBACK_ACTION)?.value ?? '';
      expect(value).not.toBe('');
      await h.kanaria.drained();

      /** A press as Slack would send it, without any message timestamp, and with `user` replaced when given. */
      const press = (responseId: string, user?: unknown) => {
        const form = new URLSearchParams(
          buttonPress({
            actionId: ROLLBACK_ACTION,
            value,
            userId: 'U0BOB',
            channel: 'C0DEPLOYS',
            messageTs: '1',
            responseUrl: h.slack.responseUrl(responseId),
          }),
        );
        const payload = JSON.parse(form.get('payload') ?? '{}') as Record<string, Record<string, unknown>>;
        delete payload['container']?.['message_ts'];
        delete payload['message']?.['ts'];
        if (user !== undefined) payload['user'] = user as Record<string, unknown>;
        form.set('payload', JSON.stringify(payload));
        return postSigned(h.port, SIGNING_SECRET, form.toString());
      };
      const privately = (responseId: string) =>
        h.slack.waitFor((calls) => calls.find((c) => c.method === `response_url:${responseId}`));

      const before = await snapshot();
      expect((await press('nobody', {})).status).toBe(200);
      expect(String((await privately('nobody')).body['text'])).toMatch(/^:x: Slack did not say who sent this/);
      expect(await snapshot()).toEqual(before);

      const [first, second] = await Promise.all([press('click-1'), press('click-2')]);
      expect([first.status, second.status]).toEqual([200, 200]);
      const replies = [
        String((await privately('click-1')).body['text']),
        String((await privately('click-2')).body['text']),
      ].sort();
      expect(replies[0]).toMatch(/^Queued: roll back `api`/);
      expect(replies[1]).toMatch(/^This request was already received/);
      await pushedReply(/reverted `[0-9a-f]{7}`.*nginx:1\.28\.0 → nginx:/);
      await h.kanaria.drained();
      expect(h.remote.log().filter((c) => c.subject.startsWith('rollback(api)'))).toHaveLength(1);
    });
  });

  describe('bodies over the cap are refused before they are read', () => {
    /** POSTs to /slack/events with a wrong signature; resolves with the response as soon as one arrives. */
    const open = (headers: Record<string, string>) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: h.port,
        method: 'POST',
        path: '/slack/events',
        headers: { ...sign('not-the-secret', 'x', Math.floor(Date.now() / 1000)), ...headers },
      });
      req.on('error', () => undefined); // the server hangs up on a body it will not read
      const response = new Promise<IncomingMessage>((resolve) => req.once('response', resolve));
      return { req, response };
    };
    const rejectedForBody = async () =>
      Number(
        /kanaria_slack_requests_rejected_total\{reason="body"\} (\d+)/.exec(
          await (await fetch(`http://127.0.0.1:${h.port}/metrics`)).text(),
        )?.[1] ?? 0,
      );

    it('a declared 32 MB body is answered 413 before a byte of it is sent', async () => {
      const counted = await rejectedForBody();
      const { req, response } = open({ 'content-length': String(32 * 1024 * 1024) });
      req.flushHeaders();
      expect((await response).statusCode).toBe(413);
      req.destroy();
      expect(await rejectedForBody()).toBe(counted + 1);
    });

    it('a body without a length is answered 413 once past the cap, while the client is still sending, and the connection is closed', async () => {
      const counted = await rejectedForBody();
      const { req, response } = open({ 'transfer-encoding': 'chunked' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += chunk.length) req.write(chunk);
      // The request is never ended: a server that buffered the whole body would never answer.
      const answer = await response;
      expect(answer.statusCode).toBe(413);
      expect(answer.headers['connection']).toBe('close');
      await new Promise<void>((resolve) =>
        req.socket?.destroyed ? resolve() : req.socket?.once('close', () => resolve()),
      );
      expect(req.writableEnded).toBe(false);
      expect(await rejectedForBody()).toBe(counted + 1);
    });

    it('a signed command just under the cap still reaches Kanaria', async () => {
      const ack = await send('/deploy', `${'b'.repeat(MAX_BODY_BYTES - 2_000)} nginx:1.27.0`);
      expect(ack.status).toBe(200);
      expect(ack.text).toContain(`There is no app \`${'b'.repeat(99)}…\``);
    });
  });
});
