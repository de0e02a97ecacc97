import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgoOperationInProgress, KubeArgoApplications } from '../../src/adapters/argocd.js';
import { KubeForbidden, KubeNotFound } from '../../src/adapters/kube-errors.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { fixture } from '../helpers/harness.js';
import { bindKanariaRole, compactEtcd, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';
const SHA = '3f1c2a9d0b7e4c6a8f5d2e1b0a9c8d7e6f5a4b3c';
const ref = { name: 'web', namespace: 'argocd' };
const api = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications', namespace: 'argocd' };
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const english = wordsFor('en');

describe.skipIf(!available)('Argo CD Applications through the real Kubernetes API, as Kanaria (RBAC-bound)', () => {
  let kube: KubeCluster;
  let admin: CustomObjectsApi;
  const read = async (name = 'web') =>
    (await admin.getNamespacedCustomObject({ ...api, name })) as {
      metadata: { annotations?: Record<string, string> };
      operation?: { sync?: { revision?: string }; initiatedBy?: { username?: string } };
    };

  beforeAll(async () => {
    kube = await startKube([fixture('argo-cd/application-crd.yaml')], { watchCache: false });
    admin = kube.client('admin').makeApiClient(CustomObjectsApi);
    await kube
      .client('admin')
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: 'argocd' } } });
    for (const name of ['web', 'api']) {
      await admin.createNamespacedCustomObject({
        ...api,
        body: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name },
          spec: {
            project: 'default',
            source: { repoURL: 'https://git.example.com/gitops.git', path: `apps/${name}`, targetRevision: 'main' },
            destination: { server: 'https://kubernetes.default.svc', namespace: name },
          },
        },
      });
    }
  }, 120_000);
  afterAll(async () => kube?.stop());

  it('says which verb on which resource it lacks when RBAC forbids it', async () => {
    const error = await new KubeArgoApplications(kube.client('kanaria')).get(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeForbidden);
    expect((error as KubeForbidden).request).toEqual({
      verb: 'get',
      resource: 'applications.argoproj.io',
      namespace: 'argocd',
      name: 'web',
    });
    expect(explain(english, error as KubeForbidden).message).toBe(
      'Kanaria may not get applications.argoproj.io in namespace `argocd` (RBAC).',
    );
    await bindKanariaRole(kube);
  });

  it('names the Application when it does not exist', async () => {
    const error = await new KubeArgoApplications(kube.client('kanaria'))
      .get({ name: 'nope', namespace: 'argocd' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeNotFound);
    expect(explain(english, error as KubeNotFound)).toEqual({
      message: 'There is no Argo CD Application `argocd/nope` in the cluster.',
      hint: 'Check apps.<app>.argocd in kanaria.yaml.',
    });
  });

  it('refreshes with the annotation Argo CD watches', async () => {
    await new KubeArgoApplications(kube.client('kanaria')).refresh(ref, true);
    expect((await read()).metadata.annotations?.['argocd.argoproj.io/refresh']).toBe('hard');
  });

  it('writes the sync operation for the pushed revision, re-reading after a 409, and refuses a second one', async () => {
    const argo = new KubeArgoApplications(kube.client('kanaria'));
    // Argo CD's controller touches the Application between Kanaria's read and its patch, once.
    let reads = 0;
    const get = argo.get.bind(argo);
    argo.get = async (r) => {
      const state = await get(r);
      if (++reads === 1)
        await admin.patchNamespacedCustomObject(
          { ...api, name: r.name, body: { status: { sync: { status: 'OutOfSync' } } } },
          mergePatch,
        );
      return state;
    };
    await argo.sync(ref, { revision: SHA, username: 'ana', prune: false });
    // The first patch carried a stale resourceVersion: the API server answered 409 and Kanaria read again.
    expect(reads).toBe(2);
    const app = await read();
    expect(app.operation?.sync?.revision).toBe(SHA);
    expect(app.operation?.initiatedBy?.username).toBe('ana');
    const second = await argo.sync(ref, { revision: SHA, username: 'bob', prune: false }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ArgoOperationInProgress);
    expect(explain(english, second as ArgoOperationInProgress).message).toContain(
      'another operation is already in progress',
    );
  });

  it('follows an Application across watches the API server ends, resuming from the last version without re-listing', async () => {
    const argo = new KubeArgoApplications(kube.client('kanaria'), { watchSeconds: 1 });
    const stop = new AbortController();
    const events = argo.observe({ namespace: 'argocd', name: 'web' }, stop.signal);
    const first = await events.next();
    expect(first.value).toMatchObject({ name: 'web', kind: 'listed' });
    // Two watches end (timeoutSeconds=1) before anything happens.
    await new Promise((r) => setTimeout(r, 2_500));
    await admin.patchNamespacedCustomObject(
      { ...api, name: 'web', body: { status: { health: { status: 'Degraded' } } } },
      mergePatch,
    );
    const next = await events.next();
    expect(next.value).toMatchObject({ name: 'web', kind: 'changed', state: { health: 'Degraded' } });
    stop.abort();
    await events.return(undefined);
  });

  it('re-lists when the version it resumes from is gone (410 Gone), then keeps watching', async () => {
    const old = (await admin.getNamespacedCustomObject({ ...api, name: 'web' })) as {
      metadata: { resourceVersion: string };
    };
    // etcd compacts its history (the API server asks it to every 5 minutes): the old version is gone.
    // (A watch from version v starts at v+1, and compacting at r keeps r: compact past v+1.)
    for (const churn of ['1', '2'])
      await admin.patchNamespacedCustomObject(
        { ...api, name: 'api', body: { metadata: { annotations: { churn } } } },
        mergePatch,
      );
    await compactEtcd(kube);
    const stop = new AbortController();
    const events = new KubeArgoApplications(kube.client('kanaria')).observe(
      { namespace: 'argocd', name: 'web' },
      stop.signal,
      old.metadata.resourceVersion,
    );
    const first = await events.next();
    expect(first.value).toMatchObject({ name: 'web', kind: 'listed' });
    await admin.patchNamespacedCustomObject(
      { ...api, name: 'web', body: { status: { health: { status: 'Healthy' } } } },
      mergePatch,
    );
    expect((await events.next()).value).toMatchObject({ name: 'web', kind: 'changed', state: { health: 'Healthy' } });
    stop.abort();
    await events.return(undefined);
  });
});
