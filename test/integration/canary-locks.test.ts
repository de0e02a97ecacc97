import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_QUEUE } from '../../src/queues/canary.js';
import { tsOf, type RecordedCall } from '../helpers/fake-slack.js';
import { deployment, fixture, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { RolloutPlayer } from '../helpers/rollouts.js';
import { buttonPress, postSigned } from '../helpers/slack-requests.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

const CONFIG = `
apps:
  web:
    environment: production
    manifest: apps/web/rollout.yaml
    container: web
    rollout: { name: web, namespace: shop }
policies:
  production: { deploy: ["*"], promote: ["*"] }
`;

type Button = { action_id: string; value: string; text: { text: string } };
const buttons = (call: RecordedCall | undefined): Button[] =>
  ((call?.body['blocks'] as { type: string; elements?: Button[] }[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []) : [],
  );

/**
 * Canary presses and locks, on a real kube-apiserver with the Rollouts CRD (the test writes status as the controller
 * would): a Promote pressed before the app was locked, and run after, is refused by the job; an Abort goes through.
 */
describe.skipIf(!available)('canary presses of a locked app (real kube-apiserver and Rollouts CRD)', () => {
  let kube: KubeCluster;
  let rollouts: RolloutPlayer;
  let h: Harness;
  let connection: Redis;
  let queue: Queue;

  const cards = (): RecordedCall[] =>
    h.slack.calls.filter(
      (c) => /^chat\.(postMessage|update)$/.test(c.method) && /^Canary `web`/.test(String(c.body['text'])),
    );
  async function press(shown: RecordedCall, label: string, userId: string, responseId: string) {
    const button = buttons(shown).find((b) => b.text.text === label);
    if (!button) throw new Error(`no ${label} button`);
    const response = await postSigned(
      h.port,
      SIGNING_SECRET,
      buttonPress({
        actionId: button.action_id,
        value: button.value,
        userId,
        channel: String(shown.body['channel']),
        messageTs: String(shown.body['ts'] ?? tsOf(shown)),
        responseUrl: h.slack.responseUrl(responseId),
      }),
    );
    expect(response.status).toBe(200);
  }
  const reply = async (responseId: string, pattern: RegExp): Promise<string> =>
    String(
      (
        await h.slack.waitFor(
          (calls) =>
            calls.find((c) => c.method === `response_url:${responseId}` && pattern.test(String(c.body['text']))),
          20_000,
        )
      ).body['text'],
    );

  beforeAll(async () => {
    kube = await startKube([fixture('argo-rollouts/crds/rollout-crd.yaml')]);
    await bindKanariaRole(kube);
    rollouts = new RolloutPlayer(kube, 'shop');
    await rollouts.create('web');
    h = await startHarness({
      files: { 'apps/web/rollout.yaml': deployment('web', 'argoproj/rollouts-demo:blue') },
      config: CONFIG,
      kanaria: { kube: { path: kube.kubeconfig.kanaria } },
    });
    connection = new Redis(h.redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(CANARY_QUEUE, { connection });
  }, 120_000);
  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    await h?.stop();
    await kube?.stop();
  });

  it('a Promote pressed before the lock and run after it is refused by the job, naming the holder; Abort goes through', async () => {
    await rollouts.pausedAtStep('web');
    await h.command('/canary', 'web', { responseId: 'card' });
    const shown = await h.slack.waitFor(() => cards().at(-1), 20_000);
    const before = (await rollouts.read('web')).metadata.resourceVersion;

    await queue.pause();
    await press(shown, 'Promote', 'U0BOB', 'bob-promote');
    await reply('bob-promote', /^Promoting/);
    expect((await h.command('/lock', 'web watching the canary')).text).toContain(':lock: You hold `web`');
    await queue.resume();

    expect(await reply('bob-promote', /^:x:/)).toMatch(
      /^:x: `web` is locked by <@U0ANA> since <!date.*watching the canary/s,
    );
    expect((await rollouts.read('web')).metadata.resourceVersion).toBe(before);

    // Pressed again now, it is refused at once, before it is queued.
    await press(shown, 'Promote full', 'U0BOB', 'bob-full');
    expect(await reply('bob-full', /^:x:/)).toContain('`web` is locked by <@U0ANA>');

    await press(shown, 'Abort', 'U0BOB', 'bob-abort');
    await h.slack.waitFor(() => /Aborted by <@U0BOB>/.test(JSON.stringify(cards().at(-1)?.body['blocks'])), 20_000);
    expect((await rollouts.read('web')).status?.abort).toBe(true);
  });
});
