import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/harness.js';
import { hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';

// CI builds the apiserver (test/k8s/build-kube-apiserver.sh), so there a missing binary is a failure, not a skip.
const available = hasKubeApiserver() || process.env['CI'] === 'true';

describe.skipIf(!available)('the real kube-apiserver harness', () => {
  let kube: KubeCluster;
  beforeAll(async () => {
    kube = await startKube([fixture('argo-cd/application-crd.yaml')]);
  }, 120_000);
  afterAll(async () => kube?.stop());

  it('serves the real Argo CD Application CRD, and the test can write status as Argo CD does', async () => {
    const admin = kube.client('admin');
    await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'argocd' } } });
    const objects = admin.makeApiClient(CustomObjectsApi);
    const ref = { group: 'argoproj.io', version: 'v1alpha1', namespace: 'argocd', plural: 'applications', name: 'web' };
    await objects.createNamespacedCustomObject({
      ...ref,
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
    await objects.patchNamespacedCustomObject(
      { ...ref, body: { status: { health: { status: 'Healthy' }, sync: { status: 'Synced', revision: 'abc' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const read = (await objects.getNamespacedCustomObject(ref)) as { status?: { health?: { status?: string } } };
    expect(read.status?.health?.status).toBe('Healthy');
  });

  it('enforces RBAC: Kanaria without a role binding is forbidden', async () => {
    const objects = kube.client('kanaria').makeApiClient(CustomObjectsApi);
    const error = await objects
      .getNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argocd',
        plural: 'applications',
        name: 'web',
      })
      .catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(403);
  });
});
