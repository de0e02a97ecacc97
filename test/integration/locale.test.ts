import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { postSigned, slashCommand } from '../helpers/slack-requests.js';

/** The channel C0JA speaks Japanese to everyone; C0EN and the rest of the workspace speak English. */
const CONFIG = `
gitops: { branch: main }
apps:
  web:
    environment: staging
    manifest: apps/web/deployment.yaml
    container: web
    channel: C0JA
policies:
  default: { deploy: ["*"], promote: ["*"] }
locale:
  channels: { C0JA: ja }
`;

describe("replies in the requester's language, over Bolt HTTP with signed requests", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
      config: CONFIG,
      beforeStart(slack) {
        slack.users.set('U0KEN', { id: 'U0KEN', name: 'Ken Sato', locale: 'ja-JP' });
        slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', locale: 'en-US' });
        slack.users.set('U0LEA', { id: 'U0LEA', name: 'Léa Martin', locale: 'fr-FR' });
      },
    });
  });
  afterAll(async () => h?.stop());

  /** A signed slash command from `user` in `channel`; the private acknowledgement's text. */
  async function ask(user: string, channel: string, command: string, text: string): Promise<string> {
    const body = slashCommand(command, text, { userId: user, channel, responseUrl: h.slack.responseUrl('r') });
    const response = await postSigned(h.port, SIGNING_SECRET, body);
    expect(response.status).toBe(200);
    return ((await response.json()) as { text: string }).text;
  }

  it('a person whose Slack speaks Japanese reads /kanaria help in Japanese, commands and flags as typed', async () => {
    const help = await ask('U0KEN', 'C0EN', '/kanaria', 'help');
    expect(help).toContain('*Kanaria* はGitOpsリポジトリへのコミットを通じて、クラスタで動くものを変更します。');
    expect(help).toContain(
      '• `/deploy <app> <image[:tag][@digest]> [--dry-run] [--when-open] [--override "<reason>"]` — アプリのコンテナのイメージを変更します（GitOpsリポジトリへのコミット）。例: `/deploy example-app nginx:1.27.0`',
    );
    expect(help).toContain('`--dry-run`');
    expect(help).not.toMatch(/Set the image|e\.g\./);
  });

  it('a person whose Slack speaks English reads it in English, even in a Japanese channel', async () => {
    const help = await ask('U0ANA', 'C0JA', '/kanaria', 'help');
    expect(help).toContain('*Kanaria* changes what runs on the cluster through commits to the GitOps repo.');
    expect(help).toContain(
      '• `/deploy <app> <image[:tag][@digest]> [--dry-run] [--when-open] [--override "<reason>"]` — Set the image of an app\'s container',
    );
    expect(help).not.toMatch(/[ぁ-んァ-ヶ]/);
  });

  it('a language Kanaria does not speak falls back to the channel’s', async () => {
    expect(await ask('U0LEA', 'C0JA', '/kanaria', 'help')).toContain('このヘルプを表示します');
    expect(await ask('U0LEA', 'C0EN', '/kanaria', 'help')).toContain('Show this help');
  });

  it('a grammar error is answered in the requester’s language, and nothing is queued', async () => {
    const before = h.remote.log().length;
    expect(await ask('U0KEN', 'C0EN', '/deploy', 'web')).toBe(
      ':x: 引数が足りません。\n使い方: `/deploy <app> <image[:tag][@digest]> [--dry-run] [--when-open] [--override "<reason>"]` 例: `/deploy example-app nginx:1.27.0`',
    );
    expect(await ask('U0KEN', 'C0EN', '/deploy', 'web nginx:1.27.0 --force')).toMatch(
      /^:x: `--force` というオプションはありません。\n使い方: /,
    );
    expect(await ask('U0ANA', 'C0JA', '/deploy', 'web')).toBe(
      ':x: Missing argument.\nUsage: `/deploy <app> <image[:tag][@digest]> [--dry-run] [--when-open] [--override "<reason>"]`, e.g. `/deploy example-app nginx:1.27.0`',
    );
    expect(h.remote.log()).toHaveLength(before);
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it("a change's announcement and its thread speak the channel's language, whoever asked", async () => {
    // Ana reads Slack in English, but the announcement is for everyone in C0JA.
    await ask('U0ANA', 'C0JA', '/deploy', 'web nginx:1.27.0');
    const pushed = await h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && c.body['thread_ts'] && c.body['channel'] === 'C0JA'),
    );
    const sha = h.remote.log()[0]?.sha.slice(0, 7);
    expect(String(pushed.body['text'])).toBe(
      `\`${sha}\` を \`main\` にプッシュしました: \`apps/web/deployment.yaml\` の nginx:1.25.0 → nginx:1.27.0`,
    );
    const button = JSON.stringify(pushed.body['blocks']);
    expect(button).toContain('"text":"ロールバック"');
    expect(button).toContain('"text":"web をロールバックしますか？"');
    expect(button).toContain('"action_id":"kanaria:rollback"');
    const announced = h.slack
      .callsTo('chat.update')
      .map((c) => String(c.body['text']))
      .at(-1);
    expect(announced).toBe(
      `:white_check_mark: <@U0ANA> さんの依頼: \`web\` を \`nginx:1.27.0\` にデプロイ: \`${sha}\` を \`main\` にプッシュしました`,
    );
  });

  it('a channel without a language of its own gets English', async () => {
    await ask('U0KEN', 'C0EN', '/deploy', 'web nginx:1.28.0');
    const pushed = await h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && c.body['thread_ts'] && c.body['channel'] === 'C0EN'),
    );
    expect(String(pushed.body['text'])).toMatch(/^Pushed `[0-9a-f]{7}` to `main`: /);
  });
});
