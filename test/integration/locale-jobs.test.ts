import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { postSigned, slashCommand } from '../helpers/slack-requests.js';

/** C0JA speaks Japanese to everyone; C0EN and the rest of the workspace speak English. Ken's Slack speaks Japanese. */
const CONFIG = `
gitops: { branch: main }
apps:
  web:
    environment: staging
    manifest: apps/web/deployment.yaml
    container: web
policies:
  default: { deploy: ["*"] }
locale:
  channels: { C0JA: ja }
`;

/**
 * A job that fails speaks to each reader in their language: the change's announcement and thread follow the
 * channel, a private reply follows the requester. Real Bolt receiver with signed requests, real BullMQ on a real
 * redis-server (3 attempts), a GitOps remote that does not exist (every attempt fails).
 */
describe('jobs that fail, told in the reader’s language', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
      config: CONFIG,
      kanaria: { gitopsUrl: '/nonexistent/gitops.git' },
      beforeStart(slack) {
        slack.users.set('U0KEN', { id: 'U0KEN', name: 'Ken Sato', locale: 'ja-JP' });
        slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', locale: 'en-US' });
      },
    });
  });
  afterAll(async () => h?.stop());

  async function ask(user: string, channel: string, command: string, text: string, responseId: string) {
    const body = slashCommand(command, text, { userId: user, channel, responseUrl: h.slack.responseUrl(responseId) });
    expect((await postSigned(h.port, SIGNING_SECRET, body)).status).toBe(200);
  }
  const updatesIn = (channel: string): string[] =>
    h.slack
      .callsTo('chat.update')
      .filter((c) => c.body['channel'] === channel)
      .map((c) => String(c.body['text']));

  it('a change asked for in a Japanese channel is announced, retried and failed in Japanese, whoever asked', async () => {
    await ask('U0ANA', 'C0JA', '/deploy', 'web nginx:1.27.0', 'ja-change');
    const failed = await h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'C0JA' && c.body['thread_ts']),
    );
    expect(String(failed.body['text'])).toMatch(/^:x: /);
    const posted = h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.body['channel'] === 'C0JA' && !c.body['thread_ts']);
    expect(String(posted?.body['text'])).toBe(
      ':hourglass_flowing_sand: <@U0ANA> さんの依頼: `web` を `nginx:1.27.0` にデプロイ: コミットしています…',
    );
    const updates = updatesIn('C0JA');
    expect(updates.some((t) => t.endsWith('再試行します（3回中1回目が失敗）。'))).toBe(true);
    expect(updates.some((t) => t.endsWith('再試行します（3回中2回目が失敗）。'))).toBe(true);
    expect(updates.at(-1)).toMatch(/^:x: <@U0ANA> さんの依頼: `web` を `nginx:1.27.0` にデプロイ: 失敗しました: /);
    expect(updates.join('\n')).not.toMatch(/asked to|Retrying|failed:/);
  });

  it("a Japanese requester's private failure reply is Japanese, while the channel's announcement follows the channel", async () => {
    // A read answers only its requester: after the last attempt, privately, in Ken's language.
    await ask('U0KEN', 'C0EN', '/history', 'web', 'ken-history');
    const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:ken-history'));
    expect(String(reply.body['text'])).toMatch(
      /^:x: 3回試行しましたが、Kanaria は処理を完了できませんでした（.+）。\n数分後にもう一度お試しください。解決しない場合はプラットフォームチームに連絡してください。$/s,
    );

    // His change in an English channel is announced for that channel: in English.
    await ask('U0KEN', 'C0EN', '/deploy', 'web nginx:1.28.0', 'ken-change');
    await h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'C0EN' && c.body['thread_ts']),
    );
    const updates = updatesIn('C0EN');
    expect(updates.some((t) => t.endsWith('Retrying (attempt 1 of 3 failed).'))).toBe(true);
    expect(updates.at(-1)).toMatch(/^:x: <@U0KEN> asked to deploy `web` → `nginx:1.28.0`: failed: /);
    expect(updates.join('\n')).not.toMatch(/[ぁ-んァ-ヶ]/);
  });
});
