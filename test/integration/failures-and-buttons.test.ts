import { afterEach, describe, expect, it } from 'vitest';
import { startPrivateRedis } from '../../src/adapters/redis.js';
import { deployment, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { buttonPress, postSigned } from '../helpers/slack-requests.js';

const CONFIG = `
apps:
  web: { environment: staging, manifest: apps/web/deployment.yaml, container: web }
policies:
  staging: { deploy: [S0PLATFORM] }
`;
const files = { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') };

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const threadTexts = (harness: Harness) =>
  harness.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.body['thread_ts'])
    .map((c) => String(c.body['text']));

describe('when a backend is down', () => {
  it('tells the user the change was NOT queued when Redis is unreachable, and changes nothing', async () => {
    const redis = await startPrivateRedis();
    h = await startHarness({ files, config: CONFIG, redis });
    await redis.stop();
    const ack = await h.command('/deploy', 'web nginx:1.27.0');
    expect(ack.status).toBe(200);
    expect(ack.text).toContain('your change was NOT queued and nothing was changed');
    expect(h.remote.log()).toHaveLength(1);
  });

  it('says in the thread that the git remote is unreachable, retries with backoff, then fails visibly', async () => {
    h = await startHarness({ files, config: CONFIG, kanaria: { gitopsUrl: '/nonexistent/gitops.git' } });
    const ack = await h.command('/deploy', 'web nginx:1.27.0');
    expect(ack.text).toContain('Queued');
    const harness = h;
    await h.slack.waitFor(() =>
      threadTexts(harness).find((t) => t.startsWith(':x: Could not fetch from the GitOps remote')),
    );
    const updates = h.slack.callsTo('chat.update').map((c) => String(c.body['text']));
    expect(updates.some((t) => t.includes('Retrying (attempt 1 of 3 failed)'))).toBe(true);
    expect(updates.at(-1)).toMatch(/^:x: .*failed: Could not fetch/);
  });
});

describe('when the manifest no longer matches the configuration', () => {
  it('answers in the thread that the container is gone, commits nothing and does not retry', async () => {
    h = await startHarness({ files, config: CONFIG });
    h.remote.commitOutside('rename container', {
      'apps/web/deployment.yaml': files['apps/web/deployment.yaml'].replace('- name: web', '- name: frontend'),
    });
    const head = h.remote.head();
    await h.command('/deploy', 'web nginx:1.27.0');
    const harness = h;
    const reply = await h.slack.waitFor(() => threadTexts(harness).find((t) => t.startsWith(':x:')));
    expect(reply).toMatch(/container "web" not found .*frontend, metrics-sidecar/s);
    await h.kanaria.drained();
    expect(h.remote.head()).toBe(head);
    expect(h.slack.callsTo('chat.update').some((c) => String(c.body['text']).includes('Retrying'))).toBe(false);

    // A dry run meets the same refusal, privately.
    await h.command('/deploy', 'web nginx:1.28.0 --dry-run', { responseId: 'dry' });
    const refusal = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:dry'));
    expect(String(refusal.body['text'])).toMatch(/^:x: .*container "web" not found/s);
  });
});

describe('when Slack refuses to post in the channel', () => {
  it('still commits, and tells the requester privately through the response URL', async () => {
    h = await startHarness({ files, config: CONFIG });
    h.slack.failures['chat.postMessage'] = 'not_in_channel';
    await h.command('/deploy', 'web nginx:1.27.0', { responseId: 'private' });
    const reply = await h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'response_url:private' && String(c.body['text']).startsWith('Pushed')),
    );
    expect(reply.body['response_type']).toBe('ephemeral');
    expect(h.remote.show('apps/web/deployment.yaml')).toContain('image: nginx:1.27.0 #');
    const metrics = await (await fetch(`http://127.0.0.1:${h.port}/metrics`)).text();
    expect(metrics).toMatch(/kanaria_slack_api_errors_total\{method="chat.postMessage"\} [1-9]/);
  });
});

