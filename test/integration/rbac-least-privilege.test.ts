import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KubeArgoApplications } from '../../src/adapters/argocd.js';
import { KubeGpuSource } from '../../src/adapters/gpu-inventory.js';
import { KubeReclaimSource } from '../../src/adapters/reclaim-cluster.js';
import { KubeWhySource } from '../../src/adapters/gpu-why.js';
import { KubeKueueSource } from '../../src/adapters/kueue.js';
import { KubeRollouts } from '../../src/adapters/rollouts.js';
import { patchesFor } from '../../src/domain/rollout.js';
import { ArgoPlayer } from '../helpers/argo.js';
import { fixture } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { RolloutPlayer } from '../helpers/rollouts.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';
const SHA = '3f1c2a9d0b7e4c6a8f5d2e1b0a9c8d7e6f5a4b3c';
const KUEUE_CRDS = ['resourceflavors', 'clusterqueues', 'localqueues', 'workloads'];

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
/** deploy/base/rbac.yaml's ClusterRole as `verb group/resource` grants. */
function granted(): Set<string> {
  const docs = parseAllDocuments(readFileSync(new URL('../../deploy/base/rbac.yaml', import.meta.url), 'utf8')).map(
    (d) => d.toJS() as { kind: string; rules?: Rule[] },
  );
  const rules = docs.find((d) => d.kind === 'ClusterRole')?.rules ?? [];
  return new Set(
    rules.flatMap((r) =>
      r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${v} ${g}/${res}`))),
    ),
  );
}

/** The methods a class declares, so that a new adapter method cannot escape this test. */
const methodsOf = (type: { name: string; prototype: object }): string[] =>
  Object.entries(Object.getOwnPropertyDescriptors(type.prototype))
    .filter(([name, d]) => name !== 'constructor' && typeof d.value === 'function')
    .map(([name]) => `${type.name}.${name}`);
/** Private helpers, reached through the public methods. */
const PRIVATE = new Set([
  'KubeRollouts.podGroups',
  'KubeGpuSource.list',
  'KubeGpuSource.get',
  'KubeKueueSource.version',
]);

/** The first event (from the list), then the next one (from the watch) once `change` is made. */
async function listThenWatch<T>(events: AsyncGenerator<T>, change: () => Promise<void>): Promise<T[]> {
  const listed = await events.next();
  await change();
  const watched = await events.next();
  await events.return(undefined);
  return [listed.value as T, watched.value as T];
}

/**
 * "Exactly the verbs Kanaria uses": the API server's audit log records every request Kanaria's adapters make
 * (the only code that talks to Kubernetes), and that set must equal what deploy/base/rbac.yaml grants. A rule the
 * code never exercises fails this test as surely as a missing one fails the adapters.
 */
describe.skipIf(!available)(
  'deploy/base/rbac.yaml grants exactly what Kanaria uses (real kube-apiserver, audit log)',
  () => {
    let kube: KubeCluster;
    let argo: ArgoPlayer;
    let player: RolloutPlayer;
    const exercised = new Set<string>();

    beforeAll(async () => {
      kube = await startKube(
        [
          fixture('argo-cd/application-crd.yaml'),
          fixture('argo-rollouts/crds/rollout-crd.yaml'),
          ...KUEUE_CRDS.map((name) => fixture(`kueue/crds/kueue.x-k8s.io_${name}.yaml`)),
        ],
        { audit: true },
      );
      await bindKanariaRole(kube);
      argo = new ArgoPlayer(kube);
      await argo.createNamespace();
      await argo.create('web');
      player = new RolloutPlayer(kube, 'web');
      await player.create('web');
      await player.spec('web', { paused: true });
      await player.pausedAtStep('web');
    }, 120_000);
    afterAll(async () => kube?.stop());

    it('only the adapters import the Kubernetes client', () => {
      const files = ['src', 'jobs', 'commands'].flatMap((dir) =>
        (readdirSync(new URL(`../../${dir}/`, import.meta.url), { recursive: true }) as string[])
          .filter((f) => f.endsWith('.ts'))
          .map((f) => `${dir}/${f}`),
      );
      const importers = files.filter((f) =>
        readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8').includes("from '@kubernetes/client-node'"),
      );
      expect(importers.length).toBeGreaterThan(0);
      for (const file of importers) expect(file).toMatch(/^src\/adapters\//);
    });

    it('Argo CD Applications: get, refresh, sync and observe', async () => {
      const apps = new KubeArgoApplications(kube.client('kanaria'));
      const ref = { namespace: 'argocd', name: 'web' };
      await apps.get(ref);
      await apps.refresh(ref, false);
      await apps.sync(ref, { revision: SHA, username: 'ana', prune: false });
      const stop = new AbortController();
      const events = apps.observe({ namespace: 'argocd', name: 'web' }, stop.signal);
      expect(await listThenWatch(events, () => argo.synced('web', SHA, 'Healthy'))).toMatchObject([
        { name: 'web', kind: 'listed' },
        { name: 'web', kind: 'changed' },
      ]);
      stop.abort();
      for (const method of ['get', 'refresh', 'sync', 'observe']) exercised.add(`KubeArgoApplications.${method}`);
    });

    it('Argo Rollouts: get (with its pods), promote and abort, observe', async () => {
      const rollouts = new KubeRollouts(kube.client('kanaria'));
      const ref = { namespace: 'web', name: 'web' };
      const { state, pods } = await rollouts.get(ref);
      expect(pods.length).toBe(2);
      const promote = patchesFor('promote', state);
      // Promoting a paused canary patches both the object (spec.paused) and its status subresource.
      expect(promote.spec && promote.status).toBeTruthy();
      await rollouts.apply(ref, promote);
      await rollouts.apply(ref, patchesFor('abort', (await rollouts.get(ref)).state));
      const stop = new AbortController();
      const events = rollouts.observe('web', stop.signal);
      expect(await listThenWatch(events, () => player.status('web', { phase: 'Degraded' }))).toMatchObject([
        { name: 'web', kind: 'listed' },
        { name: 'web', kind: 'changed' },
      ]);
      stop.abort();
      for (const method of ['get', 'apply', 'observe']) exercised.add(`KubeRollouts.${method}`);
    });

    it('GPU inventory: nodes and pods', async () => {
      const inventory = await new KubeGpuSource(kube.client('kanaria')).read('cloud.google.com/gke-nodepool');
      expect(inventory.podsMissing).toBeUndefined();
      exercised.add('KubeGpuSource.read');
    });

    it('GPU reclaim: the opted-in namespaces and their pods', async () => {
      const inventory = await new KubeReclaimSource(kube.client('kanaria')).read(['web', 'no-such-namespace']);
      expect(Object.keys(inventory.namespaces)).toEqual(['web']);
      exercised.add('KubeReclaimSource.read');
    });

    it('Kueue: queues, flavors and workloads; /gpu why: a namespace’s pods and the GPU nodes', async () => {
      const kueue = new KubeKueueSource(kube.client('kanaria'));
      expect(await kueue.read()).toMatchObject({ clusterQueues: [], workloads: [] });
      expect(await kueue.workloadsIn('web')).toEqual([]);
      const why = new KubeWhySource(kube.client('kanaria'));
      // The rollout player's pods.
      expect((await why.podsIn('web')).length).toBeGreaterThan(0);
      expect(await why.gpuNodes()).toEqual([]);
      for (const method of ['read', 'workloadsIn']) exercised.add(`KubeKueueSource.${method}`);
      for (const method of ['podsIn', 'gpuNodes']) exercised.add(`KubeWhySource.${method}`);
      // gpuNodes reads the pods through the report's streaming reader.
      exercised.add('KubeGpuSource.gpuPods');
    });

    it('every adapter method was exercised, none was refused, and the role grants exactly the requests made', () => {
      const methods = [
        KubeArgoApplications,
        KubeRollouts,
        KubeGpuSource,
        KubeReclaimSource,
        KubeKueueSource,
        KubeWhySource,
      ]
        .flatMap(methodsOf)
        .filter((m) => !PRIVATE.has(m));
      expect([...exercised].sort()).toEqual(methods.sort());

      const requests = kube.requestsBy('kanaria');
      expect(requests.filter((r) => r.code === 403)).toEqual([]);
      const used = new Set(requests.map((r) => `${r.verb} ${r.apiGroup}/${r.resource}`));
      expect([...used].sort()).toEqual([...granted()].sort());
    });
  },
);
