import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis } from '../../src/adapters/redis.js';
import { webhookSignature } from '../../src/domain/webhook-signature.js';
import { BUILDS_QUEUE } from '../../src/queues/builds.js';
import { announcement } from '../helpers/announcements.js';
import type { RecordedCall } from '../helpers/fake-slack.js';
import { deployment, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { buttonPress, postSigned } from '../helpers/slack-requests.js';

const SECRET = 'ci-webhook-secret-0123456789abcdef';
const app = (name: string, environment: string, channel: string) =>
  `  ${name}: { environment: ${environment}, manifest: apps/${name}/deployment.yaml, container: web, channel: ${channel} }\n`;
const CONFIG = `
gitops: { branch: main }
apps:
${app('llm-api-dev', 'dev', 'C0LLMDEV')}${app('llm-api-prod', 'prod', 'C0LLMPROD')}${app('gpu-dev', 'dev', 'C0GPUDEV')}${app('gpu-prod', 'prod', 'C0GPUPROD')}
pipelines:
  llm-api: { stages: [llm-api-dev, llm-api-prod] }
  gpu: { stages: [{ name: sandbox, app: gpu-dev }, gpu-prod], autoDeploy: true }
policies:
  dev: { deploy: [S0PLATFORM] }
  default: { deploy: ["*"] }
`;
const FILES = Object.fromEntries(
  ['llm-api-dev', 'llm-api-prod', 'gpu-dev', 'gpu-prod'].map((name) => [
    `apps/${name}/deployment.yaml`,
    deployment(name, 'ghcr.io/acme/llm-api:1.4.2'),
  ]),
);

const build = (fields: Record<string, unknown>) => JSON.stringify(fields);

interface Sent {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

describe('POST /webhooks/image: a new build announces itself', () => {
  let h: Harness;
  let builds: Queue;
  let redis: Redis;

  /** Sends a body as a CI step does: signed now with the secret, unless `headers` say otherwise. */
  const send = async (
    body: string,
    options: { secret?: string; timestamp?: number; headers?: Record<string, string> } = {},
  ): Promise<Sent> => {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(`http://127.0.0.1:${h.port}/webhooks/image`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-kanaria-timestamp': String(timestamp),
        'x-kanaria-signature': webhookSignature(options.secret ?? SECRET, timestamp, body),
        ...options.headers,
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const posts = (channel: string): RecordedCall[] =>
    h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);
  const buildJobs = async () =>
    Object.values(await builds.getJobCounts('completed', 'waiting', 'active', 'delayed', 'failed')).reduce(
      (a, b) => a + b,
      0,
    );

  beforeAll(async () => {
    h = await startHarness({ files: FILES, config: CONFIG, kanaria: { webhookSecret: SECRET } });
    redis = new Redis(h.redis.url, { maxRetriesPerRequest: null });
    builds = new Queue(BUILDS_QUEUE, { connection: redis });
  }, 60_000);
  afterAll(async () => {
    await builds?.close();
    redis?.disconnect();
    await h?.stop();
  });

  it('refuses what is not a signed, fresh, first, well-formed build for a known app, and queues nothing', async () => {
    const good = build({ pipeline: 'llm-api', image: 'ghcr.io/acme/llm-api:1.4.3' });
    const now = Math.floor(Date.now() / 1000);

    const badSignature = await send(good, { secret: 'not-the-secret-at-all-0123456789' });
    expect(badSignature).toMatchObject({ status: 401, body: { error: 'signature' } });
    expect(String(badSignature.body['message'])).toMatch(/does not match the body/);
    expect(await send(good, { headers: { 'x-kanaria-signature': '' } })).toMatchObject({
      status: 401,
      body: { error: 'unsigned' },
    });
    const stale = await send(good, { timestamp: now - 6 * 60 });
    expect(stale).toMatchObject({ status: 401, body: { error: 'stale' } });
    expect(String(stale.body['message'])).toMatch(/more than 5 minutes old/);

    const unknownApp = await send(build({ app: 'llm-api-staging', image: 'ghcr.io/acme/llm-api:1.4.3' }));
    expect(unknownApp).toMatchObject({ status: 404, body: { error: 'unknown-app' } });
    expect(String(unknownApp.body['message'])).toMatch(/no app `llm-api-staging`.*Known: `llm-api-dev`/);
    expect(await send(build({ pipeline: 'nope', image: 'ghcr.io/acme/llm-api:1.4.3' }))).toMatchObject({
      status: 404,
      body: { error: 'unknown-pipeline' },
    });

    const oversized = await send(
      build({ app: 'llm-api-dev', image: 'nginx:1.27.0', url: `https://x/${'a'.repeat(70_000)}` }),
    );
    expect(oversized).toMatchObject({ status: 413, body: { error: 'too-large' } });

    expect(await send('{"app": "llm-api-dev", "image": ')).toMatchObject({ status: 400, body: { error: 'json' } });
    const shape = await send(build({ app: 'llm-api-dev', image: 'nginx:1.27.0', commit: 'HEAD' }));
    expect(shape).toMatchObject({ status: 400, body: { error: 'shape' } });
    expect(shape.body['problems']).toEqual([expect.stringMatching(/^commit: is not a commit id/)]);
    const unpinned = await send(build({ app: 'llm-api-dev', image: 'ghcr.io/acme/llm-api' }));
    expect(unpinned).toMatchObject({ status: 400, body: { error: 'image' } });
    expect(String(unpinned.body['message'])).toMatch(/has no tag or digest/);

    // The same signed request twice: the second is a replay, however valid it looks.
    const first = await send(build({ app: 'llm-api-dev', image: 'nginx:1.27.0', url: 'https://ci/1' }), {
      timestamp: now,
    });
    expect(first.status).toBe(202);
    const replay = await send(build({ app: 'llm-api-dev', image: 'nginx:1.27.0', url: 'https://ci/1' }), {
      timestamp: now,
    });
    expect(replay).toMatchObject({ status: 401, body: { error: 'replay' } });

    // Of all these, only the first good build was queued; nothing was committed.
    expect(await buildJobs()).toBe(1);
    expect(h.remote.log()).toHaveLength(1);
  });

  it('a pipeline’s build is announced once in its first stage’s channel; its button deploys it as the presser', async () => {
    const body = {
      pipeline: 'llm-api',
      image: 'ghcr.io/acme/llm-api:1.4.3',
      commit: '0123456789abcdef0123456789abcdef01234567',
      url: 'https://ci.example.com/acme/llm-api/runs/42',
    };
    const at = Math.floor(Date.now() / 1000);
    const sent = await send(build(body), { timestamp: at });
    expect(sent).toMatchObject({
      status: 202,
      body: { accepted: 'announced', duplicate: false, app: 'llm-api-dev', stage: 'dev' },
    });
    // CI retries (re-signed each time, so never with the first's timestamp): the build is said once.
    const retried = await send(build(body), { timestamp: at - 1 });
    expect(retried).toMatchObject({ status: 202, body: { duplicate: true } });

    const posted = await h.slack.waitFor(() =>
      posts('C0LLMDEV').find((c) => String(c.body['text']).includes('`ghcr.io/acme/llm-api:1.4.3` is built')),
    );
    expect(String(posted.body['text'])).toContain('`llm-api-dev` `ghcr.io/acme/llm-api:1.4.3` is built');
    const blocks = posted.body['blocks'] as { type: string; elements?: Record<string, unknown>[] }[];
    expect(JSON.stringify(blocks)).toContain('Commit <https://ci.example.com/acme/llm-api/runs/42|0123456789ab>');
    const button = blocks.find((b) => b.type === 'actions')?.elements?.[0] as
      { action_id: string; value: string; text: { text: string } } | undefined;
    expect(button?.text.text).toBe('Deploy to dev');

    const press = (userId: string, responseId: string) =>
      postSigned(
        h.port,
        SIGNING_SECRET,
        buttonPress({
          actionId: button?.action_id ?? '',
          value: button?.value ?? '',
          userId,
          channel: 'C0LLMDEV',
          messageTs: String(posted.body['ts'] ?? '1700000000.000001'),
          responseUrl: h.slack.responseUrl(responseId),
        }),
      );
    // The policy of dev applies to the presser: Eve is not in it.
    expect((await press('U0EVE', 'eve')).status).toBe(200);
    const refusal = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:eve'));
    expect(String(refusal.body['text'])).toContain('You may not deploy to dev');
    expect(h.remote.log()).toHaveLength(1);

    expect((await press('U0ANA', 'ana')).status).toBe(200);
    const shown = await announcement(h, 'deploy `llm-api-dev` → `ghcr.io/acme/llm-api:1.4.3`', /pushed/);
    expect(shown.text).toContain('<@U0ANA>');
    expect(h.remote.show('apps/llm-api-dev/deployment.yaml')).toContain('image: ghcr.io/acme/llm-api:1.4.3 #');
    expect(h.remote.show('apps/llm-api-prod/deployment.yaml')).toContain('ghcr.io/acme/llm-api:1.4.2');
    const [commit] = h.remote.log();
    expect(commit?.body).toContain('Slack-User: U0ANA');
    // Once: a single build message in the channel, whatever CI sent.
    expect(posts('C0LLMDEV').filter((c) => String(c.body['text']).includes('llm-api:1.4.3` is built'))).toHaveLength(1);
  });

  it('autoDeploy: the first stage gets the build by itself, as Kanaria for the webhook, committed once', async () => {
    const body = build({ pipeline: 'gpu', image: 'ghcr.io/acme/llm-api:2.0.0', commit: 'abcdef1' });
    const at = Math.floor(Date.now() / 1000);
    const sent = await send(body, { timestamp: at });
    expect(sent).toMatchObject({
      status: 202,
      body: { accepted: 'deploying', duplicate: false, app: 'gpu-dev', stage: 'sandbox', pipeline: 'gpu' },
    });
    expect(await send(body, { timestamp: at - 1 })).toMatchObject({
      status: 202,
      body: { duplicate: true },
    });

    const shown = await announcement(h, 'deploy `gpu-dev` → `ghcr.io/acme/llm-api:2.0.0`', /pushed/);
    expect(shown.text).toMatch(/^:white_check_mark: A new build asked to deploy `gpu-dev`/);
    expect(posts('C0GPUDEV').filter((c) => !c.body['thread_ts'])).toHaveLength(1);
    expect(h.remote.show('apps/gpu-dev/deployment.yaml')).toContain('image: ghcr.io/acme/llm-api:2.0.0 #');
    expect(h.remote.show('apps/gpu-prod/deployment.yaml')).toContain('ghcr.io/acme/llm-api:1.4.2');
    const deploys = h.remote.log().filter((c) => c.subject.startsWith('deploy(gpu-dev)'));
    expect(deploys).toHaveLength(1);
    expect(deploys[0]?.body).toContain('Deployed by Kanaria on behalf of the image webhook');
    expect(deploys[0]?.body).not.toContain('Slack-User:');
    // No build message with a button: the deploy's announcement is the news.
    expect(posts('C0GPUDEV').some((c) => String(c.body['text']).includes('is built'))).toBe(false);
  });
});

describe('POST /webhooks/image while Redis is away', () => {
  it('answers 503 "unavailable": nothing was queued, and CI may retry', async () => {
    const redis = await startPrivateRedis();
    const h = await startHarness({ files: FILES, config: CONFIG, redis, kanaria: { webhookSecret: SECRET } });
    try {
      await redis.stop();
      const body = build({ pipeline: 'llm-api', image: 'ghcr.io/acme/llm-api:1.5.0' });
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(`http://127.0.0.1:${h.port}/webhooks/image`, {
        method: 'POST',
        headers: {
          'x-kanaria-timestamp': String(timestamp),
          'x-kanaria-signature': webhookSignature(SECRET, timestamp, body),
        },
        body,
      });
      expect(response.status).toBe(503);
      const answer = (await response.json()) as Record<string, unknown>;
      expect(answer['error']).toBe('unavailable');
      expect(String(answer['message'])).toMatch(/nothing was done; retry later/);
    } finally {
      await h.stop();
    }
  }, 60_000);
});

describe('POST /webhooks/image without KANARIA_WEBHOOK_SECRET', () => {
  it('is not served', async () => {
    const h = await startHarness({ files: FILES, config: CONFIG });
    try {
      const response = await fetch(`http://127.0.0.1:${h.port}/webhooks/image`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
    } finally {
      await h.stop();
    }
  });
});
