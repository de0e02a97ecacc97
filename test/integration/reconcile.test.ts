import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgoPlayer } from '../helpers/argo.js';
import { deployment, fixture, startHarness, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { tsOf, type RecordedCall } from '../helpers/fake-slack.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

const app = (name: string, extra = '') => `
  ${name}:
    environment: staging
    manifest: apps/${name}/deployment.yaml
    container: web
    argocd: { application: ${name}, namespace: argocd${extra} }
    channel: C0${name.toUpperCase().replace(/-/g, '')}`;

const CONFIG = `
gitops: { branch: main }
apps:${app('web', ', prune: true')}${app('auto')}${app('slow')}${app('broken')}${app('twice')}${app('ghost')}
  no-argo:
    manifest: apps/no-argo/deployment.yaml
    container: web
policies:
  default: { deploy: ["*"], promote: ["*"] }
reconcile: { timeoutSeconds: 10, notify: false }
`;

const NAMES = ['web', 'auto', 'slow', 'broken', 'twice', 'ghost', 'no-argo'];
const FILES = Object.fromEntries(NAMES.map((n) => [`apps/${n}/deployment.yaml`, deployment(n, 'nginx:1.25.0')]));

/** The progress message of a reconcile (posted once, then updated in place), and every version of it. */
function progress(h: Harness, application: string, sha?: string): { post?: RecordedCall; texts: string[] } {
  const prefix = `Argo CD \`argocd/${application}\` ← \`${sha ? sha.slice(0, 7) : ''}`;
  const post = h.slack.calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith(prefix));
  if (!post) return { texts: [] };
  const updates = h.slack.calls.filter((c) => c.method === 'chat.update' && String(c.body['text']).startsWith(prefix));
  return { post, texts: [String(post.body['text']), ...updates.map((c) => String(c.body['text']))] };
}

const waitForProgress = (h: Harness, application: string, pattern: RegExp, sha?: string, timeoutMs = 15_000) =>
  h.slack.waitFor(() => {
    const { texts } = progress(h, application, sha);
    return texts.length > 0 && pattern.test(texts[texts.length - 1] ?? '') && texts;
  }, timeoutMs);

/** The commit of the change just requested: the newest "Pushed" reply for the app after `since` calls. */
const pushedSha = async (h: Harness, app: string, since = h.slack.calls.length): Promise<string> => {
  const reply = await h.slack.waitFor((calls) =>
    calls
      .slice(since)
      .find(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.body['thread_ts'] &&
          new RegExp(`^Pushed \`[0-9a-f]{7}\`.*apps/${app}/`).test(String(c.body['text'])),
      ),
  );
  const short = /`([0-9a-f]{7})`/.exec(String(reply.body['text']))?.[1] ?? '';
  const commit = h.remote.log().find((c) => c.sha.startsWith(short));
  if (!commit) throw new Error(`no commit ${short}`);
  return commit.sha;
};

