import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kanaria } from '../../src/boot/start.js';
import { deployment, SIGNING_SECRET, startHarness, startReplica, type Harness } from '../helpers/harness.js';
import { tsOf, type RecordedCall } from '../helpers/fake-slack.js';
import { buttonPress, postSigned, slashCommand, viewSubmission } from '../helpers/slack-requests.js';
import { announcement, threadOf } from '../helpers/announcements.js';

/**
 * Quorum approvals (policies.<env>.approvals) through Bolt's real HTTP receiver (signed block_actions and
 * view_submission), real Redis and a real bare Git remote. Production needs two of S0PLATFORM (Ana, Bob), Carol
 * and dan@example.com; `hotfix` needs one, and its requests expire after two seconds.
 */
const CONFIG = `
gitops: { branch: main }
apps:
  web: { environment: production, manifest: apps/web/deployment.yaml, container: web }
  api: { environment: production, manifest: apps/api/deployment.yaml, container: web }
  patch: { environment: hotfix, manifest: apps/patch/deployment.yaml, container: web }
  docs: { environment: staging, manifest: apps/docs/deployment.yaml, container: web }
  shop-staging: { environment: staging, manifest: apps/shop/staging.yaml, container: web }
  shop-prod: { environment: production, manifest: apps/shop/prod.yaml, container: web }
pipelines:
  shop: { stages: [shop-staging, shop-prod] }
policies:
  production:
    deploy: ["*"]
    promote: ["*"]
    approvals: { min: 2, from: [S0PLATFORM, U0CAROL, dan@example.com], expiresAfter: 4h }
  hotfix: { deploy: ["*"], promote: ["*"], approvals: { min: 1, from: ["*"], expiresAfter: 2s } }
  default: { deploy: ["*"], promote: ["*"] }
`;
const FILES = {
  ...Object.fromEntries(
    ['web', 'api', 'patch', 'docs'].map((n) => [`apps/${n}/deployment.yaml`, deployment(n, 'nginx:1.25.0')]),
  ),
  'apps/shop/staging.yaml': deployment('shop', 'ghcr.io/acme/shop:1.4.3'),
  'apps/shop/prod.yaml': deployment('shop', 'ghcr.io/acme/shop:1.4.2'),
};

const APPROVE = 'kanaria:quorum-approve';
const REJECT = 'kanaria:quorum-reject';
let responses = 0;

