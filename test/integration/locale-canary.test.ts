import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, fixture, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { RolloutPlayer } from '../helpers/rollouts.js';
import { postSigned, slashCommand } from '../helpers/slack-requests.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

/** C0JA speaks Japanese; the workspace speaks English. */
const CONFIG = `
apps:
  shop:
    manifest: apps/shop/rollout.yaml
    container: web
    rollout: { name: shop, namespace: shop }
policies:
  default: { deploy: ["*"], promote: ["*"] }
locale:
  channels: { C0JA: ja }
`;

describe.skipIf(!available)("the canary card speaks its channel's language (real kube-apiserver)", () => {
  let kube: KubeCluster;
  let h: Harness;

  beforeAll(async () => {
    kube = await startKube([fixture('argo-rollouts/crds/rollout-crd.yaml')]);
    await bindKanariaRole(kube);
    const rollouts = new RolloutPlayer(kube, 'shop');
    await rollouts.create('shop');
    await rollouts.pausedAtStep('shop');
    h = await startHarness({
      files: { 'apps/shop/rollout.yaml': deployment('shop', 'argoproj/rollouts-demo:blue') },
      config: CONFIG,
      kanaria: { kube: { path: kube.kubeconfig.kanaria } },
      beforeStart(slack) {
        slack.users.set('U0KEN', { id: 'U0KEN', name: 'Ken Sato', locale: 'ja-JP' });
      },
    });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await kube?.stop();
  });

  /** `/canary shop` from `channel`; the card Kanaria posts there. */
  async function cardIn(channel: string) {
    const body = slashCommand('/canary', 'shop', { channel, responseUrl: h.slack.responseUrl(channel) });
    expect((await postSigned(h.port, SIGNING_SECRET, body)).status).toBe(200);
    return h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel),
    );
  }

  it('in a Japanese channel: the card, its buttons and their confirmations in Japanese, identifiers as they are', async () => {
    const card = await cardIn('C0JA');
    expect(String(card.body['text'])).toBe(
      'カナリア `shop` · Rollout `shop/shop` · リビジョン 31: Paused, ステップ 2/8: `pause`',
    );
    const blocks = JSON.stringify(card.body['blocks']);
    expect(blocks).toContain('*Paused* · 一時停止中（CanaryPauseStep）');
    expect(blocks).toContain('重み: カナリア *20%* / 安定版 *80%*（到達した直近ステップの setWeight）');
    for (const label of ['"text":"昇格"', '"text":"全面昇格"', '"text":"中止"', '"text":"キャンセル"'])
      expect(blocks).toContain(label);
    expect(blocks).toContain('"text":"shop を中止しますか？"');
    expect(blocks).toContain('"action_id":"kanaria:canary:promote"');
    expect(blocks).not.toMatch(/"Promote|"Abort|Weight:|Cancel/);
  });

  it('in any other channel: English', async () => {
    const card = await cardIn('C0EN');
    expect(String(card.body['text'])).toMatch(/^Canary `shop` · Rollout `shop\/shop` · revision 31: Paused, Step 2\/8/);
  });

  it("a press the rollout refuses is told privately in the presser's language, whatever the channel's", async () => {
    // Paused at a step: there is nothing to retry. Ken reads Slack in Japanese; the channel speaks English.
    const body = slashCommand('/canary', 'shop retry', {
      userId: 'U0KEN',
      channel: 'C0EN',
      responseUrl: h.slack.responseUrl('ken-retry'),
    });
    expect((await postSigned(h.port, SIGNING_SECRET, body)).status).toBe(200);
    const refusal = await h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'response_url:ken-retry' && String(c.body['text']).startsWith(':x:')),
    );
    expect(String(refusal.body['text'])).toBe(':x: `shop` には今再試行できるものがありません（Paused）。');
  });
});