describe.skipIf(!available)(
  'reconcile: Argo CD follows every change at once, and Slack follows Argo CD (real kube-apiserver)',
  () => {
    let kube: KubeCluster;
    let argo: ArgoPlayer;
    let h: Harness;

    beforeAll(async () => {
      kube = await startKube([fixture('argo-cd/application-crd.yaml')]);
      await bindKanariaRole(kube);
      argo = new ArgoPlayer(kube);
      await argo.createNamespace();
      for (const name of ['web', 'slow', 'broken', 'twice']) await argo.create(name);
      await argo.create('auto', { automated: true });
      h = await startHarness({
        files: FILES,
        config: CONFIG,
        kanaria: { kube: { path: kube.kubeconfig.kanaria, watchSeconds: 2 } },
      });
    }, 120_000);
    afterAll(async () => {
      await h?.stop();
      await kube?.stop();
    });

    it('after /deploy: refresh requested, sync operation written for the pushed commit as the Slack user, one message in the thread updated in place to Healthy', async () => {
      const sinceSha = h.slack.calls.length;
      await h.command('/deploy', 'web nginx:1.27.0');
      const sha = await pushedSha(h, 'web', sinceSha);

      const written = await argo.waitFor('web', (a) => (a.operation?.sync?.revision ? a : undefined));
      expect(written.metadata.annotations?.['argocd.argoproj.io/refresh']).toBe('normal');
      expect(written.operation).toEqual({
        initiatedBy: { username: 'Ana Lima' },
        sync: { revision: sha, prune: true, syncStrategy: { hook: {} } },
      });
      await waitForProgress(h, 'web', /in progress/, sha);

      await argo.refreshed('web');
      await argo.synced('web', sha, 'Progressing');
      await waitForProgress(h, 'web', /in progress/, sha);
      await argo.status('web', { health: { status: 'Healthy' } });
      const texts = await waitForProgress(h, 'web', /live and Healthy/, sha);

      const { post } = progress(h, 'web', sha);
      // In the thread of the change's announcement, posted once and then updated.
      const announcementTs = tsOf(
        h.slack.calls.find(
          (c) =>
            c.method === 'chat.postMessage' &&
            !c.body['thread_ts'] &&
            /asked to deploy `web`/.test(String(c.body['text'])),
        ),
      );
      expect(announcementTs).toMatch(/^\d+\.\d+$/);
      expect(post?.body['thread_ts']).toBe(announcementTs);
      const progressPosts = h.slack.calls.filter(
        (c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Argo CD `argocd/web`'),
      );
      expect(progressPosts).toHaveLength(1);
      expect(texts.length).toBeGreaterThanOrEqual(2);
      const final = h.slack
        .callsTo('chat.update')
        .filter((c) => String(c.body['text']).startsWith('Argo CD `argocd/web`'))
        .at(-1);
      const blocks = JSON.stringify(final?.body['blocks']);
      for (const step of ['committed', 'refresh requested', 'syncing', 'synced', 'healthy'])
        expect(blocks).toContain(`:white_check_mark: ${step}`);
    });

    it('with an automated sync policy it only refreshes: Argo CD syncs by itself', async () => {
      const since = h.slack.calls.length;
      await h.command('/deploy', 'auto nginx:1.27.0');
      const sha = await pushedSha(h, 'auto', since);
      await argo.waitFor('auto', (a) => a.metadata.annotations?.['argocd.argoproj.io/refresh'] === 'normal');
      await waitForProgress(h, 'auto', /in progress/, sha);
      expect((await argo.read('auto')).operation).toBeUndefined();
      await argo.refreshed('auto');
      await argo.synced('auto', sha, 'Healthy');
      await waitForProgress(h, 'auto', /live and Healthy/, sha);
      const final = h.slack
        .callsTo('chat.update')
        .filter((c) => String(c.body['text']).startsWith('Argo CD `argocd/auto`'))
        .at(-1);
      expect(JSON.stringify(final?.body['blocks'])).toContain(':white_check_mark: auto-sync');
    });

    it("a Degraded app ends the follow with Argo CD's message and the resources that failed", async () => {
      const sinceSha = h.slack.calls.length;
      await h.command('/deploy', 'broken nginx:1.27.0');
      const sha = await pushedSha(h, 'broken', sinceSha);
      await argo.waitFor('broken', (a) => a.operation?.sync?.revision === sha);
      await argo.synced('broken', sha, 'Progressing');
      await argo.status('broken', {
        health: { status: 'Degraded', message: 'Deployment "broken" exceeded its progress deadline' },
        resources: [
          {
            group: 'apps',
            kind: 'Deployment',
            namespace: 'broken',
            name: 'broken',
            status: 'Synced',
            health: { status: 'Degraded', message: 'Deployment "broken" exceeded its progress deadline' },
          },
        ],
      });
      const texts = await waitForProgress(h, 'broken', /Degraded/, sha);
      expect(texts.at(-1)).toContain('Degraded');
      const final = h.slack
        .callsTo('chat.update')
        .filter((c) => String(c.body['text']).startsWith('Argo CD `argocd/broken`'))
        .at(-1);
      expect(JSON.stringify(final?.body['blocks'])).toContain(
        '`Deployment/broken/broken`: Deployment \\"broken\\" exceeded its progress deadline',
      );
    });

    it("a failed sync operation is reported with Argo CD's message and the failed resources", async () => {
      const sinceSha = h.slack.calls.length;
      await h.command('/scale', 'broken 3');
      const sha = await pushedSha(h, 'broken', sinceSha);
      await argo.waitFor('broken', (a) => a.operation?.sync?.revision === sha);
      await argo.patch('broken', {
        operation: null,
        status: {
          operationState: {
            operation: { sync: { revision: sha } },
            phase: 'Failed',
            message: 'one or more objects failed to apply, reason: admission webhook denied the request',
            startedAt: new Date().toISOString(),
            syncResult: {
              revision: sha,
              resources: [
                {
                  group: 'apps',
                  version: 'v1',
                  kind: 'Deployment',
                  namespace: 'broken',
                  name: 'broken',
                  status: 'SyncFailed',
                  message: 'admission webhook "policy.example.com" denied the request',
                },
              ],
            },
          },
        },
      });
      await waitForProgress(h, 'broken', /sync failed/, sha);
      const final = h.slack
        .callsTo('chat.update')
        .filter((c) => String(c.body['text']).startsWith(`Argo CD \`argocd/broken\` ← \`${sha.slice(0, 7)}`))
        .at(-1);
      const blocks = JSON.stringify(final?.body['blocks']);
      expect(blocks).toContain('admission webhook denied the request');
      expect(blocks).toContain('`Deployment/broken/broken`: admission webhook');
    });

    it('a newer push of the same app supersedes the older reconcile', async () => {
      const sinceFirst = h.slack.calls.length;
      await h.command('/deploy', 'twice nginx:1.26.0');
      const first = await pushedSha(h, 'twice', sinceFirst);
      await waitForProgress(h, 'twice', /in progress/, first);
      await h.command('/deploy', 'twice nginx:1.27.0');
      const second = await h.slack.waitFor(
        () => h.remote.log().find((c) => c.subject === 'deploy(twice): nginx:1.26.0 → nginx:1.27.0')?.sha,
      );
      // The older one stops as soon as it sees the Application change.
      await argo.waitFor('twice', (a) => a.operation?.sync?.revision === first);
      await argo.synced('twice', first, 'Healthy');
      const texts = await waitForProgress(h, 'twice', /superseded/, first);
      expect(texts.at(-1)).toContain('superseded');
      // The newer one goes on to sync its own revision.
      await argo.waitFor('twice', (a) => a.operation?.sync?.revision === second);
      await argo.synced('twice', second, 'Healthy');
      await waitForProgress(h, 'twice', /live and Healthy/, second);
    });

    it('stops following at the timeout and says so', async () => {
      const sinceSha = h.slack.calls.length;
      await h.command('/deploy', 'slow nginx:1.27.0');
      const sha = await pushedSha(h, 'slow', sinceSha);
      await argo.waitFor('slow', (a) => a.operation?.sync?.revision === sha);
      // Argo CD never gets there.
      const texts = await waitForProgress(h, 'slow', /timed out/, sha, 20_000);
      expect(texts.at(-1)).toContain('timed out');
    }, 30_000);

    it('names the Application when it is missing in the cluster', async () => {
      const sinceSha = h.slack.calls.length;
      await h.command('/deploy', 'ghost nginx:1.27.0');
      const sha = await pushedSha(h, 'ghost', sinceSha);
      await waitForProgress(h, 'ghost', /could not reconcile/, sha);
      const final = [...h.slack.calls]
        .reverse()
        .find((c) => String(c.body['text']).startsWith('Argo CD `argocd/ghost`'));
      expect(JSON.stringify(final?.body['blocks'])).toContain(
        'There is no Argo CD Application `argocd/ghost` in the cluster.',
      );
    });

    it('/sync hard: hard refresh and a sync to the Git head, even with an automated policy, followed in the channel', async () => {
      const ack = await h.command('/sync', 'auto hard');
      expect(ack.text).toBe(
        'Queued: hard refresh and sync of `auto` (Argo CD `argocd/auto`). Progress follows in this channel.',
      );
      const head = h.remote.head();
      // Argo CD drifted meanwhile: the app is OutOfSync at the head.
      await argo.status('auto', { sync: { status: 'OutOfSync', revision: head } });
      const written = await argo.waitFor('auto', (a) => a.operation?.sync?.revision === head && a);
      expect(written.metadata.annotations?.['argocd.argoproj.io/refresh']).toBe('hard');
      await argo.synced('auto', head, 'Healthy');
      await waitForProgress(h, 'auto', /live and Healthy/, head);
      const post = progress(h, 'auto', head).post;
      expect(post?.body['channel']).toBe('C0DEPLOYS');
      expect(post?.body['thread_ts']).toBeUndefined();
    });

    it.each([
      ['an unknown app', 'wbe', /no app `wbe`.*Did you mean `web`/s],
      [
        'an app without an Argo CD Application',
        'no-argo',
        /`no-argo` has no Argo CD Application in Kanaria's configuration/,
      ],
      ['an unknown mode', 'web soft', /`soft` is not a sync mode: the only one is `hard`/],
    ])('/sync refuses %s privately and asks Argo CD nothing', async (_, text, expected) => {
      const before = (await argo.read('web')).metadata.resourceVersion;
      const ack = await h.command('/sync', text);
      expect(ack.text).toMatch(expected);
      expect((await argo.read('web')).metadata.resourceVersion).toBe(before);
    });

    it('/status shows sync state, health, the revision against the Git head and the last operation', async () => {
      const head = h.remote.head();
      await argo.synced('web', head, 'Healthy');
      const ack = await h.command('/status', 'web', { responseId: 'status-web' });
      expect(ack.text).toBe('Looking up the status of `web`…');
      const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:status-web'));
      const text = String(reply.body['text']);
      expect(text).toContain('*web* · Argo CD `argocd/web`');
      expect(text).toContain(`Sync: *Synced* at \`${head.slice(0, 7)}\` — the Git head`);
      expect(text).toContain('Health: :large_green_circle: *Healthy*');
      expect(text).toContain(
        `Last operation: *Succeeded* at \`${head.slice(0, 7)}\` — successfully synced (all tasks run)`,
      );
      expect(text).toMatch(/Last change: `[0-9a-f]{7}` deploy\(web\): nginx:1.25.0 → nginx:1.27.0 \(<@U0ANA>\)/);
    });

    it('/metrics shows queue depth per queue and state, reconcile outcomes and commands; /readyz says ready', async () => {
      const body = await (await fetch(`http://127.0.0.1:${h.port}/metrics`)).text();
      for (const queue of ['gitops', 'reconcile', 'notify']) {
        for (const state of ['waiting', 'active', 'delayed', 'failed'])
          expect(body).toMatch(new RegExp(`^kanaria_queue_jobs\\{queue="${queue}",state="${state}"\\} \\d+$`, 'm'));
      }
      // The Degraded, failed and timed-out reconciles above ended as failed jobs; the healthy ones completed.
      expect(body).toMatch(/^kanaria_queue_jobs\{queue="reconcile",state="failed"\} [1-9]\d*$/m);
      expect(body).toMatch(/^kanaria_jobs_total\{queue="reconcile",outcome="completed"\} [1-9]\d*$/m);
      expect(body).toMatch(/^kanaria_jobs_total\{queue="reconcile",outcome="failed"\} [1-9]\d*$/m);
      expect(body).toMatch(/^kanaria_job_duration_seconds_count\{queue="reconcile"\} [1-9]\d*$/m);
      expect(body).toMatch(/^kanaria_commands_total\{command="sync",outcome="accepted"\} 1$/m);
      expect(body).toMatch(/^kanaria_commands_total\{command="sync",outcome="not-configured"\} 1$/m);
      const ready = await fetch(`http://127.0.0.1:${h.port}/readyz`);
      expect(ready.status).toBe(200);
    });
  },
);
