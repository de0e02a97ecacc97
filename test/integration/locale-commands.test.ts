import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLLBACK_ACTION } from '../../src/blocks/gitops.js';
import { deployment, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { startPrivateRedis } from '../../src/adapters/redis.js';
import { buttonPress, postSigned, slashCommand } from '../helpers/slack-requests.js';

/** `web` runs in staging, where anyone may deploy; `api` in production, where only U0BOSS may. */
const CONFIG = `
gitops: { branch: main }
apps:
  web:
    environment: staging
    manifest: apps/web/deployment.yaml
    container: web
  api:
    environment: production
    manifest: apps/api/deployment.yaml
    container: api
policies:
  staging: { deploy: ["*"], promote: ["*"] }
  production: { deploy: ["U0BOSS"], promote: ["U0BOSS"] }
locale:
  channels: { C0JA: ja }
`;

describe("commands answer in the requester's language, over Bolt HTTP with signed requests", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      files: {
        'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0'),
        'apps/api/deployment.yaml': deployment('api', 'nginx:1.25.0'),
      },
      config: CONFIG,
      beforeStart(slack) {
        slack.users.set('U0KEN', { id: 'U0KEN', name: 'Ken Sato', locale: 'ja-JP' });
        slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', locale: 'en-US' });
      },
    });
  });
  afterAll(async () => h?.stop());

  /** A signed slash command from `user` in `channel`; the private acknowledgement's text. */
  async function ask(user: string, command: string, text: string, channel = 'C0EN'): Promise<string> {
    const body = slashCommand(command, text, { userId: user, channel, responseUrl: h.slack.responseUrl('r') });
    const response = await postSigned(h.port, SIGNING_SECRET, body);
    expect(response.status).toBe(200);
    return ((await response.json()) as { text: string }).text;
  }

  it('acknowledges /deploy in Japanese to a Japanese user, and in the English of today to an English one', async () => {
    expect(await ask('U0KEN', '/deploy', 'web nginx:1.27.0')).toBe(
      'キューに入れました: `web` を `nginx:1.27.0` にデプロイ',
    );
    expect(await ask('U0ANA', '/deploy', 'web nginx:1.28.0', 'C0JA')).toBe('Queued: deploy `web` → `nginx:1.28.0`.');
    expect(await ask('U0KEN', '/deploy', 'web nginx:1.29.0 --dry-run')).toBe(
      '`web` を `nginx:1.29.0` にデプロイ のドライラン: 差分をここに表示します。何もコミットしません。',
    );
    expect(await ask('U0KEN', '/history', 'web 3')).toBe('`web` の履歴を調べています…');
    await h.kanaria.drained();
    expect(h.remote.log().filter((c) => c.subject.startsWith('deploy(web)'))).toHaveLength(2);
  });

  it('refuses an unknown app in Japanese, with the closest name and the known apps', async () => {
    const before = h.remote.log().length;
    expect(await ask('U0KEN', '/deploy', 'wbe nginx:1.27.0')).toBe(
      ':x: Kanaria の設定に `wbe` というアプリはありません。 `web` のことですか？\n設定済みのアプリ: web、api',
    );
    expect(await ask('U0ANA', '/deploy', 'wbe nginx:1.27.0')).toBe(
      ":x: There is no app `wbe` in Kanaria's configuration. Did you mean `web`?\nKnown apps: web, api.",
    );
    expect(h.remote.log()).toHaveLength(before);
  });

  it('refuses a forbidden deploy in Japanese, naming the rule; in English as today', async () => {
    const before = h.remote.log().length;
    expect(await ask('U0KEN', '/deploy', 'api nginx:1.27.0')).toBe(
      ':x: production へデプロイする権限がありません: policies.production.deploy にあなたが含まれていません。\n' +
        'そこに含まれている人に依頼するか、Kanaria の管理者に kanaria.yaml のポリシーを変更してもらってください。',
    );
    expect(await ask('U0ANA', '/deploy', 'api nginx:1.27.0')).toBe(
      ':x: You may not deploy to production: policies.production.deploy does not include you.\n' +
        'Ask someone listed there, or a Kanaria admin to change the policy in kanaria.yaml.',
    );
    await h.kanaria.drained();
    expect(h.remote.log()).toHaveLength(before);
  });

  it('refuses a bad image and a bad replica count in Japanese', async () => {
    expect(await ask('U0KEN', '/deploy', 'web nginx')).toBe(
      ':x: `nginx` にはタグもダイジェストもないため、Argo CD は変更を検知できません。\n' +
        'バージョンを固定してください。例: `nginx:1.2.3` 、 `nginx@sha256:…`',
    );
    expect(await ask('U0KEN', '/deploy', 'web Nginx/App:1')).toBe(
      ':x: `Nginx/App:1` は有効なイメージ参照ではありません: `App` は小文字の英字と数字を `.` 、 `_` 、 `__` 、 `-` で区切ったものにしてください。\n' +
        '`repository[:tag][@sha256:<64 hex>]` の形式で指定してください。例: `nginx:1.27.0` 、 `ghcr.io/acme/llm-api@sha256:…`',
    );
    expect(await ask('U0KEN', '/scale', 'web lots')).toMatch(
      /^:x: `lots` は `web` のレプリカ数として無効です: \d+ から \d+ までの整数を指定してください。\n例: `\/scale web \d+`$/,
    );
  });

  it('answers a button it cannot read in the presser’s language', async () => {
    const press = (user: string, responseId: string) =>
      postSigned(
        h.port,
        SIGNING_SECRET,
        buttonPress({
          actionId: ROLLBACK_ACTION,
          value: '{"app":"web","commit":"not a commit"}',
          userId: user,
          channel: 'C0EN',
          messageTs: '1712345678.000100',
          responseUrl: h.slack.responseUrl(responseId),
        }),
      );
    const privately = async (responseId: string) =>
      String(
        (await h.slack.waitFor((calls) => calls.find((c) => c.method === `response_url:${responseId}`))).body['text'],
      );
    expect((await press('U0KEN', 'ja-press')).status).toBe(200);
    expect((await press('U0ANA', 'en-press')).status).toBe(200);
    expect(await privately('ja-press')).toBe(
      ':x: このボタンのデータを Kanaria が読み取れません。スラッシュコマンドを使ってください。',
    );
    expect(await privately('en-press')).toBe(
      ':x: This button carries data Kanaria cannot read; use the slash command instead.',
    );
  });

  it('refuses a press without a user in the language of its channel, there being no person to ask', async () => {
    const form = new URLSearchParams(
      buttonPress({
        actionId: ROLLBACK_ACTION,
        value: '{"app":"web","commit":"abcdef0"}',
        userId: 'U0KEN',
        channel: 'C0JA',
        messageTs: '1712345678.000200',
        responseUrl: h.slack.responseUrl('no-user'),
      }),
    );
    const payload = JSON.parse(form.get('payload') ?? '{}') as Record<string, unknown>;
    payload['user'] = {};
    form.set('payload', JSON.stringify(payload));
    const before = h.remote.log().length;
    expect((await postSigned(h.port, SIGNING_SECRET, form.toString())).status).toBe(200);
    const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:no-user'));
    expect(String(reply.body['text'])).toBe(
      ':x: Slack から送信者が伝えられなかったため、Kanaria は権限を確認できません。何もキューに入れていません。\n' +
        'Slack からもう一度お試しください。繰り返し起きる場合はプラットフォームチームに連絡してください: リクエストが Slack の送る形式で届いていません。',
    );
    await h.kanaria.drained();
    expect(h.remote.log()).toHaveLength(before);
  });
});

