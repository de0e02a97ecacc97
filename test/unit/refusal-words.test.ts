import { describe, expect, it } from 'vitest';
import { QueueUnavailable } from '../../src/adapters/bull-queue.js';
import { describeChange } from '../../src/blocks/changes.js';
import { Forbidden } from '../../src/dispatch/command.js';
import { errorReply } from '../../src/dispatch/dispatcher.js';
import { UnknownApp } from '../../src/domain/apps.js';
import { NoClusterAccess } from '../../src/domain/errors.js';
import { explain, wordsFor, type Explanation, type Locale } from '../../src/i18n/index.js';
import type { Change } from '../../src/queues/gitops.js';

const en = wordsFor('en');
const ja = wordsFor('ja');
const apps = (n: number) => Array.from({ length: n }, (_, i) => `app-${i + 1}`);

describe('an unknown app, as a person reads it', () => {
  it.each<[string, UnknownApp, Locale, Explanation]>([
    [
      'no suggestion',
      new UnknownApp('zzz', [], ['web', 'api']),
      'en',
      { message: "There is no app `zzz` in Kanaria's configuration.", hint: 'Known apps: web, api.' },
    ],
    [
      'three suggestions',
      new UnknownApp('ap', ['api', 'app', 'apq'], ['api', 'app', 'apq']),
      'en',
      {
        message: "There is no app `ap` in Kanaria's configuration. Did you mean `api` or `app` or `apq`?",
        hint: 'Known apps: api, app, apq.',
      },
    ],
    [
      'more than twenty known apps',
      new UnknownApp('x', [], apps(23)),
      'en',
      {
        message: "There is no app `x` in Kanaria's configuration.",
        hint: `Known apps: ${apps(20).join(', ')} and 3 more.`,
      },
    ],
    [
      'no app configured',
      new UnknownApp('web', [], []),
      'en',
      {
        message: "There is no app `web` in Kanaria's configuration.",
        hint: 'No apps are configured yet: add them under `apps:` in kanaria.yaml.',
      },
    ],
    [
      'two suggestions, in Japanese',
      new UnknownApp('ap', ['api', 'app'], ['api', 'app']),
      'ja',
      {
        message: 'Kanaria の設定に `ap` というアプリはありません。 `api` または `app` のことですか？',
        hint: '設定済みのアプリ: api、app',
      },
    ],
    [
      'more than twenty known apps, in Japanese',
      new UnknownApp('x', [], apps(21)),
      'ja',
      {
        message: 'Kanaria の設定に `x` というアプリはありません。',
        hint: `設定済みのアプリ: ${apps(20).join('、')} ほか1件`,
      },
    ],
    [
      'what was typed, never read as a placeholder or a nested message',
      new UnknownApp('$t(dispatch.seeHelp){{name}}', [], ['web']),
      'en',
      {
        message: "There is no app `$t(dispatch.seeHelp){{name}}` in Kanaria's configuration.",
        hint: 'Known apps: web.',
      },
    ],
    [
      'what was typed, quoted harmlessly',
      new UnknownApp('<!channel>`', [], ['web']),
      'en',
      { message: "There is no app `&lt;!channel&gt;ˋ` in Kanaria's configuration.", hint: 'Known apps: web.' },
    ],
  ])('%s', (_, error, locale, expected) => {
    expect(explain(wordsFor(locale), error)).toEqual(expected);
    expect(error.code).toBe('unknown-app');
  });
});

