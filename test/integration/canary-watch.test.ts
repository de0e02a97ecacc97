import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { postSigned, slashCommand } from '../helpers/slack-requests.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

const CONFIG = `
apps:
  web: { manifest: apps/web/rollout.yaml, container: web, rollout: { name: web, namespace: shop }, channel: C0WEB }
  shop: { manifest: apps/shop/rollout.yaml, container: web, rollout: { name: shop, namespace: shop }, channel: C0SHOP }
  api: { manifest: apps/api/rollout.yaml, container: web, rollout: { name: api, namespace: shop }, channel: C0API }
policies:
  default: { deploy: ["*"], promote: ["*"] }
`;

/** Stable and idle: the new version is the stable one. */
const idle = {
  currentPodHash: STABLE,
  stableRS: STABLE,
  currentStepIndex: 8,
  phase: 'Healthy',
  message: null,
  pauseConditions: null,
  controllerPause: false,
  abort: false,
};
/** Revision 32 of the pod template paused at `pause: {}` waiting for a person. */
/** Conditions as a controller that writes no status.phase leaves them (the fixture's, at the times it captured). */
const condition = (type: string, status: string, reason: string, message: string) => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: '2019-10-28T04:52:55Z',
  lastUpdateTime: '2019-10-28T04:52:55Z',
});
const AVAILABLE = condition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability');
const UPDATING = condition(
  'Progressing',
  'True',
  'ReplicaSetUpdated',
  `ReplicaSet "canary-demo-${CANARY}" is progressing.`,
);
const TIMED_OUT = condition(
  'Progressing',
  'False',
  'ProgressDeadlineExceeded',
  `ReplicaSet "canary-demo-${CANARY}" has timed out progressing.`,
);
const phaseless = (conditions: unknown[]) => ({
  phase: null,
  message: null,
  currentPodHash: CANARY,
  stableRS: STABLE,
  currentStepIndex: 0,
  replicas: 6,
  updatedReplicas: 1,
  availableReplicas: 5,
  conditions,
});
const waiting = (step = 1) => ({
  currentPodHash: CANARY,
  stableRS: STABLE,
  currentStepIndex: step,
  phase: 'Paused',
  message: 'CanaryPauseStep',
  controllerPause: true,
  pauseConditions: [{ reason: 'CanaryPauseStep', startTime: new Date().toISOString() }],
});

