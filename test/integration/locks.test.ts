import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kanaria } from '../../src/boot/start.js';
import { GITOPS_QUEUE } from '../../src/queues/gitops.js';
import { announcement } from '../helpers/announcements.js';
import { deployment, SIGNING_SECRET, startHarness, startReplica, type Harness } from '../helpers/harness.js';
import { postSigned, slashCommand } from '../helpers/slack-requests.js';

const CONFIG = `
gitops: { branch: main }
apps:
  api-dev: { environment: dev, manifest: apps/api-dev/deployment.yaml, container: web }
  api-prod: { environment: prod, manifest: apps/api-prod/deployment.yaml, container: web }
  web:
    environment: staging
    manifest: apps/web/deployment.yaml
    container: web
    rollout: { name: web, namespace: web }
pipelines:
  api: { stages: [api-dev, api-prod] }
policies:
  staging: { deploy: [S0PLATFORM], promote: [S0PLATFORM], override: [U0CAROL] }
  default: { deploy: ["*"], promote: ["*"], override: [U0CAROL] }
`;
const FILES = Object.fromEntries(
  ['api-dev', 'api-prod', 'web'].map((name) => [`apps/${name}/deployment.yaml`, deployment(name, 'nginx:1.25.0')]),
);

/** A Slack date token, as the refusals show `since` and `until`. */
const SLACK_DATE = /<!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-\d\d-\d\dT[\d:.]+Z>/;

