import { type CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeGpuSource } from '../../src/adapters/gpu-inventory.js';
import { KubeForbidden } from '../../src/adapters/kube-errors.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { gpuReport } from '../../src/domain/gpu.js';
import { gpuCluster, POOL_LABEL as POOL } from '../helpers/gpu-cluster.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { deployment, startHarness, type Harness } from '../helpers/harness.js';
import { decode } from '../helpers/png.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

describe.skipIf(!available)(
  'GPU inventory from the real kube-apiserver: paginated lists, as Kanaria (RBAC-bound)',
  () => {
    let kube: KubeCluster;
    let core: CoreV1Api;

    beforeAll(async () => {
      kube = await startKube([]);
      const gpus = gpuCluster(kube);
      core = gpus.core;
      for (let i = 0; i < 5; i++)
        await gpus.node(`a100-${i}`, {
          labels: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB', [POOL]: 'a100' },
          capacity: { 'nvidia.com/gpu': '8', cpu: '96' },
          cordoned: i === 4,
        });
      await gpus.node('t4-0', {
        labels: { 'nvidia.com/gpu.product': 'Tesla-T4-SHARED', 'nvidia.com/gpu.replicas': '4', [POOL]: 't4' },
        capacity: { 'nvidia.com/gpu': '4' },
      });
      await gpus.node('cpu-0', { labels: { [POOL]: 'general' }, capacity: { cpu: '16' } });
      const pod = (namespace: string, name: string, count: number, nodeName?: string) =>
        gpus.pod(namespace, name, { limits: { 'nvidia.com/gpu': String(count) }, nodeName });
      for (let i = 0; i < 7; i++) await pod(i % 2 ? 'ml' : 'research', `train-${i}`, 2, `a100-${i % 4}`);
      await pod('serving', 'llm-0', 1, 't4-0');
      await pod('ml', 'huge-0', 16);
      await bindKanariaRole(kube);
    }, 120_000);

    /** Kanaria with one app and `extra` kanaria.yaml below it, reading this cluster; stopped after the test. */
    let running: Harness | undefined;
    const gpuKanaria = async (extra: string): Promise<Harness> => {
      running = await startHarness({
        files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
        config: `apps:\n  web: { manifest: apps/web/deployment.yaml, container: web }\n${extra}`,
        kanaria: { kube: { path: kube.kubeconfig.kanaria } },
      });
      return running;
    };
    afterEach(async () => {
      await running?.stop();
      running = undefined;
    });

    /** Reads until `settled` holds: RBAC changes take a moment to reach the authorizer. The last error is kept. */
    const readSettled = async (
      source: KubeGpuSource,
      settled: (inventory: Awaited<ReturnType<KubeGpuSource['read']>>) => boolean,
    ) => {
      let last: unknown;
      for (let i = 0; i < 50; i++) {
        try {
          const inventory = await source.read(POOL);
          if (settled(inventory)) return inventory;
          last = new Error(`not settled: ${JSON.stringify(inventory.podsMissing ?? inventory.pages)}`);
        } catch (error) {
          last = error;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw last;
    };
    afterAll(async () => kube?.stop());

    it('reports from nodes only, saying what is missing and which rule fixes it, when pods may not be listed', async () => {
      const rbac = kube.client('admin').makeApiClient(RbacAuthorizationV1Api);
      const shipped = await rbac.readClusterRoleBinding({ name: 'kanaria-test' });
      await rbac.deleteClusterRoleBinding({ name: 'kanaria-test' });
      await rbac.createClusterRole({
        body: { metadata: { name: 'nodes-only' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }] },
      });
      await rbac.createClusterRoleBinding({
        body: {
          metadata: { name: 'nodes-only' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'nodes-only' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kanaria' }],
        },
      });
      try {
        const inventory = await readSettled(
          new KubeGpuSource(kube.client('kanaria'), 2),
          (i) => i.podsMissing !== undefined,
        );
        expect(inventory.nodes).toHaveLength(6);
        expect(inventory.pods).toEqual([]);
        expect(inventory.podsMissing).toBeInstanceOf(KubeForbidden);
        expect(inventory.podsMissing?.request).toEqual({ verb: 'list', resource: 'pods' });
        const { message, hint } = explain(wordsFor('en'), inventory.podsMissing as KubeForbidden);
        expect(`${message} ${hint}`).toMatch(
          /may not list pods in all namespaces.*Grant its ServiceAccount "list" on pods/,
        );
      } finally {
        await rbac.deleteClusterRoleBinding({ name: 'nodes-only' });
        await rbac.createClusterRoleBinding({
          body: {
            metadata: { name: 'kanaria-test' },
            roleRef: shipped.roleRef,
            ...(shipped.subjects && { subjects: shipped.subjects }),
          },
        });
      }
    });

    it('lists nodes and pods page by page with the ClusterRole Kanaria ships, and the report adds up', async () => {
      const inventory = await readSettled(
        new KubeGpuSource(kube.client('kanaria'), 2),
        (i) => i.podsMissing === undefined,
      );
      expect(inventory.nodes.map((n) => n.name).sort()).toEqual([
        'a100-0',
        'a100-1',
        'a100-2',
        'a100-3',
        'a100-4',
        't4-0',
      ]);
      expect(inventory.pods).toHaveLength(9);
      // 7 nodes and 9 pods in pages of 2: the API server paginated, and Kanaria followed every continue token.
      expect(inventory.pages).toEqual({ nodes: 4, pods: 5 });
      const report = gpuReport(inventory.nodes, inventory.pods, Date.now());
      const a100 = report.rows.find((r) => r.product === 'NVIDIA-A100-SXM4-80GB');
      expect(a100).toMatchObject({
        nodes: 5,
        capacity: 40,
        allocatable: 40,
        requested: 14,
        free: 18,
        unavailable: 8,
        kind: 'gpu',
      });
      expect(report.rows.find((r) => r.product === 'Tesla-T4-SHARED')).toMatchObject({
        kind: 'shared',
        requested: 1,
        free: 3,
      });
      expect(report.totals).toEqual({ nodes: 5, capacity: 40, allocatable: 40, requested: 14, free: 18 });
      expect(report.pending.map((p) => `${p.namespace}/${p.name}`)).toEqual(['ml/huge-0']);
      // serving's one replica of a T4 shared ×4 is a quarter of a GPU, not a GPU.
      expect(report.namespaces.map((n) => [n.namespace, n.gpus, n.shared, n.equivalents])).toEqual([
        ['research', 8, 0, 8],
        ['ml', 6, 0, 6],
        ['serving', 0, 1, 0.25],
      ]);
    });

    it('/gpu posts the report in the channel; scopes narrow it; unknown names get the closest ones', async () => {
      const h = await gpuKanaria('policies:\n  default: { deploy: ["*"] }\n');
      expect((await h.command('/gpu', '')).text).toBe('Reading GPU capacity; the report follows in this channel.');
      const report = await h.slack.waitFor(
        (calls) =>
          calls.find(
            (c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('GPU report (whole cluster)'),
          ),
        20_000,
      );
      expect(String(report.body['text'])).toBe(
        'GPU report (whole cluster): 18 free of 40 GPUs (14 requested, 5 nodes)',
      );
      const body = JSON.stringify(report.body['blocks']);
      expect(body).toMatch(/18 +14 +40 +40 +35% +5 +gpu +NVIDIA-A100-SXM4-80GB +a100 +nvidia.com\/gpu/);
      expect(body).toContain('ml/huge-0 (16 nvidia.com/gpu)');
      // The chart (allocated against free per row) goes into the report's thread.
      const upload = await h.slack.waitFor(
        (calls) => calls.find((c) => c.method === 'files.completeUploadExternal'),
        20_000,
      );
      expect(upload.body['channel_id']).toBe('C0DEPLOYS');
      expect(JSON.stringify(upload.body['files'])).toContain('GPUs per product and pool');
      const png = decode([...h.slack.uploads.values()][0] as Buffer);
      // Two rows (A100, T4): two bars below the legend's squares; the A100 bar starts blue (requested) at the left.
      const [blue, green] = [
        [0x1f, 0x77, 0xb4],
        [0x2c, 0xa0, 0x2c],
      ];
      const bars = png.bands(blue).filter(([top, bottom]) => bottom - top > 30);
      expect(bars).toHaveLength(2);
      const [top, bottom] = bars[0] ?? [0, 0];
      expect(Math.min(...png.columns(blue, top, bottom))).toBeLessThan(Math.min(...png.columns(green, top, bottom)));

      await h.command('/gpu', 'pool t4');
      const t4 = await h.slack.waitFor(
        (calls) =>
          calls.find(
            (c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('GPU report (pool t4)'),
          ),
        20_000,
      );
      expect(JSON.stringify(t4.body['blocks'])).not.toContain('A100');

      await h.command('/gpu', 'pool a10', { responseId: 'a10' });
      const refusal = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:a10'), 20_000);
      expect(String(refusal.body['text'])).toMatch(/There is no pool `a10` with GPUs\. Did you mean `a100`/);
      expect((await h.command('/gpu', 'cluster all')).text).toMatch(
        /`cluster` is not a scope: use pool, node or namespace/,
      );
      expect((await h.command('/gpu', 'pool')).text).toMatch(/Which pool\? Give its name/);
    });

    it('posts the report on the schedule from kanaria.yaml to the report channel', async () => {
      const h = await gpuKanaria('gpu: { reportChannel: C0GPU, schedule: "*/2 * * * * *" }\n');
      const report = await h.slack.waitFor(
        (calls) => calls.find((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'C0GPU'),
        20_000,
      );
      expect(String(report.body['text'])).toBe(
        'GPU report (whole cluster): 18 free of 40 GPUs (14 requested, 5 nodes)',
      );
    });

    it('alerts once per episode: few free GPUs of a product, a GPU pod pending too long; and says when it is over', async () => {
      const h = await gpuKanaria(
        'gpu: { reportChannel: C0GPU, alerts: { schedule: "* * * * * *", channel: C0ALERT, minFree: { NVIDIA-A100-SXM4-80GB: 20 }, pendingMinutes: 0 } }\n',
      );
      const alerts = () =>
        h.slack.calls
          .filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'C0ALERT')
          .map((c) => String(c.body['text']));
      await h.slack.waitFor(() => alerts().length > 0, 20_000);
      // Several checks run (one a second); the episode is told once.
      await new Promise((r) => setTimeout(r, 3_500));
      expect(alerts()).toHaveLength(1);
      expect(alerts()[0]).toContain('• NVIDIA-A100-SXM4-80GB: 18 GPUs free, fewer than 20');
      expect(alerts()[0]).toMatch(/• ml\/huge-0 has waited \d+ min for 16 nvidia.com\/gpu: /);
      await core.deleteNamespacedPod({ namespace: 'ml', name: 'huge-0', gracePeriodSeconds: 0 });
      await h.slack.waitFor(
        () => alerts().some((t) => t.startsWith(':white_check_mark: Resolved: `ml/huge-0`')),
        20_000,
      );
      await new Promise((r) => setTimeout(r, 2_000));
      expect(alerts()).toHaveLength(2);
    });
  },
);
