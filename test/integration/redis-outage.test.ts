import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPrivateRedis, type PrivateRedis } from '../../src/adapters/redis.js';
import { RedisLink } from '../../src/adapters/redis-link.js';
import { deployment, startHarness, type Harness, ONE_APP_CONFIG } from '../helpers/harness.js';
import { waitUntil } from '../helpers/wait.js';

const MANIFEST = 'apps/web/deployment.yaml';

/**
 * Redis stops under a running Kanaria and a new one starts on the same port (a Redis pod replaced, its data
 * gone). Kanaria must keep running, say why it is not ready, refuse commands honestly, and work again after.
 */
describe('a Redis outage under a running Kanaria (real redis-server stopped and restarted, signed requests, git remote)', () => {
  let port: number;
  let server: PrivateRedis;
  let h: Harness;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => void rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    port = await freePort();
    server = await startPrivateRedis(undefined, port);
    // Handed over, the server is left to this test (which replaces it) when the harness stops.
    h = await startHarness({
      files: { [MANIFEST]: deployment('web', 'nginx:1.25.0') },
      config: ONE_APP_CONFIG,
      redis: server,
    });
  });
  afterAll(async () => {
    await h?.stop();
    await server?.stop();
    process.off('unhandledRejection', onRejection);
  });

  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${h.port}${path}`);
    return { status: response.status, body: await response.text() };
  };
  const pushedReply = (image: string) =>
    h.slack.waitFor((calls) =>
      calls.find(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.body['thread_ts'] !== undefined &&
          /^Pushed `[0-9a-f]{7}`/.test(String(c.body['text'])) &&
          String(c.body['text']).includes(image),
      ),
    );

  it('answers /readyz 503 naming Redis and commands "NOT queued" while it is away, then takes commands again', async () => {
    // The workers' connection is made in the background after start-up.
    await waitUntil('/readyz to answer 200 after start-up', async () => (await get('/readyz')).status === 200);
    const head = h.remote.head();

    await server.stop();
    const down = await waitUntil('/readyz to answer 503', async () => {
      const readyz = await get('/readyz');
      return readyz.status === 503 && readyz;
    });
    expect(down.body).toMatch(/^not ready\n/);
    expect(down.body).toMatch(/^- Redis is unreachable \(.+\)$/m);
    // Every connection sees the outage; /readyz says each reason once.
    const reasons = down.body.split('\n').filter((line) => line.startsWith('- '));
    expect(reasons).toEqual([...new Set(reasons)]);
    expect((await get('/healthz')).status).toBe(200); // the process lives: no restart loop

    const refused = await h.command('/deploy', 'web nginx:1.26.0');
    expect(refused.status).toBe(200);
    expect(refused.text).toContain('your change was NOT queued and nothing was changed');

    server = await startPrivateRedis(undefined, port);
    const up = await waitUntil('/readyz to answer 200 again', async () => {
      const readyz = await get('/readyz');
      return readyz.status === 200 && readyz;
    });
    expect(up.body).toMatch(/^ready\n/);
    expect(up.body).not.toContain('Redis is unreachable');

    const accepted = await h.command('/deploy', 'web nginx:1.27.0');
    expect(accepted.text).toContain('Queued: deploy `web` → `nginx:1.27.0`');
    await pushedReply('nginx:1.27.0');
    expect(await h.kanaria.drained()).toBe(true);

    // The refused command never ran: not when Redis came back, not ever.
    const commits = h.remote.log();
    expect(commits.filter((c) => c.sha !== head && c.body.includes('nginx:1.26.0'))).toEqual([]);
    expect(commits[0]?.subject).toBe('deploy(web): nginx:1.25.0 → nginx:1.27.0');
    expect(h.slack.callsTo('chat.postMessage').filter((c) => String(c.body['text']).includes('1.26.0'))).toEqual([]);
    expect(rejections).toEqual([]);
  });
});

describe('what readiness says of one Redis connection', () => {
  it('not connected yet while starting, nothing once ready, unreachable with the reason once Redis goes away', async () => {
    const server = await startPrivateRedis();
    const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    try {
      const link = new RedisLink(redis, pino({ level: 'silent' }), 'test');
      expect(link.problem()).toBe('Redis is not connected yet (wait)');
      await redis.connect();
      expect(link.problem()).toBeUndefined();
      await server.stop();
      const problem = await waitUntil(
        'the connection to fail',
        () => link.problem()?.includes('ECONNREFUSED') && link.problem(),
      );
      expect(problem).toBe('Redis is unreachable (ECONNREFUSED)');
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
