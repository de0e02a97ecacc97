import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kanaria } from '../../src/boot/start.js';
import { deployment, fixture, SIGNING_SECRET, startHarness, startReplica, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { RolloutPlayer } from '../helpers/rollouts.js';
import { buttonPress, postSigned, slashCommand } from '../helpers/slack-requests.js';
import { tsOf, type RecordedCall } from '../helpers/fake-slack.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';
const APPS = Array.from({ length: 6 }, (_, i) => `svc-${i}`);
const CONFIG = `
apps:
${APPS.map((a) => `  ${a}: { manifest: apps/${a}/deployment.yaml, container: web }`).join('\n')}
  shop:
    manifest: apps/shop/rollout.yaml
    container: web
    rollout: { name: shop, namespace: shop }
    channel: C0CANARY
policies:
  default: { deploy: ["*"], promote: ["*"] }
gpu:
  reportChannel: C0GPU
  schedule: "*/2 * * * * *"
  alerts: { schedule: "* * * * * *", channel: C0ALERT, minFree: { NVIDIA-A100-SXM4-80GB: 20 } }
`;
const FILES = Object.fromEntries([
  ...APPS.map((a) => [`apps/${a}/deployment.yaml`, deployment(a, 'nginx:1.25.0')]),
  ['apps/shop/rollout.yaml', deployment('shop', 'nginx:1.25.0')],
]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Kanaria runs as 2 replicas (deploy/base/deployment.yaml), each with the HTTP receiver, every worker, every watch
 * and every schedule; nothing is leader-only. Here two replicas share one Redis, one GitOps remote, one
 * Slack and one cluster, and Slack's deliveries are spread over both, as a Service would spread them.
 */
describe.skipIf(!available)('two Kanaria replicas against one Redis (real kube-apiserver, git remote, Redis)', () => {
  let kube: KubeCluster;
  let h: Harness;
  let other: Kanaria;
  let ports: number[];

  const post = (replica: number, body: string, timestamp?: number) =>
    postSigned(ports[replica]!, SIGNING_SECRET, body, timestamp === undefined ? {} : { timestamp });
  const postsTo = (channel: string): RecordedCall[] =>
    h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);

  beforeAll(async () => {
    kube = await startKube([fixture('argo-rollouts/crds/rollout-crd.yaml')]);
    await bindKanariaRole(kube);
    const core = kube.client('admin').makeApiClient(CoreV1Api);
    for (let i = 0; i < 2; i++) {
      await core.createNode({
        body: { metadata: { name: `a100-${i}`, labels: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' } } },
      });
      await core.patchNodeStatus(
        {
          name: `a100-${i}`,
          body: {
            status: {
              capacity: { 'nvidia.com/gpu': '8' },
              allocatable: { 'nvidia.com/gpu': '8' },
              conditions: [{ type: 'Ready', status: 'True' }],
            },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    }
    await new RolloutPlayer(kube, 'shop').create('shop');
    h = await startHarness({ files: FILES, config: CONFIG, kanaria: { kube: { path: kube.kubeconfig.kanaria } } });
    other = await startReplica(h, CONFIG, { kube: { path: kube.kubeconfig.kanaria } });
    ports = [h.port, other.port!];
  }, 120_000);
  afterAll(async () => {
    await other?.stop();
    await h?.stop();
    await kube?.stop();
  });

  it('a signed request replayed to the other replica is refused there: the replay guard lives in Redis', async () => {
    const body = slashCommand('/deploy', 'svc-0 nginx:1.26.0', { responseUrl: h.slack.responseUrl('replay') });
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await post(0, body, timestamp)).status).toBe(200);
    expect((await post(1, body, timestamp)).status).toBe(401);
  });

  it("Slack's redelivery of a command to the other replica is answered there but committed once", async () => {
    await h.kanaria.drained();
    const commits = h.remote.log().length;
    const body = (responseId: string) =>
      slashCommand('/deploy', 'svc-1 nginx:1.26.0', {
        triggerId: '42.43.redelivered',
        responseUrl: h.slack.responseUrl(responseId),
      });
    const first = (await (await post(0, body('first'))).json()) as { text: string };
    const second = (await (await post(1, body('second'), Math.floor(Date.now() / 1000) - 1)).json()) as {
      text: string;
    };
    expect(first.text).toContain('Queued');
    expect(second.text).toContain('already received');
    await h.slack.waitFor((calls) =>
      calls.some((c) => c.method === 'chat.postMessage' && /^Pushed .*svc-1/.test(String(c.body['text']))),
    );
    await Promise.all([h.kanaria.drained(), other.drained()]);
    expect(h.remote.log().length).toBe(commits + 1);
  });

  // Each replica has its own working copy; a push the other replica got in first is replayed on the new head.
  it('changes sent to both replicas at once all land, each once', async () => {
    await Promise.all([h.kanaria.drained(), other.drained()]);
    const commits = h.remote.log().length;
    const acks = await Promise.all(
      APPS.map((app, i) =>
        post(
          i % 2,
          slashCommand('/deploy', `${app} nginx:1.27.${i}`, { responseUrl: h.slack.responseUrl(`many-${i}`) }),
        ),
      ),
    );
    expect(acks.map((a) => a.status)).toEqual(APPS.map(() => 200));
    const pushed = (app: string) =>
      h.slack.calls.some(
        (c) =>
          c.method === 'chat.postMessage' &&
          String(c.body['text']).startsWith('Pushed') &&
          String(c.body['text']).includes(`apps/${app}/deployment.yaml`),
      );
    await h.slack.waitFor(() => APPS.every(pushed), 20_000);
    await Promise.all([h.kanaria.drained(), other.drained()]);
    expect(h.remote.log().length).toBe(commits + APPS.length);
    APPS.forEach((app, i) => expect(h.remote.show(`apps/${app}/deployment.yaml`)).toContain(`image: nginx:1.27.${i}`));
  });

  it('the same button pressed on both replicas at once promotes the canary once', async () => {
    const rollouts = new RolloutPlayer(kube, 'shop');
    await rollouts.spec('shop', { paused: true });
    await rollouts.pausedAtStep('shop');
    await post(0, slashCommand('/canary', 'shop', { responseUrl: h.slack.responseUrl('card') }));
    const card = await h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Canary `shop`')),
    );
    const blocks = card.body['blocks'] as {
      type: string;
      elements?: { action_id: string; value: string; text: { text: string } }[];
    }[];
    const promote = blocks.flatMap((b) => b.elements ?? []).find((e) => e.text?.text === 'Promote')!;
    const press = (replica: number) =>
      post(
        replica,
        buttonPress({
          actionId: promote.action_id,
          value: promote.value,
          userId: 'U0ANA',
          channel: 'C0CANARY',
          messageTs: String(tsOf(card)),
          responseUrl: h.slack.responseUrl(`press-${replica}`),
        }),
      );
    expect((await Promise.all([press(0), press(1)])).map((r) => r.status)).toEqual([200, 200]);
    const replies = await h.slack.waitFor((calls) => {
      const found = calls.filter((c) => /^response_url:press-/.test(c.method)).map((c) => String(c.body['text']));
      return found.length >= 2 && found;
    });
    // One press went through; the other replica found the same press (same button, same step) queued, or done.
    expect(replies.filter((t) => t === 'Promoting the canary of `shop`…')).toHaveLength(1);
    expect(
      replies.filter((t) =>
        /^Nothing more to do: it was already pressed for this step of `shop`|^:x: Already done: Promoted to step 2 by <@U0ANA>/.test(
          t,
        ),
      ),
    ).toHaveLength(1);
    await h.slack.waitFor(() =>
      /Promoted to step 2 by <@U0ANA>/.test(
        JSON.stringify(
          h.slack.calls.filter((c) => String(c.body['text']).startsWith('Canary `shop`')).at(-1)?.body['blocks'],
        ),
      ),
    );
    const after = await rollouts.read('shop');
    expect(after.spec.paused).toBe(false);
    expect(after.status?.pauseConditions).toBeUndefined();
  });

  it('schedules set by both replicas run once per tick; an alert episode is posted once', async () => {
    await h.slack.waitFor(() => postsTo('C0GPU').length > 0, 20_000);
    const before = postsTo('C0GPU').length;
    const start = Date.now();
    await sleep(8_000);
    const ticks = Math.floor(Date.now() / 2_000) - Math.floor(start / 2_000);
    // Once per 2-second tick (a report in flight at either end may fall on either side); twice would be 2 × ticks.
    expect(postsTo('C0GPU').length - before).toBeLessThanOrEqual(ticks + 1);
    // And it kept running (a loaded machine may delay a tick, so no more than that is asked).
    expect(postsTo('C0GPU').length - before).toBeGreaterThanOrEqual(1);
    // 16 GPUs free, fewer than 20: checked every second by both replicas, told once.
    expect(postsTo('C0ALERT').map((c) => String(c.body['text']))).toEqual([
      expect.stringContaining('NVIDIA-A100-SXM4-80GB: 16 GPUs free, fewer than 20'),
    ]);
  });
});