describe.skipIf(!available)('the Rollout watch in two replicas, and /rollback mid-canary (real kube-apiserver)', () => {
  let kube: KubeCluster;
  let rollouts: RolloutPlayer;
  let redis: PrivateRedis;
  const slack = new FakeSlack();
  const remote = new GitRemote().seed({
    'apps/web/rollout.yaml': deployment('web', 'nginx:1.25.0'),
    'apps/shop/rollout.yaml': deployment('shop', 'nginx:1.25.0'),
    'apps/api/rollout.yaml': deployment('api', 'nginx:1.25.0'),
  });
  const replicas: Kanaria[] = [];
  const dirs: string[] = [];

  const cards = (app: string): RecordedCall[] =>
    slack.calls.filter(
      (c) => /^chat\.(postMessage|update)$/.test(c.method) && String(c.body['text']).startsWith(`Canary \`${app}\``),
    );
  const posts = (channel: string, pattern: RegExp) =>
    slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel && pattern.test(String(c.body['text'])),
    );
  const settle = () => new Promise((r) => setTimeout(r, 1_000));

  beforeAll(async () => {
    kube = await startKube([fixture('argo-rollouts/crds/rollout-crd.yaml')]);
    await bindKanariaRole(kube);
    rollouts = new RolloutPlayer(kube, 'shop');
    await rollouts.create('web', idle);
    await rollouts.create('shop', idle);
    await rollouts.create('api', idle);
    redis = await startPrivateRedis();
    await slack.start();
    slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com' });
    for (let i = 0; i < 2; i++) {
      const workdir = mkdtempSync(join(tmpdir(), 'kanaria-work-'));
      dirs.push(workdir);
      replicas.push(
        await startKanaria({
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
        }),
      );
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

  it('posts the card once when a canary waits for a person, updates it in place as it moves, alerts once on abort and says once when it is Healthy', async () => {
    await rollouts.status('web', { ...waiting(1) });
    await slack.waitFor(() => cards('web').length > 0);
    await settle();
    const posted = cards('web').filter((c) => c.method === 'chat.postMessage');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body['channel']).toBe('C0WEB');
    expect(JSON.stringify(posted[0]?.body['blocks'])).toContain('Step 2/8: `pause`');

    // The controller moves on to the next step: the same card, updated.
    await rollouts.status('web', {
      currentStepIndex: 2,
      pauseConditions: null,
      controllerPause: false,
      phase: 'Progressing',
      message: null,
    });
    await slack.waitFor(() =>
      cards('web').some(
        (c) => c.method === 'chat.update' && JSON.stringify(c.body['blocks']).includes('Step 3/8: `setWeight 40`'),
      ),
    );
    // A timed pause (step 4 is `pause 10s`) needs no person: no new card.
    await rollouts.status('web', {
      currentStepIndex: 3,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: new Date().toISOString() }],
      controllerPause: true,
      phase: 'Paused',
    });
    // The watch saw it (the card moved to step 4), and posted no new card for it.
    await slack.waitFor(() =>
      cards('web').some((c) => c.method === 'chat.update' && JSON.stringify(c.body['blocks']).includes('Step 4/8')),
    );
    await settle();
    expect(cards('web').filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);

    await rollouts.status('web', {
      abort: true,
      phase: 'Degraded',
      message: 'RolloutAborted: Rollout aborted update to revision 31',
      pauseConditions: null,
      controllerPause: false,
    });
    await slack.waitFor(() => posts('C0WEB', /was \*aborted\*/).length > 0);
    await rollouts.status('web', { ...idle, abort: false });
    await slack.waitFor(() => posts('C0WEB', /is \*Healthy\*: the rollout is complete/).length > 0);
    await settle();
    expect(posts('C0WEB', /was \*aborted\*/)).toHaveLength(1);
    expect(posts('C0WEB', /is \*Healthy\*/)).toHaveLength(1);
    // The alerts go into the card's thread.
    expect(posts('C0WEB', /was \*aborted\*/)[0]?.body['thread_ts']).toBe(tsOf(posted[0]));
    const last = cards('web').at(-1);
    expect(last?.method).toBe('chat.update');
    expect(JSON.stringify(last?.body['blocks'])).not.toContain('"type":"actions"');
  });

  it('/rollback mid-canary aborts the Rollout at once and reverts the commit; the thread says both, the card shows the abort', async () => {
    const port = replicas[0]?.port ?? 0;
    const ack = await postSigned(
      port,
      SIGNING_SECRET,
      slashCommand('/deploy', 'shop nginx:1.27.0', { channel: 'C0SHOP' }),
    );
    expect(ack.status).toBe(200);
    const pushed = await slack.waitFor((calls) =>
      calls.find(
        (c) => c.method === 'chat.postMessage' && /^Pushed `[0-9a-f]{7}`.*apps\/shop/.test(String(c.body['text'])),
      ),
    );
    // The controller starts the canary and waits for a person: the card goes into the deploy's thread.
    await rollouts.status('shop', { ...waiting(1) });
    const card = await slack.waitFor(() => cards('shop').find((c) => c.method === 'chat.postMessage'));
    expect(card.body['thread_ts']).toBe(pushed.body['thread_ts']);

    await postSigned(port, SIGNING_SECRET, slashCommand('/rollback', 'shop', { channel: 'C0SHOP' }));
    await slack.waitFor(
      (calls) =>
        calls.find(
          (c) =>
            c.method === 'chat.postMessage' &&
            /^Pushed `[0-9a-f]{7}`.*nginx:1\.27\.0 → nginx:1\.25\.0/.test(String(c.body['text'])),
        ),
      20_000,
    );
    expect((await rollouts.read('shop')).status?.abort).toBe(true);
    const threadTexts = slack.calls
      .filter((c) => c.method === 'chat.postMessage' && c.body['thread_ts'])
      .map((c) => String(c.body['text']));
    expect(
      threadTexts.some((t) =>
        t.startsWith(
          ':rotating_light: Aborted the canary of `shop` (Rollout `shop/shop`): traffic is back on the stable version.',
        ),
      ),
    ).toBe(true);
    expect(remote.show('apps/shop/rollout.yaml')).toContain('image: nginx:1.25.0');
    await slack.waitFor(() =>
      cards('shop').some(
        (c) => c.method === 'chat.update' && /Aborted by <@U0ANA>/.test(JSON.stringify(c.body['blocks'])),
      ),
    );
  });

  it('shows a rollout whose progress deadline passed as Degraded (a controller that writes no status.phase), offers Abort only, and alerts once for the revision', async () => {
    const degradedAlerts = () => posts('C0API', /^:x: The rollout of `api` is \*Degraded\*/);
    await rollouts.status('api', phaseless([AVAILABLE, UPDATING]));
    await rollouts.status('api', phaseless([AVAILABLE, TIMED_OUT]));
    const alert = await slack.waitFor(() => degradedAlerts()[0]);
    expect(alert.body['text']).toBe(
      `:x: The rollout of \`api\` is *Degraded*. ProgressDeadlineExceeded: ReplicaSet "canary-demo-${CANARY}" has timed out progressing. \`/canary api abort\` sends all traffic back to the stable version; \`/rollback api\` reverts the change in Git.`,
    );

    // The card says so too, and offers nothing that would send more traffic to the failing version.
    await postSigned(replicas[0]?.port ?? 0, SIGNING_SECRET, slashCommand('/canary', 'api', { channel: 'C0API' }));
    const card = await slack.waitFor(() => cards('api').find((c) => c.method === 'chat.postMessage'));
    const blocks = JSON.stringify(card.body['blocks']);
    expect(blocks).toContain(
      `*Degraded* — ProgressDeadlineExceeded: ReplicaSet \\"canary-demo-${CANARY}\\" has timed out progressing.`,
    );
    expect([...blocks.matchAll(/"action_id":"(kanaria:canary:[\w-]+)"/g)].map((m) => m[1])).toEqual([
      'kanaria:canary:abort',
    ]);

    // Pods come and go, the deadline clears and passes again: the same revision, no second alert from either replica.
    await rollouts.status('api', { availableReplicas: 4, readyReplicas: 4 });
    await rollouts.status('api', { availableReplicas: 5, readyReplicas: 5 });
    await rollouts.status('api', { conditions: [AVAILABLE, UPDATING] });
    await rollouts.status('api', { conditions: [AVAILABLE, TIMED_OUT] });
    // Then the canary completes: the Healthy line proves the watch got past every event above.
    await rollouts.status('api', {
      currentPodHash: CANARY,
      stableRS: CANARY,
      currentStepIndex: 8,
      replicas: 5,
      updatedReplicas: 5,
      availableReplicas: 5,
      conditions: [AVAILABLE, condition('Progressing', 'True', 'NewReplicaSetAvailable', 'Rollout has completed')],
    });
    await slack.waitFor(() => posts('C0API', /`api` is \*Healthy\*/).length > 0);
    await settle();
    expect(degradedAlerts()).toHaveLength(1);
    expect(posts('C0API', /`api` is \*Healthy\*/)).toHaveLength(1);
  });
});
