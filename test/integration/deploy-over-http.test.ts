import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, fixture, startHarness, SIGNING_SECRET, type Harness } from '../helpers/harness.js';
import { postSigned, slashCommand } from '../helpers/slack-requests.js';
import { gitopsJobId } from '../../src/queues/gitops.js';

const CONFIG = `
gitops: { branch: main }
apps:
  web:
    environment: staging
    manifest: apps/web/deployment.yaml
    container: web
  llm-api:
    environment: production
    manifest: apps/llm-api/rollout.yaml
    container: canary-demo
policies:
  production: { deploy: [S0PLATFORM], promote: [S0PLATFORM], twoPersonRule: true }
  default: { deploy: ["*"], promote: ["*"] }
`;

const WEB = deployment('web', 'nginx:1.25.0');
const ROLLOUT = fixture('argo-rollouts/canary-rollout.yaml');

/** The thread reply Kanaria posts once the change is pushed (or failed), for this request. */
const threadReply = (h: Harness, pattern: RegExp) =>
  h.slack.waitFor((calls) =>
    calls.find((c) => c.method === 'chat.postMessage' && c.body['thread_ts'] && pattern.test(String(c.body['text']))),
  );

describe('slash commands over Bolt HTTP, signed like Slack, committed to a real git remote', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      files: { 'apps/web/deployment.yaml': WEB, 'apps/llm-api/rollout.yaml': ROLLOUT, 'README.md': '# gitops\n' },
      config: CONFIG,
    });
  });
  afterAll(async () => h?.stop());

  it('/deploy commits the new image authored by the Slack user, with only that value changed', async () => {
    const ack = await h.command('/deploy', 'web nginx:1.27.0');
    expect(ack.status).toBe(200);
    expect(ack.text).toContain('Queued: deploy `web` → `nginx:1.27.0`');

    const reply = await threadReply(h, /^Pushed `[0-9a-f]{7}` to `main`/);
    expect(h.remote.show('apps/web/deployment.yaml')).toBe(
      WEB.replace('image: nginx:1.25.0 # bumped', 'image: nginx:1.27.0 # bumped'),
    );

    const [commit] = h.remote.log();
    expect(commit?.author).toBe('Ana Lima <ana@example.com>');
    expect(commit?.subject).toBe('deploy(web): nginx:1.25.0 → nginx:1.27.0');
    expect(commit?.body).toContain('Slack-User: U0ANA');
    expect(commit?.body).toMatch(/Slack-Request: https:\/\/acme\.slack\.com\/archives\/C0DEPLOYS\/p\d+/);
    expect(commit?.body).toContain('Kanaria-App: web');
    expect(String(reply.body['text'])).toContain(commit?.sha.slice(0, 7));

    // The in-channel announcement was updated in place to say it is pushed.
    const updates = h.slack.callsTo('chat.update').map((c) => String(c.body['text']));
    expect(updates.some((t) => t.includes(`pushed \`${commit?.sha.slice(0, 7)}\``))).toBe(true);
  });

  it('edits a real Argo Rollout manifest captured by the Argo project', async () => {
    await h.command('/deploy', 'llm-api argoproj/rollouts-demo:blue');
    await threadReply(h, /argoproj\/rollouts-demo:blue/);
    expect(h.remote.show('apps/llm-api/rollout.yaml')).toBe(
      ROLLOUT.replace('image: argoproj/rollouts-demo:does-not-exist', 'image: argoproj/rollouts-demo:blue'),
    );
  });

  it('/scale sets spec.replicas and nothing else', async () => {
    const before = h.remote.show('apps/web/deployment.yaml');
    const ack = await h.command('/scale', 'web 5');
    expect(ack.text).toContain('Queued: scale `web` to 5 replicas');
    await threadReply(h, /^Pushed `[0-9a-f]{7}` to `main`: 2 → 5 in `apps\/web\/deployment\.yaml`/);
    expect(h.remote.show('apps/web/deployment.yaml')).toBe(before.replace('replicas: 2', 'replicas: 5'));
  });

  it.each([
    ['unknown app, with the closest names', '/deploy', 'wep nginx:1.27.0', /no app `wep`.*Did you mean `web`/s],
    ['malformed image reference', '/deploy', 'web nginx:1.27.0:extra', /not a valid image reference/],
    ['image with uppercase repository', '/deploy', 'web Nginx:1.27.0', /not a valid image reference/],
    ['image without tag or digest', '/deploy', 'web nginx', /no tag or digest/],
    ['replicas out of range', '/scale', 'web 1001', /from 0 to 1000/],
    ['replicas not an integer', '/scale', 'web 2.5', /not a valid replica count/],
    ['missing argument', '/deploy', 'web', /Missing argument.*Usage: `\/deploy <app>/s],
    ['unknown flag', '/deploy', 'web nginx:1.27.0 --force', /Unknown option `--force`/],
    ['rollback with a malformed commit id', '/rollback', 'web not-a-sha', /not a commit id/],
  ])('refuses %s with an actionable private error and changes nothing', async (_, command, text, expected) => {
    const head = h.remote.head();
    const posted = h.slack.callsTo('chat.postMessage').length;
    const ack = await h.command(command, text);
    expect(ack.status).toBe(200);
    expect(ack.text).toMatch(/^:x: /);
    expect(ack.text).toMatch(expected);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.remote.head()).toBe(head);
    expect(h.slack.callsTo('chat.postMessage').length).toBe(posted);
  });

  it('refuses a user outside the production policy, naming the rule', async () => {
    const head = h.remote.head();
    const ack = await h.command('/deploy', 'llm-api argoproj/rollouts-demo:red', { userId: 'U0EVE' });
    expect(ack.text).toMatch(/You may not deploy to production: policies\.production\.deploy does not include you/);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.remote.head()).toBe(head);
  });

  it('--dry-run replies privately with the diff and commits nothing', async () => {
    const head = h.remote.head();
    const ack = await h.command('/deploy', 'web nginx:1.28.0 --dry-run', { responseId: 'dry' });
    // A read: not "Queued", and it says where the answer comes.
    expect(ack.text).toBe(
      'Dry run of deploy `web` → `nginx:1.28.0`: the diff follows here; nothing will be committed.',
    );
    const reply = await h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'response_url:dry' && String(c.body['text']).includes('Dry run')),
    );
    expect(reply.body['response_type']).toBe('ephemeral');
    expect(String(reply.body['text'])).toMatch(
      /-\s+image: nginx:1\.27\.0 # bumped by Kanaria\n\+\s+image: nginx:1\.28\.0 # bumped by Kanaria/,
    );
    expect(h.remote.head()).toBe(head);
  });

  it('/history lists who changed the app, what and when, with commit ids', async () => {
    const ack = await h.command('/history', 'web 3', { responseId: 'history' });
    expect(ack.text).toBe('Looking up the history of `web`…');
    const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:history'));
    const text = String(reply.body['text']);
    const [scaleCommit, deployCommit] = h.remote.log().filter((c) => c.body.includes('Kanaria-App: web'));
    expect(text).toContain(`\`${scaleCommit?.sha.slice(0, 7)}\``);
    expect(text).toContain(`\`${deployCommit?.sha.slice(0, 7)}\``);
    expect(text).toContain('<@U0ANA>: scale(web): replicas 2 → 5');
    expect(text).toContain('Outsider: seed');
  });

  it('a redelivered /history (same trigger id) is answered "already received" and looked up once', async () => {
    const ask = (timestamp?: number) =>
      h.command('/history', 'web 1', {
        triggerId: '333.444.history-redelivered',
        responseId: 'history-again',
        ...(timestamp !== undefined && { timestamp }),
      });
    const sent = Math.floor(Date.now() / 1000);
    const first = await ask(sent);
    const second = await ask(sent - 1);
    expect(first.text).toBe('Looking up the history of `web`…');
    expect(second.text).toBe('This request was already received; Kanaria is handling it (history of `web`).');
    await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:history-again'));
    expect(await h.kanaria.drained()).toBe(true);
    expect(h.slack.callsTo('response_url:history-again')).toHaveLength(1);
  });

  it('a dry run left on the gitops queue by a version before the reads queue commits nothing and asks to run it again', async () => {
    const head = h.remote.head();
    const requestId = '555.666.older-version';
    // As the older version enqueued it: a change with `dryRun: true`, on the gitops queue.
    const older = {
      change: { kind: 'deploy', app: 'web', image: 'nginx:9.9.9' },
      dryRun: true,
      requester: { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com', groups: [] },
      channel: 'C0DEPLOYS',
      requestId,
      requestedAt: Date.now(),
      responseUrl: h.slack.responseUrl('older-dry-run'),
    } as const;
    await h.kanaria.deps.queues.gitops.add(gitopsJobId(requestId), older);
    const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:older-dry-run'));
    expect(String(reply.body['text'])).toContain('Kanaria was updated while this request waited');
    expect(await h.kanaria.drained()).toBe(true);
    expect(h.remote.head()).toBe(head);
    expect(h.remote.show('apps/web/deployment.yaml')).not.toContain('nginx:9.9.9');
  });

  it('a redelivered request (same trigger id) is answered but enqueued once', async () => {
    const commits = h.remote.log().length;
    const sent = Math.floor(Date.now() / 1000);
    const first = await h.command('/deploy', 'web nginx:1.29.0', { triggerId: '111.222.redelivered', timestamp: sent });
    // Slack's redelivery is signed anew (another timestamp), so it passes the replay guard. Set from the first's:
    // "now − 1" taken a second later would be the first's own timestamp, a replay.
    const second = await h.command('/deploy', 'web nginx:1.29.0', {
      triggerId: '111.222.redelivered',
      timestamp: sent - 1,
    });
    expect(first.text).toContain('Queued');
    expect(second.text).toContain('already received');
    await threadReply(h, /nginx:1\.29\.0/);
    await h.kanaria.drained();
    expect(h.remote.log().length).toBe(commits + 1);
  });

  it('/rollback reverts the last Kanaria change of the app with git revert', async () => {
    const [last] = h.remote.log();
    await h.command('/rollback', 'web');
    await threadReply(
      h,
      /^Pushed `[0-9a-f]{7}` to `main`: reverted `[0-9a-f]{7}` .*; image nginx:1\.29\.0 → nginx:1\.27\.0/,
    );
    const [revert] = h.remote.log();
    expect(revert?.subject).toBe(
      `rollback(web): revert ${last?.sha.slice(0, 7)} "deploy(web): nginx:1.27.0 → nginx:1.29.0"`,
    );
    expect(revert?.body).toContain(`This reverts commit ${last?.sha}.`);
    expect(h.remote.show('apps/web/deployment.yaml')).toContain('image: nginx:1.27.0 # bumped by Kanaria');
  });

  it('/rollback refuses a commit that touched another app', async () => {
    const shared = h.remote.commitOutside('bump both', {
      'apps/web/deployment.yaml': h.remote.show('apps/web/deployment.yaml').replace('replicas: 5', 'replicas: 6'),
      'README.md': '# gitops\nshared change\n',
    });
    await h.command('/rollback', `web ${shared.slice(0, 9)}`);
    const reply = await threadReply(h, /also changes `README\.md`/);
    expect(String(reply.body['text'])).toContain('does not belong to `web`');
    expect(h.remote.head()).toBe(shared);
  });
});

