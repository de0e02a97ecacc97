import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeArgoApplications } from '../../src/adapters/argocd.js';
import { KubeGpuSource } from '../../src/adapters/gpu-inventory.js';
import { KubeForbidden, KubeNotFound, KubeRejected, KubeUnavailable } from '../../src/adapters/kube-errors.js';
import { freePort } from '../../src/adapters/redis.js';
import { KubeRollouts } from '../../src/adapters/rollouts.js';
import { Refusal, TransientError } from '../../src/domain/errors.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { fixture } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { RolloutPlayer } from '../helpers/rollouts.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';
const en = wordsFor('en');
const ja = wordsFor('ja');
const POOL = 'cloud.google.com/gke-nodepool';
const rolloutRef = { name: 'web', namespace: 'shop' };
const applications = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications', namespace: 'argocd' };
const failure = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => error,
  );

describe.skipIf(!available)('Kubernetes failures as facts (a real kube-apiserver; Kanaria RBAC-bound)', () => {
  let kube: KubeCluster;

  beforeAll(async () => {
    kube = await startKube([fixture('argo-rollouts/crds/rollout-crd.yaml'), fixture('argo-cd/application-crd.yaml')]);
    await new RolloutPlayer(kube, 'shop').create('web');
    const admin = kube.client('admin');
    await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'argocd' } } });
    await admin.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      ...applications,
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'web' },
        spec: {
          project: 'default',
          source: { repoURL: 'https://git.example.com/gitops.git', path: 'apps/web', targetRevision: 'main' },
          destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
        },
      },
    });
  }, 120_000);
  afterAll(async () => kube?.stop());

  it("a verb Kanaria's role lacks is KubeForbidden: a refusal naming the verb, the resource and the object", async () => {
    const rollouts = new KubeRollouts(kube.client('kanaria'));
    const error = await failure(rollouts.get(rolloutRef));
    expect(error).toBeInstanceOf(KubeForbidden);
    expect(error).toBeInstanceOf(Refusal);
    expect((error as KubeForbidden).request).toEqual({
      verb: 'get',
      resource: 'rollouts.argoproj.io',
      namespace: 'shop',
      name: 'web',
    });
    expect(explain(en, error as KubeForbidden)).toEqual({
      message: 'Kanaria may not get rollouts.argoproj.io in namespace `shop` (RBAC).',
      hint: 'Grant its ServiceAccount the "get" verb on rollouts.argoproj.io (see deploy/).',
    });
    expect(explain(ja, error as KubeForbidden).message).toBe(
      'Kanaria には namespace `shop` の rollouts.argoproj.io を get する権限がありません (RBAC)。',
    );

    // A watch lists first: the list is what is forbidden.
    const watching = rollouts.observe('shop', new AbortController().signal);
    const listed = await failure(watching.next());
    expect(listed).toBeInstanceOf(KubeForbidden);
    expect((listed as KubeForbidden).request).toMatchObject({ verb: 'list', namespace: 'shop' });

    // The GPU report cannot go on without nodes, and says so.
    const nodes = await failure(new KubeGpuSource(kube.client('kanaria')).read(POOL));
    expect(nodes).toBeInstanceOf(KubeForbidden);
    expect((nodes as KubeForbidden).request).toEqual({ verb: 'list', resource: 'nodes' });
    expect(explain(en, nodes as KubeForbidden)).toEqual({
      message: 'Kanaria may not list nodes (RBAC), so it cannot report GPU capacity.',
      hint: 'Grant its ServiceAccount "list" on nodes cluster-wide (see deploy/base/rbac.yaml).',
    });

    await bindKanariaRole(kube);
    // RBAC changes take a moment to reach the authorizer.
    for (let i = 0; i < 50 && (await failure(rollouts.get(rolloutRef))) !== undefined; i++)
      await new Promise((r) => setTimeout(r, 100));
  });

  it('an object kanaria.yaml names that is not in the cluster is KubeNotFound, saying where it is configured', async () => {
    const error = await failure(new KubeRollouts(kube.client('kanaria')).get({ name: 'ghost', namespace: 'shop' }));
    expect(error).toBeInstanceOf(KubeNotFound);
    expect(error).toMatchObject({ request: { verb: 'get', resource: 'rollouts.argoproj.io', name: 'ghost' } });
    expect(explain(en, error as KubeNotFound)).toEqual({
      message: 'There is no Argo Rollout `shop/ghost` in the cluster.',
      hint: 'Check apps.<app>.rollout in kanaria.yaml.',
    });
    expect(explain(ja, error as KubeNotFound)).toEqual({
      message: 'クラスタに Argo Rollout `shop/ghost` がありません。',
      hint: 'kanaria.yaml の apps.<app>.rollout を確認してください。',
    });
  });

  it('a request the API server finds invalid (422) is KubeRejected (unrecoverable) with the status and its words', async () => {
    const error = await failure(
      new KubeRollouts(kube.client('kanaria')).apply(rolloutRef, { spec: { spec: { replicas: 'many' } } }),
    );
    expect(error).toBeInstanceOf(KubeRejected);
    expect(error).not.toBeInstanceOf(Refusal);
    expect(error).not.toBeInstanceOf(TransientError);
    expect(error).toMatchObject({
      status: 422,
      request: { verb: 'patch', resource: 'rollouts.argoproj.io', namespace: 'shop', name: 'web' },
    });
    expect((error as KubeRejected).reason).toMatch(/spec\.replicas/);
    expect(explain(en, error as KubeRejected).message).toMatch(
      /^The Kubernetes API refused to patch rollouts\.argoproj\.io \(HTTP 422\): .*spec\.replicas/,
    );
  });

  it('a conflict Kanaria gives up on (409) is KubeUnavailable: worth another attempt', async () => {
    const admin = kube.client('admin').makeApiClient(CustomObjectsApi);
    const argo = new KubeArgoApplications(kube.client('kanaria'), { conflictRetries: 1 });
    // Argo CD's controller touches the Application between Kanaria's read and its patch.
    const get = argo.get.bind(argo);
    argo.get = async (ref) => {
      const state = await get(ref);
      await admin.patchNamespacedCustomObject(
        { ...applications, name: ref.name, body: { metadata: { labels: { touched: String(Date.now()) } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      return state;
    };
    const error = await failure(
      argo.sync({ name: 'web', namespace: 'argocd' }, { revision: 'main', username: 'ana', prune: false }),
    );
    expect(error).toBeInstanceOf(KubeUnavailable);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({
      failure: { status: 409 },
      request: { verb: 'patch', resource: 'applications.argoproj.io', namespace: 'argocd', name: 'web' },
    });
    expect(explain(en, error as KubeUnavailable).message).toBe(
      'The Kubernetes API answered HTTP 409 when Kanaria tried to patch applications.argoproj.io.',
    );
  });

  it('an API server that cannot be reached is KubeUnavailable with the system error, for the typed and the raw client', async () => {
    const kanaria = kube.client('kanaria');
    const port = await freePort();
    const nowhere = new KubeConfig();
    nowhere.loadFromOptions({
      clusters: kanaria.clusters.map((c) => ({ ...c, server: `https://127.0.0.1:${port}` })),
      users: kanaria.users,
      contexts: kanaria.contexts,
      currentContext: kanaria.currentContext,
    });
    const rollout = await failure(new KubeRollouts(nowhere).get(rolloutRef));
    expect(rollout).toBeInstanceOf(KubeUnavailable);
    expect(rollout).toMatchObject({ failure: { cause: 'ECONNREFUSED' }, request: { verb: 'get', name: 'web' } });
    expect(explain(en, rollout as KubeUnavailable).message).toBe(
      'Kanaria could not reach the Kubernetes API to get rollouts.argoproj.io (ECONNREFUSED).',
    );
    const gpu = await failure(new KubeGpuSource(nowhere).read(POOL));
    expect(gpu).toBeInstanceOf(KubeUnavailable);
    expect(gpu).toMatchObject({ failure: { cause: 'ECONNREFUSED' }, request: { verb: 'list', resource: 'nodes' } });
  });
});
