import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../src/adapters/redis.js';
import { parseConfig } from '../../src/boot/config-file.js';
import { startKanaria, type Kanaria } from '../../src/boot/start.js';
import { FakeSlack, tsOf, type RecordedCall } from '../helpers/fake-slack.js';
import { GitRemote } from '../helpers/git-remote.js';
import { deployment, fixture, SIGNING_SECRET } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { CANARY, RolloutPlayer, STABLE } from '../helpers/rollouts.js';
import { buttonPress, postSigned, slashCommand } from '../helpers/slack-requests.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

const CONFIG = `
apps:
  web: { manifest: apps/web/rollout.yaml, container: web, rollout: { name: web, namespace: shop }, channel: C0WEB }
  shop: { manifest: apps/shop/rollout.yaml, container: web, rollout: { name: shop, namespace: shop }, channel: C0SHOP }
  api-dev: { manifest: apps/api/dev/deployment.yaml, container: web, channel: C0API }
  api-prod: { manifest: apps/api/prod/rollout.yaml, container: web, rollout: { name: api-prod, namespace: shop }, channel: C0API }
pipelines:
  api: { stages: [{ name: dev, app: api-dev }, { name: prod, app: api-prod }] }
policies:
  default: { deploy: ["*"], promote: ["*"] }
`;

/** Revision 31 of the pod template paused at `pause: {}` (step 2/8), waiting for a person. */
const waiting = {
  currentPodHash: CANARY,
  stableRS: STABLE,
  currentStepIndex: 1,
  phase: 'Paused',
  message: 'CanaryPauseStep',
  controllerPause: true,
  abort: false,
  pauseConditions: [{ reason: 'CanaryPauseStep', startTime: new Date().toISOString() }],
};