describe('many people at once', () => {
  it('lands concurrent /deploys to different apps of one repo, none lost, each its own commit', async () => {
    const apps = Array.from({ length: 12 }, (_, i) => `svc-${i}`);
    const config = `apps:\n${apps.map((a) => `  ${a}: { manifest: apps/${a}.yaml, container: web }`).join('\n')}\npolicies:\n  default: { deploy: ["*"] }\n`;
    h = await startHarness({
      files: Object.fromEntries(apps.map((a) => [`apps/${a}.yaml`, deployment(a, 'nginx:1.25.0')])),
      config,
    });
    const harness = h;
    const acks = await Promise.all(
      apps.map((a, i) => harness.command('/deploy', `${a} nginx:1.27.${i}`, { userId: i % 2 ? 'U0ANA' : 'U0BOB' })),
    );
    expect(acks.every((a) => a.status === 200 && a.text.startsWith('Queued'))).toBe(true);
    await h.slack.waitFor(
      () => threadTexts(harness).filter((t) => t.startsWith('Pushed')).length === apps.length && true,
    );
    apps.forEach((a, i) => expect(h?.remote.show(`apps/${a}.yaml`)).toContain(`image: nginx:1.27.${i} #`));
    const log = h.remote.log();
    expect(log).toHaveLength(apps.length + 1);
    expect(new Set(log.slice(0, -1).map((c) => c.subject.split(':')[0]))).toEqual(
      new Set(apps.map((a) => `deploy(${a})`)),
    );
    const pushes = Number(
      /kanaria_git_pushes_total\{outcome="ok"\} (\d+)/.exec(
        await (await fetch(`http://127.0.0.1:${h.port}/metrics`)).text(),
      )?.[1],
    );
    expect(pushes).toBeLessThan(apps.length);
  });
});

describe('buttons', () => {
  it('"Roll back" on a pushed change reverts it as the presser, once however often it is clicked', async () => {
    h = await startHarness({ files, config: CONFIG });
    await h.command('/deploy', 'web nginx:1.27.0');
    const harness = h;
    const pushed = await h.slack.waitFor((calls) =>
      calls.find(
        (c) => c.method === 'chat.postMessage' && c.body['thread_ts'] && String(c.body['text']).startsWith('Pushed'),
      ),
    );
    const blocks = pushed.body['blocks'] as {
      type: string;
      elements?: { action_id: string; value: string; confirm?: unknown }[];
    }[];
    const button = blocks.find((b) => b.type === 'actions')?.elements?.[0];
    expect(button?.action_id).toBe('kanaria:rollback');
    expect(button?.confirm).toBeDefined();

    const press = (userId: string, responseId: string) =>
      postSigned(
        harness.port,
        SIGNING_SECRET,
        buttonPress({
          actionId: 'kanaria:rollback',
          value: button?.value ?? '',
          userId,
          channel: 'C0DEPLOYS',
          messageTs: '1700000000.000099',
          responseUrl: harness.slack.responseUrl(responseId),
        }),
      );

    // Someone outside the policy is refused privately.
    expect((await press('U0EVE', 'eve')).status).toBe(200);
    const refusal = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:eve'));
    expect(String(refusal.body['text'])).toContain('policies.staging.deploy does not include you');

    // A double click by Bob: two presses of the same button, one revert.
    const [first, second] = await Promise.all([press('U0BOB', 'bob1'), press('U0BOB', 'bob2')]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await h.slack.waitFor(() =>
      threadTexts(harness).find((t) => t.startsWith('Pushed') && t.includes('nginx:1.27.0 → nginx:1.25.0')),
    );
    await h.kanaria.drained();
    const log = h.remote.log();
    expect(log).toHaveLength(3);
    expect(log[0]?.subject).toMatch(
      /^rollback\(web\): revert [0-9a-f]{7} "deploy\(web\): nginx:1\.25\.0 → nginx:1\.27\.0"$/,
    );
    expect(log[0]?.body).toContain('Slack-User: U0BOB');
    expect(h.remote.show('apps/web/deployment.yaml')).toBe(files['apps/web/deployment.yaml']);
  });
});