describe('quorum approvals: held in Redis until enough distinct allowed people approve, then committed with them', () => {
  let h: Harness;
  let second: Kanaria | undefined;
  let port: number;

  beforeAll(async () => {
    h = await startHarness({
      files: FILES,
      config: CONFIG,
      beforeStart: (slack) => {
        slack.users.set('U0CAROL', { id: 'U0CAROL', name: 'Carol Ito', email: 'carol@example.com' });
        slack.users.set('U0DAN', { id: 'U0DAN', name: 'Dan Mori', email: 'dan@example.com' });
      },
    });
    port = h.port;
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await h?.stop();
  });

  /** A signed slash command as Ana, to whichever Kanaria runs now; resolves with the private acknowledgement. */
  async function command(name: string, text: string): Promise<string> {
    const body = slashCommand(name, text, { responseUrl: h.slack.responseUrl(`command-${++responses}`) });
    const response = await postSigned(port, SIGNING_SECRET, body);
    expect(response.status).toBe(200);
    return String(((await response.json()) as { text?: string }).text);
  }

  /** The approval request in the thread of the change's announcement. */
  const requestIn = (ts: string) =>
    h.slack.waitFor(() => threadOf(h, ts).find((c) => /approvals? needed from/.test(String(c.body['text']))));

  /** The request message as it reads now (posted once, then updated in place). */
  const cardNow = (request: RecordedCall): string => {
    const last = [...h.slack.calls].reverse().find((c) => c.method === 'chat.update' && c.body['ts'] === tsOf(request));
    return String((last ?? request).body['text']);
  };

  const buttonOf = (message: RecordedCall, actionId: string) => {
    const blocks = (message.body['blocks'] ?? []) as { elements?: { action_id: string; value: string }[] }[];
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
    if (!button) throw new Error(`no ${actionId} button`);
    return button;
  };

  /** Presses a button of the request as `userId` (signed, to whichever Kanaria runs now). */
  async function send(request: RecordedCall, actionId: string, userId: string, responseId: string) {
    const response = await postSigned(
      port,
      SIGNING_SECRET,
      buttonPress({
        actionId,
        value: buttonOf(request, actionId).value,
        userId,
        channel: String(request.body['channel']),
        messageTs: tsOf(request) ?? '',
        responseUrl: h.slack.responseUrl(responseId),
      }),
    );
    expect(response.status).toBe(200);
  }

  /** Presses Approve; resolves with the private reply. */
  async function approve(request: RecordedCall, userId: string): Promise<string> {
    const responseId = `approve-${++responses}`;
    await send(request, APPROVE, userId, responseId);
    const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === `response_url:${responseId}`));
    return String(reply.body['text']);
  }

  /** Presses Reject (a modal opens) and submits `reason` as `userId`; resolves with what the modal then shows. */
  async function reject(request: RecordedCall, userId: string, reason: string): Promise<string> {
    const opened = h.slack.callsTo('views.open').length;
    await send(request, REJECT, userId, `reject-${++responses}`);
    const call = await h.slack.waitFor(() => h.slack.callsTo('views.open')[opened]);
    const view = call.response?.['view'] as Record<string, unknown>;
    expect(view['callback_id']).toBe('kanaria:quorum-reject-reason');
    const response = await postSigned(
      port,
      SIGNING_SECRET,
      viewSubmission({ userId, view, values: { reason: { reason } } }),
    );
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      response_action: string;
      view: { blocks: { text: { text: string } }[] };
    };
    expect(answer.response_action).toBe('update');
    return answer.view.blocks.map((b) => b.text.text).join('\n');
  }

  it('two approvals: the requester and outsiders are refused, a double click counts once, and they survive a restart', async () => {
    const before = h.remote.head();
    expect(await command('/deploy', 'web nginx:1.27.0')).toContain('Queued: deploy `web` → `nginx:1.27.0`');
    const held = await announcement(h, 'deploy `web` → `nginx:1.27.0`', /waiting for 2 approvals/);
    const request = await requestIn(held.ts);
    expect(String(request.body['text'])).toContain(
      '<@U0ANA> asks to deploy `web` → `nginx:1.27.0` in production: 2 approvals needed from `policies.production.approvals.from`',
    );
    expect(cardNow(request)).toContain('0 of 2 so far');

    expect(await approve(request, 'U0ANA')).toContain(
      'You asked for this change: someone else must approve or reject it.',
    );
    expect(await approve(request, 'U0EVE')).toContain(
      'Only people in `policies.production.approvals.from` may approve or reject changes in production.',
    );
    expect(await approve(request, 'U0BOB')).toContain(
      'Approved (1 of 2): deploy `web` → `nginx:1.27.0` waits for 1 more.',
    );
    expect(cardNow(request)).toContain('1 of 2: <@U0BOB>');
    expect(await approve(request, 'U0BOB')).toContain('Your approval is already counted (1 of 2).');
    expect(h.remote.head()).toBe(before);

    // A restart between the first and the second approval: the request and its approvals are in Redis.
    await h.kanaria.stop();
    second = await startReplica(h, CONFIG);
    port = second.port ?? 0;

    expect(await approve(request, 'U0CAROL')).toContain('Approved (2 of 2): deploy `web` → `nginx:1.27.0` goes ahead');
    await announcement(h, 'deploy `web` → `nginx:1.27.0`', /pushed/);
    expect(cardNow(request)).toContain('Approved (2 of 2: <@U0BOB>, <@U0CAROL>)');
    const [commit] = h.remote.log();
    expect(commit?.subject).toBe('deploy(web): nginx:1.25.0 → nginx:1.27.0');
    expect(commit?.author).toBe('Ana Lima <ana@example.com>');
    const trailers = commit?.body.split('\n').filter((line) => line.startsWith('Approved-by:'));
    expect(trailers).toEqual([
      'Approved-by: Bob Stone (Slack user U0BOB)',
      'Approved-by: Carol Ito <carol@example.com> (Slack user U0CAROL)',
    ]);
    expect(commit?.body).toContain('Slack-User: U0ANA');

    // A third allowed person (by e-mail) after the commit: answered, nothing more committed.
    expect(await approve(request, 'U0DAN')).toContain(
      'Already approved (<@U0BOB>, <@U0CAROL>) and handed over to be committed',
    );
    expect(h.remote.log().filter((c) => c.subject.startsWith('deploy(web)'))).toHaveLength(1);
  }, 90_000);

  it('Reject asks for a reason in a modal; the rejection ends the request, in the thread and the announcement', async () => {
    const before = h.remote.show('apps/api/deployment.yaml');
    await command('/deploy', 'api nginx:1.27.0');
    const held = await announcement(h, 'deploy `api`', /waiting for 2 approvals/);
    const request = await requestIn(held.ts);
    expect(await approve(request, 'U0BOB')).toContain('Approved (1 of 2)');

    // Where no modal can open (the terminal presses buttons through the dispatcher), Reject says what to type.
    const { value } = buttonOf(request, REJECT);
    const typed = await (second ?? h.kanaria).dispatcher.action({
      actionId: REJECT,
      value,
      userId: 'U0CAROL',
      channel: 'C0DEPLOYS',
      requestId: 'terminal-reject',
    });
    expect(typed.text).toContain(`A rejection needs a reason.`);
    expect(typed.text).toContain(`/reject ${(JSON.parse(value) as { id: string }).id} "`);

    expect(await reject(request, 'U0ANA', 'never mind')).toContain('You asked for this change');
    expect(await reject(request, 'U0EVE', 'I do not like it')).toContain(
      'Only people in `policies.production.approvals.from`',
    );
    expect(await reject(request, 'U0CAROL', 'staging still shows the "5xx" spike')).toContain(
      'Rejected: deploy `api` → `nginx:1.27.0` will not be committed.',
    );

    const ended = await announcement(h, 'deploy `api`', /rejected by/);
    expect(ended.text).toContain("rejected by <@U0CAROL>: staging still shows the '5xx' spike");
    const reply = await h.slack.waitFor(() =>
      threadOf(h, held.ts).find((c) => String(c.body['text']).includes('rejected deploy `api`')),
    );
    expect(String(reply.body['text'])).toContain(
      "<@U0CAROL> rejected deploy `api` → `nginx:1.27.0`: staging still shows the '5xx' spike",
    );
    expect(cardNow(request)).toContain('Rejected by <@U0CAROL>');

    expect(await approve(request, 'U0DAN')).toContain('This request was already rejected by <@U0CAROL>');
    expect(h.remote.show('apps/api/deployment.yaml')).toBe(before);
  }, 60_000);

  it('a request expires after expiresAfter with a message; a press after it is refused and nothing is committed', async () => {
    const before = h.remote.show('apps/patch/deployment.yaml');
    await command('/deploy', 'patch nginx:1.27.0');
    const held = await announcement(h, 'deploy `patch`', /waiting for 1 approval |expired/);
    const request = await requestIn(held.ts);
    expect(String(request.body['text'])).toContain(
      'in hotfix: 1 approval needed from `policies.hotfix.approvals.from`',
    );
    await announcement(h, 'deploy `patch`', /expired: not enough approvals in time/);
    const reply = await h.slack.waitFor(() =>
      threadOf(h, held.ts).find((c) => String(c.body['text']).includes('expired')),
    );
    expect(String(reply.body['text'])).toContain(
      'The approval request for deploy `patch` → `nginx:1.27.0` expired with 0 of 1 approvals.',
    );
    expect(await approve(request, 'U0BOB')).toContain('This approval request has expired');
    expect(h.remote.show('apps/patch/deployment.yaml')).toBe(before);
  }, 60_000);

  it('a promotion into production waits for the same quorum, then carries Promoted-From and Approved-by', async () => {
    await command('/promote', 'shop production');
    const held = await announcement(h, 'promote `shop` staging → production', /waiting for 2 approvals/);
    const request = await requestIn(held.ts);
    expect(h.remote.show('apps/shop/prod.yaml')).toContain('ghcr.io/acme/shop:1.4.2');
    expect(await approve(request, 'U0BOB')).toContain('Approved (1 of 2)');
    expect(await approve(request, 'U0DAN')).toContain('Approved (2 of 2)');
    await announcement(h, 'promote `shop` staging → production', /pushed/);
    expect(h.remote.show('apps/shop/prod.yaml')).toContain('ghcr.io/acme/shop:1.4.3');
    const [commit] = h.remote.log();
    expect(commit?.subject).toMatch(/^promote\(shop-prod\): staging → production /);
    expect(commit?.body).toMatch(/^Promoted-From: staging [0-9a-f]{40}$/m);
    expect(commit?.body.split('\n').filter((line) => line.startsWith('Approved-by:'))).toEqual([
      'Approved-by: Bob Stone (Slack user U0BOB)',
      'Approved-by: Dan Mori <dan@example.com> (Slack user U0DAN)',
    ]);
  }, 60_000);

  it('scaling up waits for approvals too; scaling down and environments without approvals are committed at once', async () => {
    await command('/scale', 'web 5');
    await announcement(h, 'scale `web` to 5', /waiting for 2 approvals/);
    await command('/deploy', 'docs nginx:1.27.0');
    await announcement(h, 'deploy `docs`', /pushed/);
    await command('/scale', 'web 1');
    await announcement(h, 'scale `web` to 1', /pushed/);
    expect(h.remote.show('apps/web/deployment.yaml')).toContain('replicas: 1');
  });
});