describe('other refusals of the command path', () => {
  it.each<[string, Forbidden | NoClusterAccess | QueueUnavailable, Locale, string]>([
    [
      'a policy rule that leaves the person out',
      new Forbidden('promote', 'production', 'policies.production.promote'),
      'en',
      ':x: You may not promote to production: policies.production.promote does not include you.\nAsk someone listed there, or a Kanaria admin to change the policy in kanaria.yaml.',
    ],
    [
      'no policy for the environment',
      new Forbidden('deploy', 'qa', undefined),
      'en',
      ':x: You may not deploy to qa: no policy covers environment "qa" (add policies.qa or policies.default) does not include you.\nAsk someone listed there, or a Kanaria admin to change the policy in kanaria.yaml.',
    ],
    [
      'no policy for the environment, in Japanese',
      new Forbidden('deploy', 'qa', undefined),
      'ja',
      ':x: qa へデプロイする権限がありません: 環境 "qa" を対象とするポリシーがありません（policies.qa か policies.default を追加してください）。\nそこに含まれている人に依頼するか、Kanaria の管理者に kanaria.yaml のポリシーを変更してもらってください。',
    ],
    [
      'no cluster access to sync',
      new NoClusterAccess('sync'),
      'en',
      ':x: Kanaria has no access to the Kubernetes API, so it cannot ask Argo CD to sync.\nRun it in the cluster with its ServiceAccount, or set KUBECONFIG.',
    ],
    [
      'no cluster access to read GPUs, in Japanese',
      new NoClusterAccess('readGpu'),
      'ja',
      ':x: Kanaria は Kubernetes API にアクセスできないため、GPU の容量を読み取れません。\nクラスタ内で ServiceAccount を使って実行するか、KUBECONFIG を設定してください。',
    ],
    [
      'Redis away for a change',
      new QueueUnavailable('gitops'),
      'en',
      ':x: Kanaria cannot reach its Redis queue, so your change was NOT queued and nothing was changed.\nTry again in a minute; if it persists, ask the platform team to check Redis (REDIS_URL).',
    ],
    [
      'Redis away for a read: not "your change"',
      new QueueUnavailable('reads'),
      'en',
      ':x: Kanaria cannot reach its Redis queue, so your request was NOT queued and nothing was changed.\nTry again in a minute; if it persists, ask the platform team to check Redis (REDIS_URL).',
    ],
    [
      'Redis away for a sync, in Japanese',
      new QueueUnavailable('reconcile'),
      'ja',
      ':x: Kanaria は Redis のキューに接続できないため、変更はキューに入っておらず、何も変更されていません。\n1分ほどしてからもう一度お試しください。解決しない場合は、プラットフォームチームに Redis (REDIS_URL) の確認を依頼してください。',
    ],
  ])('%s', (_, error, locale, expected) => {
    expect(errorReply(error, 'ref12345', wordsFor(locale)).text).toBe(expected);
  });

  it('answers an error of its own with the reference, in either language', () => {
    expect(errorReply(new Error('boom'), 'ab12cd34', en).text).toBe(
      ':warning: Something went wrong inside Kanaria and nothing was queued (reference `ab12cd34`). Please try again; if it persists, tell the platform team.',
    );
    expect(errorReply(new Error('boom'), 'ab12cd34', ja).text).toContain('（参照番号 `ab12cd34` ）');
  });
});

describe('describeChange', () => {
  it.each<[Change, string, string]>([
    [
      { kind: 'deploy', app: 'web', image: 'nginx:1.27.0' },
      'deploy `web` → `nginx:1.27.0`',
      '`web` を `nginx:1.27.0` にデプロイ',
    ],
    [{ kind: 'scale', app: 'web', replicas: 1 }, 'scale `web` to 1 replica', '`web` を 1 レプリカにスケール'],
    [{ kind: 'scale', app: 'web', replicas: 0 }, 'scale `web` to 0 replicas', '`web` を 0 レプリカにスケール'],
    [{ kind: 'scale', app: 'web', replicas: 5 }, 'scale `web` to 5 replicas', '`web` を 5 レプリカにスケール'],
    [
      { kind: 'rollback', app: 'web' },
      'roll back `web` (its last Kanaria change)',
      '`web` をロールバック（Kanaria による直近の変更）',
    ],
    [
      { kind: 'rollback', app: 'web', commit: 'abcdef0123456789' },
      'roll back `web` (revert `abcdef0`)',
      '`web` をロールバック（ `abcdef0` を revert）',
    ],
  ])('%j', (change, english, japanese) => {
    expect(describeChange(en, change)).toBe(english);
    expect(describeChange(ja, change)).toBe(japanese);
  });
});