describe.skipIf(!available)('a canary moved outside Kanaria, with two replicas (real kube-apiserver)', () => {
  let kube: KubeCluster;
  let rollouts: RolloutPlayer;
  let redis: PrivateRedis;
  const slack = new FakeSlack();
  const remote = new GitRemote().seed({
    'apps/web/rollout.yaml': deployment('web', 'nginx:1.25.0'),
    'apps/shop/rollout.yaml': deployment('shop', 'nginx:1.25.0'),
    'apps/api/dev/deployment.yaml': deployment('api', 'nginx:1.25.0'),
    'apps/api/prod/rollout.yaml': deployment('api', 'nginx:1.25.0'),
  });
  const replicas: Kanaria[] = [];
  const dirs: string[] = [];

  const cards = (app: string): RecordedCall[] =>
    slack.calls.filter(
      (c) => /^chat\.(postMessage|update)$/.test(c.method) && String(c.body['text']).startsWith(`Canary \`${app}\``),
    );
  const outside = (channel: string) =>
    slack.calls.filter(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body['channel'] === channel &&
        /outside Kanaria/.test(String(c.body['text'])),
    );
  const cardShows = (app: string, words: string) =>
    cards(app).some((c) => c.method === 'chat.update' && JSON.stringify(c.body['blocks']).includes(words));
  const settle = () => new Promise((r) => setTimeout(r, 1_500));
  /** A Kanaria replica on the shared Redis, remote and cluster, with its own working copy. */
  const startReplica = async (): Promise<Kanaria> => {
    const workdir = mkdtempSync(join(tmpdir(), 'kanaria-work-'));
    dirs.push(workdir);
    return startKanaria({
      config: parseConfig(CONFIG, 'kanaria.yaml'),
      logger: pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }),
      redisUrl: redis.url,
      gitopsUrl: remote.bare,
      workdir,
      port: 0,
      slack: {
        botToken: 'xoxb-test',
        apiUrl: slack.apiUrl,
        botId: 'BKANARIA',
        botUserId: 'UKANARIA',
        signingSecret: SIGNING_SECRET,
      },
      kube: { path: kube.kubeconfig.kanaria },
      jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 200 } },
      // A fetch every 200 ms, so the test need not wait a minute.
      outsideFetchMs: 200,
    });
  };

  beforeAll(async () => {
    kube = await startKube([fixture('argo-rollouts/crds/rollout-crd.yaml')]);
    await bindKanariaRole(kube);
    rollouts = new RolloutPlayer(kube, 'shop');
    const idle = { currentPodHash: STABLE, stableRS: STABLE, currentStepIndex: 8, phase: 'Healthy', message: null };
    await rollouts.create('web', idle);
    await rollouts.create('shop', idle);
    await rollouts.create('api-prod', idle);
    redis = await startPrivateRedis();
    await slack.start();
    slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com' });
    for (let i = 0; i < 2; i++) replicas.push(await startReplica());
    // The first scan only records where the branch stands: history before it is not news.
    const shared = new Redis(redis.url);
    try {
      while ((await shared.get('kanaria:outside:head:main')) === null) await new Promise((r) => setTimeout(r, 100));
    } finally {
      shared.disconnect();
    }
    await settle();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(replicas.map((k) => k.stop()));
    await slack.stop();
    await redis?.stop();
    await kube?.stop();
    remote.remove();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('says once in the channel that a canary was promoted, then aborted, outside Kanaria, and updates its card in place', async () => {
    await rollouts.status('web', waiting);
    await slack.waitFor(() => cards('web').some((c) => c.method === 'chat.postMessage'));

    // `kubectl argo rollouts promote web` (promote.go): the pause cleared on the status subresource, then the spec.
    await rollouts.status('web', { pauseConditions: null });
    await rollouts.spec('web', { paused: false });
    // The controller moves on to the next step.
    await rollouts.status('web', { currentStepIndex: 2, controllerPause: false, phase: 'Progressing', message: null });
    await slack.waitFor(() => outside('C0WEB').length > 0 && cardShows('web', 'Step 3/8'));
    await settle();
    expect(outside('C0WEB').map((c) => c.body['text'])).toEqual([
      ':eyes: `web` canary was promoted to step 3/8 outside Kanaria.',
    ]);

    // `kubectl argo rollouts abort web`, and the controller's answer.
    await rollouts.status('web', { abort: true });
    await rollouts.status('web', {
      phase: 'Degraded',
      message: 'RolloutAborted: Rollout aborted update to revision 31',
    });
    await slack.waitFor(() => outside('C0WEB').length > 1 && cardShows('web', 'Aborted'));
    await settle();
    expect(outside('C0WEB').map((c) => c.body['text'])).toEqual([
      ':eyes: `web` canary was promoted to step 3/8 outside Kanaria.',
      ':eyes: `web` canary was aborted outside Kanaria: traffic is back on the stable version.',
    ]);
    // The card is the one posted, updated in place: no second card.
    expect(cards('web').filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });

  it("does not report Kanaria's own press as made outside it", async () => {
    await rollouts.status('shop', waiting);
    const card = await slack.waitFor(() => cards('shop').find((c) => c.method === 'chat.postMessage'));
    const promote = (
      card.body['blocks'] as {
        type: string;
        elements?: { action_id: string; value: string; text: { text: string } }[];
      }[]
    )
      .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
      .find((b) => b.text.text === 'Promote');
    if (!promote) throw new Error(`no Promote button: ${JSON.stringify(card.body['blocks'])}`);
    const response = await postSigned(
      replicas[1]?.port ?? 0,
      SIGNING_SECRET,
      buttonPress({
        actionId: promote.action_id,
        value: promote.value,
        userId: 'U0ANA',
        channel: 'C0SHOP',
        messageTs: tsOf(card) ?? '',
        responseUrl: slack.responseUrl('press-shop'),
      }),
    );
    expect(response.status).toBe(200);
    await slack.waitFor(() => cardShows('shop', 'by <@U0ANA>'));
    expect((await rollouts.read('shop')).status?.pauseConditions ?? null).toBeNull();
    // The controller moves on to the next step.
    await rollouts.status('shop', { currentStepIndex: 2, controllerPause: false, phase: 'Progressing', message: null });
    await slack.waitFor(() => cardShows('shop', 'Step 3/8'));
    await settle();
    expect(outside('C0SHOP')).toEqual([]);
  });

  it('redraws the posted pipeline card once per move, not once per replica: an outside commit, then an outside promote', async () => {
    const ack = await postSigned(
      replicas[0]?.port ?? 0,
      SIGNING_SECRET,
      slashCommand('/pipeline', 'api', { channel: 'C0API' }),
    );
    expect(ack.status).toBe(200);
    const card = await slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Pipeline `api`')),
    );
    const ts = tsOf(card);
    const updates = () => slack.calls.filter((c) => c.method === 'chat.update' && c.body['ts'] === ts);
    const rowOf = (call: RecordedCall, stage: string): string =>
      (call.body['blocks'] as { type: string; text?: { text: string } }[]).find(
        (b) => b.type === 'section' && b.text?.text.startsWith(`*${stage}*`),
      )?.text?.text ?? '';
    expect(rowOf(card, 'dev')).toContain('Runs `nginx:1.25.0`');

    // Someone pushes to dev's files by hand: both replicas' scans see it, the card is redrawn once.
    remote.commitOutside('api: nginx 1.26', { 'apps/api/dev/deployment.yaml': deployment('api', 'nginx:1.26.0') });
    await slack.waitFor(() => updates().some((c) => rowOf(c, 'dev').includes('Runs `nginx:1.26.0`')));
    await settle();
    expect(updates()).toHaveLength(1);

    // prod's canary reaches its pause, then `kubectl argo rollouts promote api-prod` moves it on.
    await rollouts.status('api-prod', waiting);
    await slack.waitFor(() => updates().some((c) => rowOf(c, 'prod').includes('step 2/8')));
    await settle();
    const paused = updates().length;
    await rollouts.status('api-prod', { pauseConditions: null });
    await rollouts.spec('api-prod', { paused: false });
    await rollouts.status('api-prod', {
      currentStepIndex: 2,
      controllerPause: false,
      phase: 'Progressing',
      message: null,
    });
    await slack.waitFor(() => updates().slice(paused).length >= 2);
    await settle();
    // The promote is two changes of the Rollout (the pause cleared by hand, then the controller's next step): one
    // redraw each, whichever replica saw them first; once per replica would be four.
    const sincePromote = updates().slice(paused);
    expect(sincePromote).toHaveLength(2);
    expect(rowOf(sincePromote[1]!, 'prod')).toContain('Canary: Progressing, step 3/8');
    // Updated in place: never a second card.
    expect(
      slack.calls.filter((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Pipeline `api`')),
    ).toHaveLength(1);
  });

  it("says once in the app's channel a commit made to its files outside Kanaria (one made while every replica was down too), and never Kanaria's own", async () => {
    const said = (channel: string) =>
      slack.calls.filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.body['channel'] === channel &&
          /changed outside Kanaria/.test(String(c.body['text'])),
      );
    expect(said('C0WEB')).toEqual([]);
    const sha = remote.commitOutside('web: nginx 1.26 <!channel>', {
      'apps/web/rollout.yaml': deployment('web', 'nginx:1.26.0'),
    });
    await slack.waitFor(() => said('C0WEB').length > 0);

    // Kanaria's own commit to shop, then one more by hand to web: only the latter is news.
    const ack = await postSigned(
      replicas[0]?.port ?? 0,
      SIGNING_SECRET,
      slashCommand('/deploy', 'shop nginx:1.27.0', { channel: 'C0SHOP' }),
    );
    expect(ack.status).toBe(200);
    await slack.waitFor((calls) =>
      calls.find(
        (c) => c.method === 'chat.postMessage' && /^Pushed `[0-9a-f]{7}`.*apps\/shop/.test(String(c.body['text'])),
      ),
    );
    const second = remote.commitOutside('web: back to 1.25', {
      'apps/web/rollout.yaml': deployment('web', 'nginx:1.25.0'),
    });
    await slack.waitFor(() => said('C0WEB').length > 1);
    await settle();
    expect(said('C0WEB').map((c) => c.body['text'])).toEqual([
      `:eyes: \`web\` changed outside Kanaria: \`${sha.slice(0, 7)}\` by Outsider: web: nginx 1.26 &lt;!channel&gt;`,
      `:eyes: \`web\` changed outside Kanaria: \`${second.slice(0, 7)}\` by Outsider: web: back to 1.25`,
    ]);
    expect(said('C0SHOP')).toEqual([]);

    // Every replica stops; a commit lands meanwhile; a new replica (a new working copy) says it, and only it.
    for (const replica of replicas.splice(0)) await replica.stop();
    const meanwhile = remote.commitOutside('web: 1.26 again', {
      'apps/web/rollout.yaml': deployment('web', 'nginx:1.26.0'),
    });
    replicas.push(await startReplica());
    await slack.waitFor(() => said('C0WEB').length > 2);
    await settle();
    expect(said('C0WEB').map((c) => c.body['text'])).toEqual([
      `:eyes: \`web\` changed outside Kanaria: \`${sha.slice(0, 7)}\` by Outsider: web: nginx 1.26 &lt;!channel&gt;`,
      `:eyes: \`web\` changed outside Kanaria: \`${second.slice(0, 7)}\` by Outsider: web: back to 1.25`,
      `:eyes: \`web\` changed outside Kanaria: \`${meanwhile.slice(0, 7)}\` by Outsider: web: 1.26 again`,
    ]);
  });
});
