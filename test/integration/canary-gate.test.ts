import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsOf, type RecordedCall } from '../helpers/fake-slack.js';
import { deployment, fixture, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { startMetricsApp, type MetricsApp } from '../helpers/metrics-app.js';
import { hasPrometheus, startPrometheus, waitForScrapes, type RunningPrometheus } from '../helpers/prometheus.js';
import { RolloutPlayer } from '../helpers/rollouts.js';
import { buttonPress, postSigned, slashCommand } from '../helpers/slack-requests.js';
import { wallClock } from '../helpers/wall-clock.js';

const available = (hasKubeApiserver() && hasPrometheus()) || process.env['CI'] === 'true';

/**
 * Canary promotions pass the same gate as a deploy (jobs/gate.ts `promotionRefusal`): a real kube-apiserver with
 * the Argo Rollouts CRD (the test writes status as the controller would), a real Prometheus scraping prom-client
 * services every second. `web` fails every 10th request: 10 % errors against a 0.1 % budget, spent and burning
 * 100×. `calm` never fails. The SLO window is sped up (1d: a 30-day window 30× faster, the 1 h burn window is
 * 2 min, 5 min is 10 s), so the budget is spent seconds after the start. `frozen` is inside a deny window.
 */
const sli = (hash: string) => `
    sli:
      errors: (sum(rate(http_requests_total{rollouts_pod_template_hash="${hash}",code="500"}[{{window}}])) or vector(0))
      total: sum(rate(http_requests_total{rollouts_pod_template_hash="${hash}"}[{{window}}]))`;

const app = (name: string, slo?: string) => `
  ${name}:
    environment: production
    manifest: apps/${name}/rollout.yaml
    container: web
    rollout: { name: ${name}, namespace: shop }${slo ? `\n    slo: ${slo}` : ''}`;

/** From the start of this minute in Tokyo, for two hours: active for the whole suite. */
const config = (now: Date) => `
apps:${app('web', 'web-availability')}${app('calm', 'calm-availability')}${app('frozen')}
slos:
  web-availability:
    objective: 99.9
    window: 1d${sli('web')}
  calm-availability:
    objective: 99.9
    window: 1d${sli('calm')}
policies:
  production: { deploy: ["*"], promote: ["*"], errorBudget: enforce }
freezes:
  - name: release-freeze
    start: "${wallClock(now, 'Asia/Tokyo')}"
    duration: 2h
    timezone: Asia/Tokyo
    apps: [frozen]
locale:
  channels: { C0JA: ja }
`;

const NAMES = ['web', 'calm', 'frozen'];
const FILES = Object.fromEntries(
  NAMES.map((n) => [`apps/${n}/rollout.yaml`, deployment(n, 'argoproj/rollouts-demo:blue')]),
);

type Button = { action_id: string; value: string; text: { text: string } };
const buttons = (call: RecordedCall | undefined): Button[] =>
  ((call?.body['blocks'] as { type: string; elements?: Button[] }[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []) : [],
  );

describe.skipIf(!available)(
  'the gate on canary promotions (real kube-apiserver and Rollouts CRD, real Prometheus, sped-up SLO window)',
  () => {
    let kube: KubeCluster;
    let rollouts: RolloutPlayer;
    let services: MetricsApp[];
    let prometheus: RunningPrometheus;
    let h: Harness;

    const cardCalls = (name: string, channel?: string): RecordedCall[] =>
      h.slack.calls.filter(
        (c) =>
          /^chat\.(postMessage|update)$/.test(c.method) &&
          /^(Canary|カナリア) `/.test(String(c.body['text'])) &&
          String(c.body['text']).includes(`\`${name}\``) &&
          (channel === undefined || c.body['channel'] === channel),
      );
    const card = (name: string) => cardCalls(name).at(-1);

    /** `/canary <text>` from `channel` as `userId`; resolves once Slack has the ack. */
    async function canary(text: string, options: { userId?: string; channel?: string; responseId: string }) {
      const body = slashCommand('/canary', text, {
        userId: options.userId ?? 'U0ANA',
        channel: options.channel ?? 'C0DEPLOYS',
        responseUrl: h.slack.responseUrl(options.responseId),
      });
      const response = await postSigned(h.port, SIGNING_SECRET, body);
      expect(response.status).toBe(200);
    }
    /** Posts the app's card in `channel` and resolves with it. */
    async function showCard(name: string, channel = 'C0DEPLOYS'): Promise<RecordedCall> {
      const before = cardCalls(name, channel).length;
      await canary(name, { channel, responseId: `card-${name}-${before}` });
      return h.slack.waitFor(() => cardCalls(name, channel).length > before && cardCalls(name, channel).at(-1), 20_000);
    }
    /** Presses a button of the card as `userId`, signed like Slack. */
    async function press(shown: RecordedCall, label: string, userId: string, responseId: string) {
      const button = buttons(shown).find((b) => b.text.text === label);
      if (!button) throw new Error(`no ${label} button: ${JSON.stringify(buttons(shown).map((b) => b.text.text))}`);
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
    /** The private refusal sent to `responseId` (a reply starting with :x:). */
    const refusal = async (responseId: string): Promise<string> =>
      String(
        (
          await h.slack.waitFor(
            (calls) =>
              calls.find((c) => c.method === `response_url:${responseId}` && /^:x:/.test(String(c.body['text']))),
            20_000,
          )
        ).body['text'],
      );

    beforeAll(async () => {
      services = [
        await startMetricsApp({ hash: 'web', errorEvery: 10, latencyMs: 20 }),
        await startMetricsApp({ hash: 'calm', latencyMs: 20 }),
      ];
      prometheus = await startPrometheus(services.map((s) => s.target));
      kube = await startKube([fixture('argo-rollouts/crds/rollout-crd.yaml')]);
      await bindKanariaRole(kube);
      rollouts = new RolloutPlayer(kube, 'shop');
      for (const name of NAMES) await rollouts.create(name);
      h = await startHarness({
        files: FILES,
        config: config(new Date()),
        kanaria: { prometheusUrl: prometheus.url, kube: { path: kube.kubeconfig.kanaria } },
        beforeStart(slack) {
          slack.users.set('U0KEN', { id: 'U0KEN', name: 'Ken Sato', locale: 'ja-JP' });
        },
      });
      for (const hash of ['web', 'calm'])
        await waitForScrapes(prometheus.url, `http_requests_total{rollouts_pod_template_hash="${hash}"}`);
    }, 120_000);
    afterAll(async () => {
      await h?.stop();
      await kube?.stop();
      await prometheus?.stop();
      for (const service of services ?? []) await service.stop();
    });

    const SPENT =
      /^:x: The error budget of `web-availability` is spent \(-[\d,.]+% left over 1 day\): `web` takes no promotion in production now\.\nWork on reliability first/;

    it('/canary <app> promote is refused privately with the numbers while the budget is spent; the Rollout is untouched', async () => {
      await rollouts.pausedAtStep('web');
      const before = await rollouts.read('web');
      await canary('web promote', { responseId: 'typed-promote' });
      expect(await refusal('typed-promote')).toMatch(SPENT);
      const after = await rollouts.read('web');
      expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
      expect(after.status?.pauseConditions).toHaveLength(1);
      expect(after.spec.paused).toBeUndefined();
      // Told to the requester only: nothing in the channel says it.
      expect(
        h.slack.calls.filter((c) => c.method === 'chat.postMessage' && /error budget/.test(String(c.body['text']))),
      ).toEqual([]);
    });

    it("the card's Promote and Promote full are refused the same way; the card stays as it was", async () => {
      const shown = await showCard('web');
      expect(buttons(shown).map((b) => b.text.text)).toEqual(['Promote', 'Promote full', 'Abort']);
      const before = (await rollouts.read('web')).metadata.resourceVersion;

      await press(shown, 'Promote', 'U0ANA', 'card-promote');
      expect(await refusal('card-promote')).toMatch(SPENT);
      await press(shown, 'Promote full', 'U0ANA', 'card-promote-full');
      expect(await refusal('card-promote-full')).toMatch(SPENT);

      const after = await rollouts.read('web');
      expect(after.metadata.resourceVersion).toBe(before);
      expect(after.status?.promoteFull).toBeUndefined();
      expect(after.status?.currentStepIndex).toBe(1);
      const last = JSON.stringify(card('web')?.body['blocks']);
      expect(last).not.toMatch(/Promoted|Fully promoted/);
      expect(buttons(card('web')).map((b) => b.text.text)).toEqual(['Promote', 'Promote full', 'Abort']);
    });

    it('Abort is never held back: pressed while the budget is spent, the Rollout is aborted', async () => {
      const shown = card('web');
      if (!shown) throw new Error('no card of web');
      await press(shown, 'Abort', 'U0ANA', 'card-abort');
      await h.slack.waitFor(() => /Aborted by <@U0ANA>/.test(JSON.stringify(card('web')?.body['blocks'])), 20_000);
      expect((await rollouts.read('web')).status?.abort).toBe(true);
      // Refusals come before any patch: none was sent.
      const refused = h.slack.calls.filter(
        (c) => c.method === 'response_url:card-abort' && /^:x:/.test(String(c.body['text'])),
      );
      expect(refused).toEqual([]);
    });

    it('a healthy budget lets the promotion through', async () => {
      await rollouts.pausedAtStep('calm');
      const shown = await showCard('calm');
      await press(shown, 'Promote', 'U0ANA', 'calm-promote');
      await h.slack.waitFor(
        () => /Promoted to step 2 by <@U0ANA>/.test(JSON.stringify(card('calm')?.body['blocks'])),
        20_000,
      );
      const after = await rollouts.read('calm');
      expect(after.status?.pauseConditions).toBeUndefined();
      expect(after.status?.currentStepIndex).toBe(1);
    });

    it("an app inside a freeze window: promote is refused with the window's name and when it reopens", async () => {
      await rollouts.pausedAtStep('frozen');
      const before = (await rollouts.read('frozen')).metadata.resourceVersion;
      await canary('frozen promote', { responseId: 'frozen-typed' });
      expect(await refusal('frozen-typed')).toMatch(
        /^:x: `frozen` is frozen in production \(release-freeze\) until .+ Asia\/Tokyo\.\nAdd `--when-open`/,
      );
      const shown = await showCard('frozen');
      await press(shown, 'Promote full', 'U0ANA', 'frozen-full');
      expect(await refusal('frozen-full')).toContain('(release-freeze)');
      expect((await rollouts.read('frozen')).metadata.resourceVersion).toBe(before);
    });

    it("a Japanese reader gets the frozen refusal privately in Japanese; the channel's card and announcement follow the channel", async () => {
      const shown = await showCard('frozen', 'C0EN');
      expect(String(shown.body['text'])).toMatch(/^Canary `frozen`/);
      const updates = cardCalls('frozen', 'C0EN').length;
      await press(shown, 'Promote', 'U0KEN', 'ken-promote');
      expect(await refusal('ken-promote')).toMatch(
        /^:x: production の `frozen` は .+ Asia\/Tokyo までデプロイ凍結中です \(release-freeze\)。\n`--when-open` を付けると凍結期間が明けたときに適用します。/,
      );
      // The card in the English channel is redrawn in English.
      await h.slack.waitFor(() => cardCalls('frozen', 'C0EN').length > updates);
      expect(String(card('frozen')?.body['text'])).toMatch(/^Canary `frozen`/);

      // A change Ken asks for in the English channel is announced there in English; in the Japanese channel, in Japanese.
      for (const [channel, responseId] of [
        ['C0EN', 'ken-deploy-en'],
        ['C0JA', 'ken-deploy-ja'],
      ] as const) {
        const body = slashCommand('/deploy', 'frozen argoproj/rollouts-demo:green', {
          userId: 'U0KEN',
          channel,
          responseUrl: h.slack.responseUrl(responseId),
        });
        expect((await postSigned(h.port, SIGNING_SECRET, body)).status).toBe(200);
      }
      const announced = (channel: string, status: RegExp) =>
        h.slack.waitFor(() => {
          const texts = h.slack.calls
            .filter(
              (c) =>
                /^chat\.(postMessage|update)$/.test(c.method) && c.body['channel'] === channel && !c.body['thread_ts'],
            )
            .map((c) => String(c.body['text']))
            .filter((text) => text.includes('<@U0KEN>'));
          return texts.find((text) => status.test(text));
        }, 20_000);
      expect(await announced('C0EN', /failed/)).toMatch(
        /^:x: <@U0KEN> asked to deploy `frozen` → `argoproj\/rollouts-demo:green`: failed: `frozen` is frozen in production \(release-freeze\) until .+ Asia\/Tokyo\./,
      );
      expect(await announced('C0JA', /失敗/)).toMatch(
        /^:x: <@U0KEN> さんの依頼: `frozen` を `argoproj\/rollouts-demo:green` にデプロイ: 失敗しました: production の `frozen` は .+ Asia\/Tokyo までデプロイ凍結中です \(release-freeze\)。/,
      );
      expect(h.remote.show('apps/frozen/rollout.yaml')).toContain('argoproj/rollouts-demo:blue');
    });
  },
);