describe('requests that must never reach a handler', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ files: { 'apps/web/deployment.yaml': WEB }, config: CONFIG });
  });
  afterAll(async () => h?.stop());

  const body = () => slashCommand('/deploy', 'web nginx:1.27.0', { responseUrl: h.slack.responseUrl('x') });
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['a wrong signature', () => postSigned(h.port, 'not-the-secret', body())],
    ['a timestamp 6 minutes old', () => postSigned(h.port, SIGNING_SECRET, body(), { timestamp: now() - 360 })],
    [
      'a timestamp 6 minutes in the future',
      () => postSigned(h.port, SIGNING_SECRET, body(), { timestamp: now() + 360 }),
    ],
    [
      'no signature at all',
      () =>
        fetch(`http://127.0.0.1:${h.port}/slack/events`, {
          method: 'POST',
          body: body(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
    ],
  ])('rejects %s with 401 and queues nothing', async (_, send) => {
    const response = await send();
    expect(response.status).toBe(401);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.slack.calls).toEqual([]);
    expect(h.remote.log()).toHaveLength(1);
  });

  it('rejects the same signed request sent twice within the window', async () => {
    const signed = body();
    const timestamp = now();
    const first = await postSigned(h.port, SIGNING_SECRET, signed, { timestamp });
    const replay = await postSigned(h.port, SIGNING_SECRET, signed, { timestamp });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    const metrics = await (await fetch(`http://127.0.0.1:${h.port}/metrics`)).text();
    expect(metrics).toMatch(/kanaria_slack_requests_rejected_total\{reason="replay"\} 1/);
  });

  it('serves health, readiness and metrics on the same port', async () => {
    expect((await fetch(`http://127.0.0.1:${h.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${h.port}/readyz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${h.port}/metrics`)).text()).toContain('kanaria_commands_total');
  });
});