describe('locks: /lock holds an app against everyone else’s changes, in Redis', () => {
  let h: Harness;
  let second: Kanaria | undefined;
  let queue: Queue;
  let connection: Redis;
  const as = (userId: string) => ({ userId });
  const image = (app: string) => /image: (\S+) # bumped/.exec(h.remote.show(`apps/${app}/deployment.yaml`))?.[1];

  beforeAll(async () => {
    h = await startHarness({
      files: FILES,
      config: CONFIG,
      beforeStart: (slack) => slack.users.set('U0CAROL', { id: 'U0CAROL', name: 'Carol Ito' }),
    });
    connection = new Redis(h.redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(GITOPS_QUEUE, { connection });
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    await second?.stop();
    await h?.stop();
  });

  it('a change by someone else is refused at the ack, naming the holder, since when and why; nothing is queued', async () => {
    const taken = await h.command('/lock', 'api prod migrating the feature store');
    expect(taken.text).toContain(':lock: You hold `api-prod` (prod): changes by anyone else are refused');
    expect(taken.text).toContain('(no expiry)');
    expect(taken.text).toContain('> migrating the feature store');

    const head = h.remote.head();
    const refused = await h.command('/deploy', 'api-prod nginx:1.27.0', as('U0BOB'));
    expect(refused.text).toMatch(/^:x: `api-prod` is locked by <@U0ANA> since <!date/);
    expect(refused.text).toMatch(SLACK_DATE);
    expect(refused.text).toContain('> migrating the feature store');
    expect(refused.text).toContain('Ask <@U0ANA> to `/unlock api-prod` when done');
    expect(h.remote.head()).toBe(head);
    expect(await queue.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 });
    // Refused before anything was announced.
    expect(h.slack.calls.some((c) => String(c.body['text']).includes('nginx:1.27.0'))).toBe(false);
  });

  it('the holder’s own change goes through', async () => {
    await h.command('/deploy', 'api-prod nginx:1.26.0');
    await announcement(h, 'deploy `api-prod` → `nginx:1.26.0`', /pushed/);
    expect(image('api-prod')).toBe('nginx:1.26.0');
  });

  it('/lock on someone else’s lock is refused naming them and why; the holder updates theirs (reason, expiry)', async () => {
    const refused = await h.command('/lock', 'api-prod hotfix', as('U0BOB'));
    expect(refused.text).toMatch(/`api-prod` is locked by <@U0ANA> since .*migrating the feature store/s);

    const updated = await h.command('/lock', 'api-prod schema v2 backfill --for 1h');
    expect(updated.text).toMatch(/^:lock: Your lock on `api-prod` is updated; held since <!date.*, until <!date/);
    expect(updated.text).toContain('> schema v2 backfill');
  });

  it('/status shows the lock', async () => {
    await h.command('/status', 'api-prod', { responseId: 'status-locked' });
    const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:status-locked'));
    const text = String(reply.body['text']);
    expect(text).toMatch(/:lock: Locked by <@U0ANA> since <!date.*, until <!date/);
    expect(text).toContain('> schema v2 backfill');
  });

  it('unlock by someone else is refused naming the holder; a break-glass approver (policies.<env>.override) may', async () => {
    const refused = await h.command('/unlock', 'api prod', as('U0BOB'));
    expect(refused.text).toContain(
      '`api-prod` is locked by <@U0ANA>: only they, or someone in `policies.default.override`, may unlock it.',
    );
    expect((await h.command('/deploy', 'api-prod nginx:1.28.0', as('U0BOB'))).text).toContain('locked by <@U0ANA>');

    const lifted = await h.command('/unlock', 'api-prod', as('U0CAROL'));
    expect(lifted.text).toContain(':unlock: `api-prod` is unlocked: you lifted <@U0ANA>’s lock');
    expect((await h.command('/unlock', 'api-prod')).text).toBe('`api-prod` is not locked.');

    await h.command('/deploy', 'api-prod nginx:1.28.0', as('U0BOB'));
    await announcement(h, 'deploy `api-prod` → `nginx:1.28.0`', /pushed/);
    expect(image('api-prod')).toBe('nginx:1.28.0');
  });

  it('a lock taken while the change waited in the queue holds it back in the worker, naming the holder', async () => {
    await queue.pause();
    const queued = await h.command('/deploy', 'api-dev nginx:1.27.0', as('U0BOB'));
    expect(queued.text).toBe('Queued: deploy `api-dev` → `nginx:1.27.0`.');
    await h.command('/lock', 'api-dev trying a driver upgrade by hand');
    await queue.resume();

    const shown = await announcement(h, 'deploy `api-dev` → `nginx:1.27.0`', /failed/);
    expect(shown.text).toMatch(/`api-dev` is locked by <@U0ANA> since <!date.*trying a driver upgrade by hand/s);
    expect(image('api-dev')).toBe('nginx:1.25.0');
    expect((await h.command('/unlock', 'api dev')).text).toBe(':unlock: `api-dev` is unlocked.');
  });

  it('a retry of a change whose commit landed before the lock finishes as pushed, not refused', async () => {
    await queue.pause();
    await h.command('/deploy', 'api-dev nginx:1.26.0', as('U0BOB'));
    const [job] = await queue.getJobs(['waiting']);
    const requestId = String(job?.data.requestId);
    // As if an earlier attempt had pushed this very change and died before saying so.
    h.remote.commitOutside(
      `deploy(api-dev): nginx:1.25.0 → nginx:1.26.0\n\nSlack-User: U0BOB\nKanaria-App: api-dev\nKanaria-Request: ${requestId}\n`,
      { 'apps/api-dev/deployment.yaml': deployment('api-dev', 'nginx:1.26.0') },
    );
    await h.command('/lock', 'api-dev');
    await queue.resume();

    await announcement(h, 'deploy `api-dev` → `nginx:1.26.0`', /pushed/);
    expect(image('api-dev')).toBe('nginx:1.26.0');
    await h.command('/unlock', 'api-dev');
  });

  it('a rollback goes through a lock (and says so); a canary promotion does not, an abort does', async () => {
    await h.command('/lock', 'api-prod');
    const ack = await h.command('/rollback', 'api-prod', as('U0BOB'));
    expect(ack.text).toContain('`api-prod` is locked by <@U0ANA>; a rollback goes through a lock.');
    await announcement(h, 'roll back `api-prod`', /pushed/);
    expect(image('api-prod')).toBe('nginx:1.26.0');
    await h.command('/unlock', 'api-prod');

    await h.command('/lock', 'web canary under watch');
    const promote = await h.command('/canary', 'web promote', as('U0BOB'));
    expect(promote.text).toMatch(/`web` is locked by <@U0ANA> since .*canary under watch/s);
    const abort = await h.command('/canary', 'web abort', as('U0BOB'));
    expect(abort.text).toBe('Aborting the canary of `web`…');
    await h.command('/unlock', 'web');
  });

  it('a /promote into a locked stage is refused, naming the holder; a lock on the source stage does not hold it back', async () => {
    await h.command('/lock', 'api prod release review');
    const refused = await h.command('/promote', 'api prod', as('U0BOB'));
    expect(refused.text).toMatch(/`api-prod` is locked by <@U0ANA> since .*release review/s);
    await h.command('/unlock', 'api prod');

    await h.command('/lock', 'api dev load test');
    await h.command('/deploy', 'api-dev nginx:1.30.0');
    await announcement(h, 'deploy `api-dev` → `nginx:1.30.0`', /pushed/);
    const queued = await h.command('/promote', 'api prod', as('U0BOB'));
    expect(queued.text).toMatch(/^Queued: /);
    await announcement(h, 'promote `api` dev → prod', /pushed/);
    expect(image('api-prod')).toBe('nginx:1.30.0');
    await h.command('/unlock', 'api dev');
  });

  it('a lock taken --for a while refuses until it expires, then changes go through', async () => {
    const taken = await h.command('/lock', 'web deploy train --for 2s');
    const expires = Date.now() + 2_000;
    expect(taken.text).toMatch(/^:lock: You hold `web` \(staging\) until <!date/);
    expect((await h.command('/deploy', 'web nginx:1.27.0', as('U0BOB'))).text).toContain('locked by <@U0ANA>');

    // Redis drops the lock at its expiry (taken no later than `expires` here).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expires - Date.now()) + 100));
    await h.command('/deploy', 'web nginx:1.27.0', as('U0BOB'));
    await announcement(h, 'deploy `web` → `nginx:1.27.0`', /pushed/);
    expect((await h.command('/status', 'web', { responseId: 'status-free' })).status).toBe(200);
    const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:status-free'));
    expect(String(reply.body['text'])).not.toContain(':lock:');
  });

  it('/lock needs deploy on the app; a pipeline needs its stage; --for needs a duration', async () => {
    expect((await h.command('/lock', 'web', as('U0EVE'))).text).toContain(
      'You may not deploy to staging: policies.staging.deploy does not include you.',
    );
    expect((await h.command('/lock', 'api')).text).toContain('`api` is a pipeline: say which stage (`dev` or `prod`).');
    expect((await h.command('/lock', 'api qa')).text).toContain('The pipeline `api` has no stage `qa`');
    expect((await h.command('/lock', 'web --for soon')).text).toContain('`--for` takes a duration, not `soon`.');
    expect((await h.command('/unlock', 'web')).text).toBe('`web` is not locked.');
  });

  it('locks survive a restart', async () => {
    await h.command('/lock', 'api-prod quarterly audit');
    await h.kanaria.stop();
    second = await startReplica(h, CONFIG);
    const response = await postSigned(
      second.port ?? 0,
      SIGNING_SECRET,
      slashCommand('/deploy', 'api-prod nginx:1.29.0', { userId: 'U0BOB' }),
    );
    const { text } = (await response.json()) as { text: string };
    expect(text).toMatch(/`api-prod` is locked by <@U0ANA> since .*quarterly audit/s);
  });
});
