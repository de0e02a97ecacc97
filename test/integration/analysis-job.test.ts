import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsOf } from '../helpers/fake-slack.js';
import { decode } from '../helpers/png.js';
import { deployment, fixture, startHarness, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { startMetricsApp, type MetricsApp } from '../helpers/metrics-app.js';
import { hasPrometheus, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';
import { CANARY, RolloutPlayer, STABLE } from '../helpers/rollouts.js';

const available = (hasKubeApiserver() && hasPrometheus()) || process.env['CI'] === 'true';

const analysis = (autopilot: boolean, interval?: string) => `
    analysis:
      window: 40s
      step: 1s
      ${interval ? `interval: ${interval}` : ''}
      ${autopilot ? 'autopilot: { enabled: true, passes: 2 }' : ''}
      successRate: { query: 'sum(rate(http_requests_total{code!~"5..",rollouts_pod_template_hash="{{hash}}"}[5s])) / sum(rate(http_requests_total{rollouts_pod_template_hash="{{hash}}"}[5s]))', critical: true, allowedDecrease: 0.99 }
      latencyP90: { query: 'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{rollouts_pod_template_hash="{{hash}}"}[5s])))', allowedIncrease: 1.2 }`;

const CONFIG = `
apps:
  web:
    manifest: apps/web/rollout.yaml
    container: web
    rollout: { name: web, namespace: shop }
    channel: C0WEB${analysis(false, '4s')}
  auto:
    manifest: apps/auto/rollout.yaml
    container: web
    rollout: { name: auto, namespace: shop }
    channel: C0AUTO${analysis(true)}
  steady:
    manifest: apps/steady/rollout.yaml
    container: web
    rollout: { name: steady, namespace: shop }
    channel: C0STEADY${analysis(true, '3s')}
  plain: { manifest: apps/plain/rollout.yaml, container: web, rollout: { name: plain, namespace: shop } }
policies:
  default: { deploy: ["*"], promote: ["*"] }
`;

describe.skipIf(!available)(
  '/analyze and the analysis job: real Prometheus, real kube-apiserver, verdict card and chart in Slack',
  () => {
    let kube: KubeCluster;
    let prometheus: RunningPrometheus;
    let h: Harness;
    let rollouts: RolloutPlayer;
    const apps: MetricsApp[] = [];

    beforeAll(async () => {
      // Stable serves well; the canary fails every fourth request and is three times slower.
      apps.push(await startMetricsApp({ hash: STABLE, errorEvery: 100, latencyMs: 50 }));
      apps.push(await startMetricsApp({ hash: CANARY, errorEvery: 4, latencyMs: 150 }));
      // A healthy canary for the app `steady`: it serves like stable.
      apps.push(await startMetricsApp({ hash: 'steady222', errorEvery: 100, latencyMs: 50 }));
      prometheus = await startPrometheus(apps.map((a) => a.target));
      kube = await startKube([fixture('argo-rollouts/crds/rollout-crd.yaml')]);
      await bindKanariaRole(kube);
      rollouts = new RolloutPlayer(kube, 'shop');
      for (const name of ['web', 'auto', 'steady']) {
        await rollouts.create(name);
        await rollouts.pausedAtStep(name);
      }
      await rollouts.status('steady', { currentPodHash: 'steady222' });
      const files = Object.fromEntries(
        ['web', 'auto', 'steady', 'plain'].map((n) => [`apps/${n}/rollout.yaml`, deployment(n, 'nginx:1.25.0')]),
      );
      h = await startHarness({
        files,
        config: CONFIG,
        kanaria: { kube: { path: kube.kubeconfig.kanaria }, prometheusUrl: prometheus.url },
      });
      await new Promise((r) => setTimeout(r, 50_000));
    }, 120_000);
    afterAll(async () => {
      await h?.stop();
      await kube?.stop();
      await prometheus?.stop();
      await Promise.all(apps.map((a) => a.stop()));
    });

    it('/analyze posts the verdict with the measured values and the canary buttons, and the chart in its thread', async () => {
      const ack = await h.command('/analyze', 'web');
      expect(ack.text).toBe('Analysing the canary of `web`; the verdict follows in this channel.');
      const verdict = await h.slack.waitFor(
        (calls) =>
          calls.find(
            (c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Canary analysis of `web`'),
          ),
        30_000,
      );
      expect(verdict.body['channel']).toBe('C0DEPLOYS');
      const text = JSON.stringify(verdict.body['blocks']);
      expect(String(verdict.body['text'])).toMatch(
        /^Canary analysis of `web` \(revision 31\): FAIL · score 0 — critical metric successRate failed$/,
      );
      expect(text).toMatch(/:x: \*successRate\* \(critical\): canary 0\.75\d* vs stable 0\.99\d* \(median\)/);
      expect(text).toMatch(/:x: \*latencyP90\*: canary/);
      expect(text).toContain('"action_id":"kanaria:canary:promote"');
      expect(text).toContain('"action_id":"kanaria:canary:abort"');
      const completed = await h.slack.waitFor((calls) =>
        calls.find((c) => c.method === 'files.completeUploadExternal'),
      );
      expect(completed.body['channel_id']).toBe('C0DEPLOYS');
      expect(completed.body['thread_ts']).toBe(tsOf(verdict));
      const [bytes] = [...h.slack.uploads.values()];
      // About 800 chart units wide, drawn at 2×, with the canary in red and the stable in blue.
      const png = decode(bytes as Buffer);
      expect(png.width).toBeGreaterThan(1500);
      expect(png.width).toBeLessThan(1700);
      expect(png.count([0xd6, 0x27, 0x28])).toBeGreaterThan(100);
      expect(png.count([0x1f, 0x77, 0xb4])).toBeGreaterThan(100);
      const metricsText = await (await fetch(`http://127.0.0.1:${h.port}/metrics`)).text();
      expect(metricsText).toMatch(/^kanaria_analysis_runs_total\{app="web",verdict="fail"\} 1$/m);
    });

    /** The controller moves on and pauses again for a person: the Rollout watch posts the card and asks for a verdict. */
    const waitsForAPerson = async (name: string) => {
      await rollouts.status(name, { currentStepIndex: 2, pauseConditions: null });
      await rollouts.spec(name, { paused: true });
    };
    const verdictsOf = (name: string) => (calls: typeof h.slack.calls) =>
      calls.filter(
        (c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith(`Canary analysis of \`${name}\``),
      );

    it('/analyze, which anyone may run, never makes autopilot act: it neither counts towards a promotion nor aborts', async () => {
      await h.command('/analyze', 'auto');
      const [verdict] = await h.slack.waitFor(
        (calls) => verdictsOf('auto')(calls).length > 0 && verdictsOf('auto')(calls),
        30_000,
      );
      expect(String(verdict?.body['text'])).toMatch(/FAIL/);
      expect(JSON.stringify(verdict?.body['blocks'])).not.toContain('Autopilot');
      expect((await rollouts.read('auto')).status?.abort).toBeUndefined();
    });

    it('autopilot aborts a failing canary when it waits for a person, and says why, with the evidence', async () => {
      await waitsForAPerson('auto');
      const verdict = await h.slack.waitFor(
        (calls) => verdictsOf('auto')(calls).find((c) => c.body['channel'] === 'C0AUTO'),
        30_000,
      );
      expect(JSON.stringify(verdict.body['blocks'])).toContain(
        ':robot_face: Autopilot *aborted* the canary: critical metric successRate failed (score 0).',
      );
      expect((await rollouts.read('auto')).status?.abort).toBe(true);
    });

    it('autopilot promotes a canary after two passing analyses in a row (at the pause, then one interval later), and says so', async () => {
      await waitsForAPerson('steady');
      await h.slack.waitFor(
        (calls) =>
          verdictsOf('steady')(calls).find((c) =>
            /Autopilot: 1 of 2 passing analyses before it promotes/.test(JSON.stringify(c.body['blocks'])),
          ),
        30_000,
      );
      const second = await h.slack.waitFor(
        (calls) =>
          verdictsOf('steady')(calls).find((c) =>
            /Autopilot \*promoted\* the canary after 2 passing analyses in a row/.test(
              JSON.stringify(c.body['blocks']),
            ),
          ),
        30_000,
      );
      expect(String(second.body['text'])).toMatch(/^Canary analysis of `steady` \(revision 31\): PASS · score 100/);
      expect((await rollouts.read('steady')).spec.paused).toBe(false);
    });

    it("a canary that starts waiting for a person gets its card and a verdict in the card's thread", async () => {
      // Paused by hand at the next step: the Rollout watch sees it wait for a person.
      await rollouts.status('web', { currentStepIndex: 2, pauseConditions: null });
      await rollouts.spec('web', { paused: true });
      const card = await h.slack.waitFor(
        (calls) =>
          calls.find(
            (c) =>
              c.method === 'chat.postMessage' &&
              c.body['channel'] === 'C0WEB' &&
              String(c.body['text']).startsWith('Canary `web`'),
          ),
        20_000,
      );
      const cardTs = tsOf(card);
      const verdict = await h.slack.waitFor(
        (calls) =>
          calls.find(
            (c) =>
              c.method === 'chat.postMessage' &&
              c.body['thread_ts'] === cardTs &&
              String(c.body['text']).startsWith('Canary analysis of `web`'),
          ),
        30_000,
      );
      expect(verdict.body['channel']).toBe('C0WEB');
      // While the canary runs, it is judged again every `interval` (4 s here), in the same thread.
      const again = (calls: typeof h.slack.calls) =>
        calls.filter(
          (c) =>
            c.method === 'chat.postMessage' &&
            c.body['thread_ts'] === cardTs &&
            String(c.body['text']).startsWith('Canary analysis of `web`'),
        ).length >= 2;
      await h.slack.waitFor((calls) => again(calls), 20_000);
    });

    it.each([
      ['an app without analysis', 'plain', /`plain` has no canary analysis in Kanaria's configuration/],
      ['a window that is not one', 'web 5x', /`5x` is not a window from 1m to 24h/],
      ['a window too long', 'web 48h', /`48h` is not a window from 1m to 24h/],
      ['an unknown app', 'nope', /no app `nope`/],
    ])('/analyze refuses %s privately', async (_, text, expected) => {
      expect((await h.command('/analyze', text)).text).toMatch(expected);
    });
  },
);
