import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgoPlayer } from '../helpers/argo.js';
import { tsOf } from '../helpers/fake-slack.js';
import { fixture, startHarness, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { CANARY, RolloutPlayer, STABLE } from '../helpers/rollouts.js';
import { threadOf } from '../helpers/announcements.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

/** What CI built for dev: a tag and the digest it pushed, as the release carried to production. */
const DIGEST = `sha256:${'5e1f0c3a9b7d2e4f'.repeat(4)}`;
const BUILT = `ghcr.io/acme/web:1.4.3@${DIGEST}`;

const FILES = {
  // dev: a plain Deployment.
  'apps/web/dev/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: ${BUILT} # built by CI
`,
  // staging: a kustomize overlay of a base.
  'apps/web/staging/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../base
images:
  - name: ghcr.io/acme/web
    newTag: 1.4.2 # last week's release
`,
  'apps/web/base/deployment.yaml': 'kind: Deployment\n',
  // prod: Helm values.
  'apps/web/prod/values.yaml': `# web in production
replicaCount: 6
image:
  repository: ghcr.io/acme/web
  tag: "1.4.2"
  digest: ""
`,
};

const CONFIG = `
gitops: { branch: main }
apps:
  web-dev:
    environment: dev
    manifest: apps/web/dev/deployment.yaml
    container: web
    argocd: { application: web-dev, namespace: argocd }
  web-staging:
    environment: staging
    manifest: apps/web/staging/kustomization.yaml
    argocd: { application: web-staging, namespace: argocd }
    rollout: { name: web-staging, namespace: shop }
  web-prod:
    environment: prod
    manifest: apps/web/prod/values.yaml
    argocd: { application: web-prod, namespace: argocd }
pipelines:
  web: { stages: [web-dev, web-staging, web-prod] }
policies:
  prod: { deploy: [U0ANA], promote: [U0ANA] }
  default: { deploy: ["*"], promote: ["*"] }
reconcile: { timeoutSeconds: 10, notify: false }
`;

describe.skipIf(!available)(
  '/promote: one release carried dev → staging → prod (real Git remote, real kube-apiserver with Argo CD and Rollouts CRDs)',
  () => {
    let kube: KubeCluster;
    let argo: ArgoPlayer;
    let rollouts: RolloutPlayer;
    let h: Harness;

    /** The announcement of the change whose text names `needle`, posted after call `since`, once it matches `status`. */
    const announced = (since: number, needle: string, status: RegExp, timeoutMs = 20_000) =>
      h.slack.waitFor(() => {
        const posted = h.slack.calls
          .slice(since)
          .find(
            (c) => c.method === 'chat.postMessage' && !c.body['thread_ts'] && String(c.body['text']).includes(needle),
          );
        const ts = tsOf(posted);
        if (!ts) return undefined;
        const last = [...h.slack.calls]
          .reverse()
          .find((c) => c === posted || (c.method === 'chat.update' && c.body['ts'] === ts));
        const text = String(last?.body['text']);
        return status.test(text) ? { ts, text } : undefined;
      }, timeoutMs);
    /** The reply of `kind` in the announcement's thread. */
    const reply = (ts: string, pattern: RegExp) =>
      h.slack.waitFor(() => threadOf(h, ts).find((c) => pattern.test(String(c.body['text']))));

    /** Sends `/promote <text>` and waits for its announcement to settle on pushed / failed / unchanged. */
    async function promote(text: string, status: RegExp, options: { userId?: string } = {}) {
      const since = h.slack.calls.length;
      const ack = await h.command('/promote', text, options);
      expect(ack.text).toMatch(/^Queued/);
      return announced(since, 'promote `web`', status);
    }
    const commitOf = (subjectStart: string) => h.remote.log().find((c) => c.subject.startsWith(subjectStart));

    beforeAll(async () => {
      kube = await startKube([fixture('argo-cd/application-crd.yaml'), fixture('argo-rollouts/crds/rollout-crd.yaml')]);
      await bindKanariaRole(kube);
      argo = new ArgoPlayer(kube);
      rollouts = new RolloutPlayer(kube, 'shop');
      await argo.createNamespace();
      // Staging's canary is done: its current pods are the stable ones, past the last step.
      await rollouts.create('web-staging', { currentPodHash: STABLE, currentStepIndex: 8 });
      h = await startHarness({ files: FILES, config: CONFIG, kanaria: { kube: { path: kube.kubeconfig.kanaria } } });
      // Every stage runs the seed commit, Synced and Healthy.
      for (const name of ['web-dev', 'web-staging', 'web-prod']) await argo.create(name, { revision: h.remote.head() });
    }, 120_000);
    afterAll(async () => {
      await h?.stop();
      await kube?.stop();
    });

    it('refuses before queueing: a skipped stage, an unknown stage, the first stage, going back, someone outside the target’s policy', async () => {
      const before = h.remote.head();
      expect((await h.command('/promote', 'web dev prod')).text).toContain(
        'Promoting `dev` → `prod` would skip `staging` of `web`.',
      );
      expect((await h.command('/promote', 'web dev prod')).text).toContain('`policies.prod.skipStages: true`');
      expect((await h.command('/promote', 'web qa')).text).toContain(
        'Pipeline `web` has no stage `qa`.\nIts stages, first to last: `dev` or `staging` or `prod`.',
      );
      expect((await h.command('/promote', 'web dev')).text).toContain('`dev` is the first stage of `web`');
      expect((await h.command('/promote', 'web prod staging')).text).toContain(
        '`prod` does not come before `staging` in `web`',
      );
      expect((await h.command('/promote', 'shop prod')).text).toContain(
        '`shop` is neither a pipeline nor an app of one.',
      );
      expect((await h.command('/promote', 'web prod', { userId: 'U0EVE' })).text).toContain(
        'You may not promote to prod',
      );
      expect(h.remote.head()).toBe(before);
    });

    it('--dry-run shows the diff of the target manifest and commits nothing', async () => {
      const before = h.remote.head();
      await h.command('/promote', 'web-staging staging --dry-run', { responseId: 'dry' });
      const shown = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:dry'));
      const text = String(shown.body['text']);
      expect(text).toContain('promote `web` dev → staging');
      expect(text).toContain('+++ b/apps/web/staging/kustomization.yaml');
      expect(text).toContain(`+    digest: ${DIGEST}`);
      expect(text).toContain('-    newTag: 1.4.2 # last week');
      expect(h.remote.head()).toBe(before);
    });

    it('dev → staging: the digest carried byte for byte into the kustomize overlay, Promoted-From names dev’s commit', async () => {
      const seed = h.remote.head();
      const { ts } = await promote('web staging', /pushed/);
      const commit = commitOf('promote(web-staging)');
      expect(commit?.subject).toBe(`promote(web-staging): dev → staging ${BUILT}`);
      expect(commit?.body).toContain(`Promoted-From: dev ${seed}`);
      expect(commit?.body).toContain('Kanaria-App: web-staging');
      expect(commit?.body).toContain('Slack-User: U0ANA');
      expect(commit?.author).toBe('Ana Lima <ana@example.com>');
      const staging = h.remote.show('apps/web/staging/kustomization.yaml');
      expect(staging).toContain(`    digest: ${DIGEST}\n`);
      expect(staging).not.toContain('newTag');
      const pushed = await reply(ts, /^Pushed/);
      expect(JSON.stringify(pushed.body['blocks'])).toContain('Roll back');
    });

    it('staging → prod is refused while staging does not run its last commit, is Degraded, or is mid-canary; then carried', async () => {
      const promoted = commitOf('promote(web-staging)')?.sha ?? '';
      expect(promoted).not.toBe('');

      // Argo CD has not taken the promotion yet: staging still runs the seed.
      let refused = await promote('web prod', /failed/);
      expect(refused.text).toContain(
        `\`staging\` runs revision \`${h.remote.log().at(-1)?.sha.slice(0, 7)}\`, which does not contain its last commit \`${promoted.slice(0, 7)}\``,
      );

      await argo.synced('web-staging', promoted, 'Degraded');
      refused = await promote('web prod', /failed/);
      expect(refused.text).toContain('`staging` is Degraded (Argo CD `argocd/web-staging`)');

      await argo.status('web-staging', { health: { status: 'Healthy' } });
      // The new version is rolling out: the canary's pods are not the stable ones, at the third of eight steps.
      await rollouts.status('web-staging', { currentPodHash: CANARY, currentStepIndex: 2 });
      refused = await promote('web prod', /failed/);
      expect(refused.text).toContain('`staging` is mid-canary at step 3/8 (Rollout `shop/web-staging`)');
      expect(h.remote.show('apps/web/prod/values.yaml')).toContain('digest: ""');

      // Fully promoted.
      await rollouts.status('web-staging', { stableRS: CANARY, currentStepIndex: 8 });
      await promote('web prod', /pushed/);
      const commit = commitOf('promote(web-prod)');
      expect(commit?.subject).toBe(`promote(web-prod): staging → prod ghcr.io/acme/web@${DIGEST}`);
      expect(commit?.body).toContain(`Promoted-From: staging ${promoted}`);
      const prod = h.remote.show('apps/web/prod/values.yaml');
      expect(prod).toContain(`  digest: "${DIGEST}"\n`);
      expect(prod).toContain('# web in production\nreplicaCount: 6\n');
    });

    it('promoting what the target already runs changes nothing', async () => {
      const before = h.remote.head();
      const { text } = await promote('web staging', /Nothing to change|already/);
      expect(text).not.toMatch(/failed/);
      expect(h.remote.head()).toBe(before);
    });
  },
);