describe('Redis away: the "NOT queued" answer in the requester\'s language', () => {
  let h: Harness | undefined;
  afterAll(async () => h?.stop());

  it('tells a Japanese user their change was not queued, an English one that their read (a request, not a change) was not; nothing changes', async () => {
    const redis = await startPrivateRedis();
    h = await startHarness({
      files: {
        'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0'),
        'apps/api/deployment.yaml': deployment('api', 'nginx:1.25.0'),
      },
      config: CONFIG,
      redis,
      beforeStart(slack) {
        slack.users.set('U0KEN', { id: 'U0KEN', name: 'Ken Sato', locale: 'ja-JP' });
      },
    });
    await redis.stop();
    const ken = await h.command('/deploy', 'web nginx:1.27.0', { userId: 'U0KEN' });
    expect(ken.text).toBe(
      ':x: Kanaria は Redis のキューに接続できないため、変更はキューに入っておらず、何も変更されていません。\n' +
        '1分ほどしてからもう一度お試しください。解決しない場合は、プラットフォームチームに Redis (REDIS_URL) の確認を依頼してください。',
    );
    const ana = await h.command('/history', 'web', { userId: 'U0ANA' });
    expect(ana.text).toBe(
      ':x: Kanaria cannot reach its Redis queue, so your request was NOT queued and nothing was changed.\n' +
        'Try again in a minute; if it persists, ask the platform team to check Redis (REDIS_URL).',
    );
    expect(h.remote.log()).toHaveLength(1);
  });
});
