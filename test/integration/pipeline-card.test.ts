import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCardRegistry } from '../../src/adapters/card-registry.js';
import { ArgoPlayer } from '../helpers/argo.js';
import { tsOf, type RecordedCall } from '../helpers/fake-slack.js';
import { fixture, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { CANARY, RolloutPlayer } from '../helpers/rollouts.js';
import { buttonPress, postSigned } from '../helpers/slack-requests.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

const DIGEST = `sha256:${'5e1f0c3a9b7d2e4f'.repeat(4)}`;
const BUILT = `ghcr.io/acme/web:1.4.3@${DIGEST}`;

const FILES = {
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
  'apps/web/staging/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../base
images:
  - name: ghcr.io/acme/web
    newTag: 1.4.2
`,
  'apps/web/base/deployment.yaml': 'kind: Deployment\n',
  'apps/web/prod/values.yaml': `image:
  repository: ghcr.io/acme/web
  tag: "1.4.1"
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
  default: { deploy: ["*"], promote: ["*"] }
reconcile: { timeoutSeconds: 10, notify: false }
`;

type Block = { type: string; text?: { text: string }; elements?: Record<string, unknown>[] };
const blocksOf = (call: RecordedCall): Block[] => call.body['blocks'] as Block[];
/** The row of a stage: its section's text. */
const rowOf = (call: RecordedCall, stage: string): string =>
  blocksOf(call).find((b) => b.type === 'section' && b.text?.text.startsWith(`*${stage}*`))?.text?.text ?? '';
const buttonsOf = (call: RecordedCall) =>
  blocksOf(call)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []) as { action_id: string; value: string; text: { text: string } }[];

/** The card's posts in the channel, and its last version (the post, or the last chat.update of it). */
function cardCalls(h: Harness) {
  const posts = h.slack.calls.filter(
    (c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Pipeline `web`'),
  );
  const ts = tsOf(posts[0]);
  const updates = h.slack.calls.filter((c) => c.method === 'chat.update' && c.body['ts'] === ts);
  return { posts, ts, updates, last: updates.at(-1) ?? posts[0] };
}

describe.skipIf(!available)('/pipeline: the card of a pipeline (real Git remote, real kube-apiserver)', () => {
  let kube: KubeCluster;
  let argo: ArgoPlayer;
  let rollouts: RolloutPlayer;
  let h: Harness;

  beforeAll(async () => {
    kube = await startKube([fixture('argo-cd/application-crd.yaml'), fixture('argo-rollouts/crds/rollout-crd.yaml')]);
    await bindKanariaRole(kube);
    argo = new ArgoPlayer(kube);
    rollouts = new RolloutPlayer(kube, 'shop');
    await argo.createNamespace();
    // Staging's canary is under way: the third of eight steps.
    await rollouts.create('web-staging', { currentPodHash: CANARY, currentStepIndex: 2 });
    h = await startHarness({ files: FILES, config: CONFIG, kanaria: { kube: { path: kube.kubeconfig.kanaria } } });
    for (const name of ['web-dev', 'web-staging', 'web-prod']) await argo.create(name, { revision: h.remote.head() });
    await argo.synced('web-prod', h.remote.head(), 'Degraded');
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await kube?.stop();
  });

  it('posts one row per stage, first to last: image as written, last commit, Argo CD, canary step, Promote buttons', async () => {
    const ack = await h.command('/pipeline', 'web');
    expect(ack.text).toBe('Posting the card of pipeline `web`…');
    const card = await h.slack.waitFor(() => cardCalls(h).posts[0]);
    expect(card.body['channel']).toBe('C0DEPLOYS');
    const seed = h.remote.head().slice(0, 7);

    const dev = rowOf(card, 'dev');
    expect(dev).toContain('`web-dev`');
    expect(dev).toContain(`Runs \`${BUILT}\``);
    expect(dev).toMatch(new RegExp(`Last commit \`${seed}\` by \\S+.*, <!date\\^\\d+\\^\\{ago\\}`));
    expect(dev).toContain('Argo CD: Synced / Healthy');
    expect(dev).not.toContain('Canary');

    const staging = rowOf(card, 'staging');
    expect(staging).toContain('Runs `ghcr.io/acme/web:1.4.2`');
    expect(staging).toMatch(/Canary: \w+, step 3\/8/);
    expect(rowOf(card, 'prod')).toContain('Argo CD: Synced / Degraded');
    expect(rowOf(card, 'prod')).toContain('Runs `ghcr.io/acme/web:1.4.1`');

    expect(buttonsOf(card).map((b) => b.text.text)).toEqual(['Promote to staging', 'Promote to prod']);
  });

  it('asked again in the same channel (by an app of the pipeline), the card is updated in place, not posted twice', async () => {
    const { ts } = cardCalls(h);
    const since = h.slack.calls.length;
    await h.command('/pipeline', 'web-prod', { responseId: 'again' });
    const updated = await h.slack.waitFor(() =>
      h.slack.calls.slice(since).find((c) => c.method === 'chat.update' && c.body['ts'] === ts),
    );
    expect(rowOf(updated, 'dev')).toContain(`Runs \`${BUILT}\``);
    // The card may be far up the channel: the requester is told where it went.
    const told = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:again'));
    expect(told.body['text']).toBe('The card of pipeline `web` already in this channel is updated in place.');
    expect(cardCalls(h).posts).toHaveLength(1);
  });

  it('a lock taken shows on the card at once with its holder and reason, and goes when lifted', async () => {
    const { ts } = cardCalls(h);
    const lastOf = () => cardCalls(h).last;
    expect((await h.command('/lock', 'web prod quarterly audit', { userId: 'U0BOB' })).text).toContain('You hold');
    const locked = await h.slack.waitFor(() => {
      const last = lastOf();
      return last?.method === 'chat.update' && rowOf(last, 'prod').includes('Locked') ? last : undefined;
    });
    expect(locked.body['ts']).toBe(ts);
    expect(rowOf(locked, 'prod')).toContain(':lock: Locked by <@U0BOB>: quarterly audit');
    expect(rowOf(locked, 'staging')).not.toContain('Locked');

    expect((await h.command('/unlock', 'web prod', { userId: 'U0BOB' })).text).toContain('is unlocked');
    const unlocked = await h.slack.waitFor(() => {
      const last = lastOf();
      return last && !rowOf(last, 'prod').includes('Locked') ? last : undefined;
    });
    expect(unlocked.body['ts']).toBe(ts);
    expect(cardCalls(h).posts).toHaveLength(1);
  });

  it('pressing Promote to staging commits as the presser, and the card is updated in place with the new image', async () => {
    const { ts, last } = cardCalls(h);
    const button = buttonsOf(last ?? cardCalls(h).posts[0]!).find((b) => b.text.text === 'Promote to staging');
    const before = h.remote.head();
    const pressed = await postSigned(
      h.port,
      SIGNING_SECRET,
      buttonPress({
        actionId: button?.action_id ?? '',
        value: button?.value ?? '',
        userId: 'U0ANA',
        channel: 'C0DEPLOYS',
        messageTs: ts ?? '',
        responseUrl: h.slack.responseUrl('press'),
      }),
    );
    expect(pressed.status).toBe(200);
    const updated = await h.slack.waitFor(
      () =>
        h.slack.calls.find(
          (c) => c.method === 'chat.update' && c.body['ts'] === ts && rowOf(c, 'staging').includes(DIGEST),
        ),
      20_000,
    );
    const [commit] = h.remote.log();
    expect(commit?.sha).not.toBe(before);
    expect(commit?.subject).toBe(`promote(web-staging): dev → staging ${BUILT}`);
    expect(commit?.body).toContain('Slack-User: U0ANA');
    expect(rowOf(updated, 'staging')).toContain(`Last commit \`${commit?.sha.slice(0, 7)}\``);
    expect(cardCalls(h).posts).toHaveLength(1);
  });

  it('when the Rollout watch sees staging’s canary move, the card is updated in place with its step', async () => {
    const { ts } = cardCalls(h);
    await rollouts.status('web-staging', {
      currentStepIndex: 3,
      pauseConditions: null,
      controllerPause: false,
      phase: 'Progressing',
      message: null,
    });
    const updated = await h.slack.waitFor(
      () =>
        h.slack.calls.find(
          (c) => c.method === 'chat.update' && c.body['ts'] === ts && rowOf(c, 'staging').includes('step 4/8'),
        ),
      20_000,
    );
    expect(rowOf(updated, 'staging')).toContain('Canary: Progressing, step 4/8');
    expect(cardCalls(h).posts).toHaveLength(1);
  });

  it("the canary row shows the last analysis verdict of the revision running, not an older revision's", async () => {
    const { ts } = cardCalls(h);
    const redis = new Redis(h.redis.url);
    const cards = new RedisCardRegistry(redis);
    const running = (await rollouts.read('web-staging')).metadata.annotations?.['rollout.argoproj.io/revision'] ?? '';
    const redrawn = async (responseId: string) => {
      const since = h.slack.calls.length;
      await h.command('/pipeline', 'web', { responseId });
      return h.slack.waitFor(() =>
        h.slack.calls.slice(since).find((c) => c.method === 'chat.update' && c.body['ts'] === ts),
      );
    };
    try {
      await cards.setLastVerdict('web-staging', { revision: `${running}-old`, verdict: 'fail', score: 12 });
      expect(rowOf(await redrawn('old-verdict'), 'staging')).not.toContain('last analysis');
      await cards.setLastVerdict('web-staging', { revision: running, verdict: 'pass', score: 92 });
      expect(rowOf(await redrawn('verdict'), 'staging')).toContain('step 4/8 · last analysis PASS, score 92');
    } finally {
      redis.disconnect();
    }
  });
});

describe('/pipeline without a cluster', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ files: FILES, config: CONFIG });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('draws the rows from Git alone: Argo CD and the canary say "not checked"', async () => {
    await h.command('/pipeline', 'web');
    const card = await h.slack.waitFor(() => cardCalls(h).posts[0]);
    expect(rowOf(card, 'dev')).toContain(`Runs \`${BUILT}\``);
    expect(rowOf(card, 'dev')).toContain('Argo CD: not checked');
    expect(rowOf(card, 'staging')).toContain('Canary: not checked');
    expect(rowOf(card, 'prod')).toContain('Argo CD: not checked');
  });

  it('an unknown pipeline is refused with the ones there are', async () => {
    const ack = await h.command('/pipeline', 'shop');
    expect(ack.text).toContain('`shop` is neither a pipeline nor an app of one.');
    expect(ack.text).toContain('`web`');
  });
});
