import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLO_QUEUE, releaseCostJobId, type ReleaseCostJob } from '../../src/queues/slo.js';
import { ArgoPlayer } from '../helpers/argo.js';
import { tsOf } from '../helpers/fake-slack.js';
import { deployment, fixture, startHarness, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { startMetricsApp, type ControlledMetricsApp } from '../helpers/metrics-app.js';
import { hasPrometheus, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';
import { CANARY, RolloutPlayer, STABLE } from '../helpers/rollouts.js';

/*
 * A 30m SLO window is a 30-day window sped up 1440× (design.md): "1 h after going live" comes 3 s after it
 * (2.5 s, in whole seconds) and "1 d after" 60 s after. The app fails 1 % of its requests until the release is
 * live and 10 % from then on, so the release visibly costs more budget than the same time before it did.
 */
const sli = (hash: string) => `
    sli:
      errors: sum(rate(http_requests_total{rollouts_pod_template_hash="${hash}",code=~"5.."}[{{window}}]))
      total: sum(rate(http_requests_total{rollouts_pod_template_hash="${hash}"}[{{window}}]))`;

const app = (name: string, slo?: string) => `
  ${name}:
    environment: staging
    manifest: apps/${name}/deployment.yaml
    container: web
    argocd: { application: ${name}, namespace: argocd }
    channel: C0${name.toUpperCase()}${slo ? `\n    slo: ${slo}` : ''}`;

const CONFIG = `
gitops: { branch: main }
slos:
  web-availability:
    objective: 99
    window: 30m${sli('web')}
apps:${app('web', 'web-availability')}${app('plain')}
  shop:
    manifest: apps/shop/rollout.yaml
    container: web
    rollout: { name: shop, namespace: shop }
    channel: C0SHOP
    slo: web-availability
policies:
  default: { deploy: ["*"], promote: ["*"] }
reconcile: { timeoutSeconds: 30, notify: false }
`;

const FILES = {
  ...Object.fromEntries(['web', 'plain'].map((n) => [`apps/${n}/deployment.yaml`, deployment(n, 'nginx:1.25.0')])),
  'apps/shop/rollout.yaml': deployment('shop', 'nginx:1.25.0'),
};

const available = (hasKubeApiserver() && hasPrometheus()) || process.env['CI'] === 'true';

/** The announcement of the change (asked after `since` calls): its thread is the change's. */
const announcementOf = (h: Harness, app: string, since = 0) =>
  h.slack.waitFor((calls) =>
    calls
      .slice(since)
      .find(
        (c) =>
          c.method === 'chat.postMessage' &&
          !c.body['thread_ts'] &&
          new RegExp(`asked to deploy \`${app}\``).test(String(c.body['text'])),
      ),
  );

/** The pushed commit of the app's last change. */
const pushed = (h: Harness, app: string): string => {
  const commit = h.remote.log().find((c) => c.body.includes(`Kanaria-App: ${app}`));
  if (!commit) throw new Error(`no commit for ${app}`);
  return commit.sha;
};

/** Waits until Prometheus holds `samples` scrapes of the app: "the same time before" the release has data. */
async function scrapedFor(prometheus: RunningPrometheus, samples: number): Promise<void> {
  const query = 'count_over_time(http_requests_total{rollouts_pod_template_hash="web",code="200"}[1m])';
  for (;;) {
    const answer = (await (
      await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`)
    ).json()) as {
      data: { result: { value: [number, string] }[] };
    };
    if (Number(answer.data.result[0]?.value[1] ?? 0) >= samples) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const costPosts = (h: Harness) =>
  h.slack.calls.filter(
    (c) => c.method === 'chat.postMessage' && String(c.body['text']).includes('*Cost of this release*'),
  );

describe.skipIf(!available)(
  'the cost of a release: posted in the change’s thread after it went live (real kube-apiserver, real Prometheus)',
  () => {
    let kube: KubeCluster;
    let argo: ArgoPlayer;
    let rollouts: RolloutPlayer;
    let metrics: ControlledMetricsApp;
    let prometheus: RunningPrometheus;
    let h: Harness;
    let redis: Redis;
    let queue: Queue<ReleaseCostJob>;

    beforeAll(async () => {
      metrics = await startMetricsApp({ hash: 'web', errorEvery: 100, latencyMs: 50 });
      prometheus = await startPrometheus([metrics.target]);
      await scrapedFor(prometheus, 8);
      kube = await startKube([fixture('argo-cd/application-crd.yaml'), fixture('argo-rollouts/crds/rollout-crd.yaml')]);
      await bindKanariaRole(kube);
      argo = new ArgoPlayer(kube);
      await argo.createNamespace();
      await argo.create('web');
      await argo.create('plain');
      rollouts = new RolloutPlayer(kube, 'shop');
      await rollouts.create('shop', {
        currentPodHash: STABLE,
        stableRS: STABLE,
        phase: 'Healthy',
        currentStepIndex: 8,
      });
      h = await startHarness({
        files: FILES,
        config: CONFIG,
        kanaria: { kube: { path: kube.kubeconfig.kanaria, watchSeconds: 2 }, prometheusUrl: prometheus.url },
      });
      redis = new Redis(h.redis.url, { maxRetriesPerRequest: null });
      queue = new Queue<ReleaseCostJob>(SLO_QUEUE, { connection: redis });
    }, 120_000);
    afterAll(async () => {
      await queue?.close();
      redis?.disconnect();
      await h?.stop();
      await kube?.stop();
      await prometheus?.stop();
      await metrics?.stop();
    });

    /** /deploy, then Argo CD syncs the pushed commit and reports it Healthy: the reconcile job sees it live. */
    const goLive = async (name: string, image: string): Promise<{ sha: string; thread: string }> => {
      const since = h.slack.calls.length;
      await h.command('/deploy', `${name} ${image}`);
      const thread = tsOf(await announcementOf(h, name, since)) ?? '';
      await argo.waitFor(name, (a) => (a.operation?.sync?.revision ? a : undefined));
      const sha = pushed(h, name);
      await argo.refreshed(name);
      await argo.synced(name, sha, 'Healthy');
      await h.slack.waitFor((calls) =>
        calls.find(
          (c) =>
            c.method === 'chat.update' &&
            String(c.body['text']).startsWith(`Argo CD \`argocd/${name}\` ← \`${sha.slice(0, 7)}`) &&
            /live and Healthy/.test(String(c.body['text'])),
        ),
      );
      return { sha, thread };
    };

    it('an hour (sped up) after the change is live, its thread gets the budget spent since against the same time before', async () => {
      const { sha, thread } = await goLive('web', 'nginx:1.27.0');
      // The release is worse than what ran before it.
      metrics.setErrorEvery(10);
      const post = await h.slack.waitFor((calls) =>
        calls.find(
          (c) =>
            c.method === 'chat.postMessage' &&
            String(c.body['text']).startsWith(':bar_chart: *Cost of this release* 3 sec after it went live'),
        ),
      );
      expect(post.body['channel']).toBe('C0DEPLOYS');
      expect(post.body['thread_ts']).toBe(thread);
      const text = String(post.body['text']);
      expect(text).toContain(`(\`${sha.slice(0, 7)}\`)`);
      const numbers =
        /\*web-availability\*: ([\d.]+) % of the error budget spent since, against ([\d.]+) % in the same time before/.exec(
          text,
        );
      expect(numbers, text).not.toBeNull();
      expect(Number(numbers?.[1])).toBeGreaterThan(Number(numbers?.[2]));
      expect(Number(numbers?.[2])).toBeGreaterThan(0);

      // "A day after" waits 60 s: it is there, delayed, once for this revision.
      const day = await queue.getJob(releaseCostJobId('web', sha, '1d'));
      expect(await day?.getState()).toBe('delayed');
      expect(day?.data).toMatchObject({ app: 'web', revision: sha, after: '1d', thread: { ts: thread } });
      expect(day?.opts.delay).toBeGreaterThan(50_000);
      expect(day?.opts.delay).toBeLessThanOrEqual(60_000);
      // Taken up now rather than in a minute: it posts in the same thread, once.
      await day?.promote();
      const later = await h.slack.waitFor((calls) =>
        calls.find(
          (c) =>
            c.method === 'chat.postMessage' &&
            String(c.body['text']).startsWith(':bar_chart: *Cost of this release* 1 min after it went live'),
        ),
      );
      expect(later.body['thread_ts']).toBe(thread);
      expect(costPosts(h)).toHaveLength(2);
    });

    it('seen live again (a /sync of the same commit) schedules nothing new: one post per revision and delay', async () => {
      const sha = pushed(h, 'web');
      const before = await queue.getJob(releaseCostJobId('web', sha, '1h'));
      expect(await before?.getState()).toBe('completed');
      const live = () =>
        h.slack.calls.filter(
          (c) =>
            (c.method === 'chat.update' || c.method === 'chat.postMessage') &&
            String(c.body['text']).startsWith(`Argo CD \`argocd/web\` ← \`${sha.slice(0, 7)}`) &&
            /live and Healthy/.test(String(c.body['text'])),
        ).length;
      const seen = live();
      await h.command('/sync', 'web');
      await h.slack.waitFor(() => live() > seen);
      const after = await queue.getJob(releaseCostJobId('web', sha, '1h'));
      expect(after?.timestamp).toBe(before?.timestamp);
      expect(after?.finishedOn).toBe(before?.finishedOn);
      expect(costPosts(h)).toHaveLength(2);
    });

    it('an app without an SLO gets no cost post', async () => {
      // Scheduled (or not) before the progress says live.
      await goLive('plain', 'nginx:1.27.0');
      expect((await queue.getJobs(['delayed', 'wait', 'completed'])).filter((j) => j.data.app === 'plain')).toEqual([]);
    });

    it('a canary fully promoted is live: its cost goes into the deploy’s thread, named by the Rollout’s revision', async () => {
      await h.command('/deploy', 'shop nginx:1.27.0');
      const thread = tsOf(await announcementOf(h, 'shop')) ?? '';
      await h.slack.waitFor((calls) =>
        calls.find(
          (c) => c.method === 'chat.postMessage' && /^Pushed `[0-9a-f]{7}`.*apps\/shop\//.test(String(c.body['text'])),
        ),
      );
      // The new revision waits for a person (its card goes into the thread), then is promoted to the end.
      await rollouts.status('shop', {
        currentPodHash: CANARY,
        stableRS: STABLE,
        currentStepIndex: 1,
        phase: 'Paused',
        message: 'CanaryPauseStep',
        controllerPause: true,
        pauseConditions: [{ reason: 'CanaryPauseStep', startTime: new Date().toISOString() }],
      });
      await h.slack.waitFor((calls) =>
        calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Canary `shop`')),
      );
      await rollouts.status('shop', {
        currentPodHash: CANARY,
        stableRS: CANARY,
        currentStepIndex: 8,
        phase: 'Healthy',
        message: null,
        controllerPause: false,
        pauseConditions: null,
      });
      const post = await h.slack.waitFor((calls) =>
        calls.find(
          (c) =>
            c.method === 'chat.postMessage' &&
            String(c.body['text']).startsWith(
              ':bar_chart: *Cost of this release* 3 sec after it went live (`rollout-31`)',
            ),
        ),
      );
      expect(post.body['thread_ts']).toBe(thread);
      expect(String(post.body['text'])).toMatch(/\*web-availability\*: [\d.]+ % of the error budget spent since/);
      expect(await queue.getJob(releaseCostJobId('shop', 'rollout-31', '1d'))).toBeDefined();
    });

    it('when Prometheus cannot be read, the thread is told the cost could not be read, after the retries', async () => {
      await prometheus.stop();
      const { thread } = await goLive('web', 'nginx:1.28.0');
      const post = await h.slack.waitFor(
        (calls) =>
          calls.find(
            (c) =>
              c.method === 'chat.postMessage' &&
              c.body['thread_ts'] === thread &&
              String(c.body['text']).startsWith(':grey_question: *Cost of this release* 3 sec after it went live'),
          ),
        30_000,
      );
      expect(String(post.body['text'])).toMatch(
        /it could not be read\. Prometheus at http:\/\/127\.0\.0\.1:\d+ did not answer after 3 attempts/,
      );
    }, 60_000);
  },
);
