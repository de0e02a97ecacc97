import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { ApiException, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixture } from '../helpers/harness.js';
import { hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { kustomizeBuild } from '../helpers/kustomize.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';
const deploy = (path: string) => fileURLToPath(new URL(`../../deploy/${path}`, import.meta.url));

/**
 * Kinds this 1.20 API server cannot judge: policy/v1 PodDisruptionBudget arrived in 1.21, and the Prometheus
 * Operator's CRDs are not installed here. The schema tests (test/unit/deploy-*.test.ts) cover them.
 */
const notServedHere = (o: KubernetesObject) =>
  o.apiVersion === 'policy/v1' || o.apiVersion?.startsWith('monitoring.coreos.com/');

/**
 * The schemas check shapes; the API server's own validation also checks what they cannot (a selector that
 * does not match its pod template, a port name too long, an RBAC rule's verbs, a label's syntax). Every object
 * the example overlay renders is sent with dryRun=All: validated and admitted exactly as `kubectl apply`
 * would be, then not stored.
 */
describe.skipIf(!available)(
  'the rendered example overlay is accepted by a real kube-apiserver (server-side dry run)',
  () => {
    let kube: KubeCluster;
    let api: KubernetesObjectApi;

    beforeAll(async () => {
      kube = await startKube([fixture('argo-cd/application-crd.yaml')]);
      api = KubernetesObjectApi.makeApiClient(kube.client('admin'));
    }, 120_000);
    afterAll(async () => kube?.stop());

    const dryRun = async (object: KubernetesObject): Promise<string | undefined> => {
      try {
        await api.create(object, undefined, 'All');
        return undefined;
      } catch (error) {
        const message =
          error instanceof ApiException
            ? ((JSON.parse(String(error.body)) as { message?: string }).message ?? String(error.body))
            : String(error);
        return `${object.kind} ${object.metadata?.name}: ${message}`;
      }
    };

    it('every object of deploy/overlays/example', async () => {
      const objects = kustomizeBuild(deploy('overlays/example')) as KubernetesObject[];
      // The namespace is created for real: a dry-run create does not make it exist for the objects in it.
      const namespace = objects.find((o) => o.kind === 'Namespace')!;
      await api.create(namespace);
      const checked = objects.filter((o) => o !== namespace && !notServedHere(o));
      expect(checked.map((o) => o.kind)).toEqual(
        expect.arrayContaining([
          'ServiceAccount',
          'ClusterRole',
          'ClusterRoleBinding',
          'ConfigMap',
          'Deployment',
          'StatefulSet',
          'Service',
          'NetworkPolicy',
          'Ingress',
        ]),
      );
      const refused = (await Promise.all(checked.map(dryRun))).filter(Boolean);
      expect(refused).toEqual([]);
    });

    it('a broken Deployment is refused, so the check above can fail', async () => {
      const objects = kustomizeBuild(deploy('overlays/example')) as unknown as (KubernetesObject & {
        spec: { selector: { matchLabels: Record<string, string> } };
      })[];
      const deployment = structuredClone(
        objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === 'kanaria-receiver')!,
      );
      deployment.spec.selector.matchLabels = {
        'app.kubernetes.io/name': 'someone-else',
        'app.kubernetes.io/component': 'receiver',
      };
      expect(await dryRun(deployment)).toMatch(/`selector` does not match template `labels`/);
    });

    it("Kanaria's own Argo CD Application", async () => {
      const app = parse(readFileSync(deploy('argocd/application.yaml'), 'utf8')) as KubernetesObject;
      await api
        .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: app.metadata?.namespace ?? 'argocd' } })
        .catch(() => undefined);
      expect(await dryRun(app)).toBeUndefined();
    });
  },
);
