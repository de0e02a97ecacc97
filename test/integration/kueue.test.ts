import { ApiextensionsV1Api, CustomObjectsApi, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { createServer } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeForbidden } from '../../src/adapters/kube-errors.js';
import { KubeKueueSource } from '../../src/adapters/kueue.js';
import { deployment, fixture, startHarness, type Harness } from '../helpers/harness.js';
import { GPU_TAINT, GPU_TOLERATION, gpuCluster } from '../helpers/gpu-cluster.js';
import { bindKanariaRole, hasKubeApiserver, mergePatch, startKube, type KubeCluster } from '../helpers/kube.js';
import { startPrometheus, waitForScrapes } from '../helpers/prometheus.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';
const KUEUE_CRDS = ['resourceflavors', 'clusterqueues', 'localqueues', 'workloads'];
const GROUP = 'kueue.x-k8s.io';
const VERSION = 'v1beta2';
const A100 = 'NVIDIA-A100-SXM4-80GB';
const GPU = 'nvidia.com/gpu';
const QUOTA_MESSAGE =
  "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor a100, 4 more needed";
const now = () => new Date().toISOString();
const condition = (type: string, status: string, reason: string, message: string) => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: now(),
});

describe.skipIf(!available)(
  'Kueue and /gpu why against the real kube-apiserver with Kueue’s CRDs, as Kanaria (RBAC-bound)',
  () => {
    let kube: KubeCluster;
    let custom: CustomObjectsApi;

    const create = (plural: string, body: object, namespace?: string) =>
      namespace
        ? custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural, body })
        : custom.createClusterCustomObject({ group: GROUP, version: VERSION, plural, body });
    /** The status Kueue's controller would write (the status subresource drops it on create). */
    const status = (plural: string, name: string, value: object, namespace?: string) =>
      namespace
        ? custom.patchNamespacedCustomObjectStatus(
            { group: GROUP, version: VERSION, namespace, plural, name, body: { status: value } },
            mergePatch,
          )
        : custom.patchClusterCustomObjectStatus(
            { group: GROUP, version: VERSION, plural, name, body: { status: value } },
            mergePatch,
          );

    const clusterQueue = async (
      name: string,
      quota: { nominalQuota: number; borrowingLimit?: number; lendingLimit?: number },
      used: number,
      pending: number,
    ) => {
      await create('clusterqueues', {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'ClusterQueue',
        metadata: { name },
        spec: {
          cohortName: 'research',
          namespaceSelector: {},
          resourceGroups: [
            { coveredResources: [GPU], flavors: [{ name: 'a100', resources: [{ name: GPU, ...quota }] }] },
          ],
        },
      });
      const usage = [{ name: 'a100', resources: [{ name: GPU, total: String(used), borrowed: '0' }] }];
      await status('clusterqueues', name, {
        pendingWorkloads: pending,
        admittedWorkloads: used > 0 ? 1 : 0,
        reservingWorkloads: used > 0 ? 1 : 0,
        flavorsUsage: usage,
        flavorsReservation: usage,
        conditions: [condition('Active', 'True', 'Ready', 'Can admit new workloads')],
      });
    };

    /** A Workload as Kueue's job integration makes it for a Job: owned by it, one pod set, 4 A100 GPUs a pod. */
    const workload = async (name: string, job: string, priority: number, conditions: object[]) => {
      await create(
        'workloads',
        {
          apiVersion: `${GROUP}/${VERSION}`,
          kind: 'Workload',
          metadata: {
            name,
            ownerReferences: [
              {
                apiVersion: 'batch/v1',
                kind: 'Job',
                name: job,
                uid: '6a1f6a7e-0000-4000-8000-000000000002',
                controller: true,
              },
            ],
          },
          spec: {
            queueName: 'team',
            priority,
            podSets: [
              {
                name: 'main',
                count: 1,
                template: {
                  spec: {
                    nodeSelector: { 'nvidia.com/gpu.product': A100 },
                    tolerations: [GPU_TOLERATION],
                    containers: [
                      { name: 'main', image: 'pytorch/pytorch:2.4.0', resources: { limits: { [GPU]: '4' } } },
                    ],
                    restartPolicy: 'Never',
                  },
                },
              },
            ],
          },
        },
        'ml',
      );
      if (conditions.length) await status('workloads', name, { conditions }, 'ml');
    };

    beforeAll(async () => {
      kube = await startKube(KUEUE_CRDS.map((name) => fixture(`kueue/crds/kueue.x-k8s.io_${name}.yaml`)));
      custom = kube.client('admin').makeApiClient(CustomObjectsApi);
      const gpus = gpuCluster(kube);
      await gpus.namespace('ml');
      // Three A100 nodes: one full, one cordoned, one with a taint the training pods do not tolerate.
      await gpus.node('a100-0', { labels: { 'nvidia.com/gpu.product': A100 }, capacity: { [GPU]: '8' } });
      await gpus.node('a100-1', {
        labels: { 'nvidia.com/gpu.product': A100 },
        capacity: { [GPU]: '8' },
        cordoned: true,
      });
      await gpus.node('a100-2', {
        labels: { 'nvidia.com/gpu.product': A100 },
        capacity: { [GPU]: '8' },
        taints: [GPU_TAINT, { key: 'dedicated', value: 'inference', effect: 'NoSchedule' }],
      });
      // H100s split by MIG (mixed strategy) into 1g.10gb slices only; T4s time-sliced four ways.
      await gpus.node('h100-0', {
        labels: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3', 'nvidia.com/mig.strategy': 'mixed' },
        capacity: { 'nvidia.com/mig-1g.10gb': '7' },
      });
      await gpus.node('t4-0', {
        labels: { 'nvidia.com/gpu.product': 'Tesla-T4-SHARED', 'nvidia.com/gpu.replicas': '4' },
        capacity: { [GPU]: '4' },
      });
      await gpus.pod('ml', 'hog-0', { limits: { [GPU]: '8' }, nodeName: 'a100-0' });
      // Pending, with the scheduler's message; the training pod is one of the Job `train`'s.
      await gpus.pod('ml', 'train-0', {
        limits: { [GPU]: '4' },
        nodeSelector: { 'nvidia.com/gpu.product': A100 },
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: 'train',
            uid: '6a1f6a7e-0000-4000-8000-000000000001',
            controller: true,
          },
        ],
        unschedulable:
          "0/5 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) had taint {dedicated: inference}, that the pod didn't tolerate, 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector.",
      });
      await gpus.pod('ml', 'mig-0', {
        limits: { 'nvidia.com/mig-3g.40gb': '1' },
        unschedulable: '0/5 nodes are available: 5 Insufficient nvidia.com/mig-3g.40gb.',
      });

      await create('resourceflavors', {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'ResourceFlavor',
        metadata: { name: 'a100' },
        spec: { nodeLabels: { 'nvidia.com/gpu.product': A100 } },
      });
      await clusterQueue('team-a', { nominalQuota: 8, borrowingLimit: 4 }, 8, 2);
      await clusterQueue('team-b', { nominalQuota: 8, lendingLimit: 3 }, 2, 0);
      await create(
        'localqueues',
        {
          apiVersion: `${GROUP}/${VERSION}`,
          kind: 'LocalQueue',
          metadata: { name: 'team' },
          spec: { clusterQueue: 'team-a' },
        },
        'ml',
      );
      // Created first, so first in line at equal priority; Kueue has not looked at it yet.
      await workload('job-eval-5c1d2', 'eval', 0, []);
      await workload('job-train-7f3a9', 'train', 0, [condition('QuotaReserved', 'False', 'Pending', QUOTA_MESSAGE)]);
      await bindKanariaRole(kube);
    }, 120_000);
    afterAll(async () => kube?.stop());

    let running: Harness | undefined;
    const kanaria = async (prometheusUrl?: string): Promise<Harness> => {
      running = await startHarness({
        files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
        config:
          'apps:\n  web: { manifest: apps/web/deployment.yaml, container: web }\npolicies:\n  default: { deploy: ["*"] }\n',
        kanaria: { kube: { path: kube.kubeconfig.kanaria }, ...(prometheusUrl && { prometheusUrl }) },
        beforeStart(slack) {
          slack.users.set('U0KEN', { id: 'U0KEN', name: 'Ken Sato', locale: 'ja-JP' });
        },
      });
      return running;
    };
    afterEach(async () => {
      await running?.stop();
      running = undefined;
    });

    /** `/gpu why <typed>` as a signed request: the ack, then the private answer on the response URL. */
    const why = async (h: Harness, typed: string, id: string, userId?: string) => {
      const ack = await h.command('/gpu', `why ${typed}`, { responseId: id, ...(userId && { userId }) });
      const answer = await h.slack.waitFor((calls) => calls.find((c) => c.method === `response_url:${id}`), 20_000);
      return {
        ack: ack.text,
        text: String(answer.body['text']),
        blocks: JSON.stringify(answer.body['blocks'] ?? []),
        body: answer.body,
      };
    };

    it('/gpu why <namespace>/<job>: Kueue has not admitted it (quota, borrowing, place), and the A100s with room do not take it', async () => {
      const h = await kanaria();
      const answer = await why(h, 'ml/train', 'train');
      expect(answer.ack).toBe('Looking into why `ml/train` waits; the answer follows privately.');
      expect(answer.body['response_type']).toBe('ephemeral');
      expect(answer.text).toMatch(/^Why ml\/job-train-7f3a9 waits: Kueue has not admitted it \(inadmissible\)/);
      // Kueue's side: its queue, its place (eval was created first), Kueue's own words, the quota of the A100 flavor.
      expect(answer.blocks).toContain(
        'Kueue workload `job-train-7f3a9`, queue `team` → ClusterQueue `team-a`, not admitted, number 2 of 2 waiting',
      );
      expect(answer.blocks).toContain(`Kueue: ${QUOTA_MESSAGE}`);
      // team-b lends at most 3 of its 6 unused; team-a may borrow up to 4.
      expect(answer.blocks).toContain(
        'Quota of flavor `a100` for nvidia.com/gpu: 8 used of 8; borrowing could give up to 3 more.',
      );
      // The capacity: a100-0 is full, a100-1 cordoned, a100-2 tainted.
      expect(answer.blocks).toContain('Each pod asks for 4 nvidia.com/gpu on NVIDIA-A100-SXM4-80GB');
      expect(answer.blocks).toContain('Nodes with room for it take no pods: a100-1 (cordoned).');
      expect(answer.blocks).toContain(
        'Nodes with room for it have taints it does not tolerate: a100-2 (dedicated=inference:NoSchedule).',
      );
      // Nothing was posted in the channel: the answer is the requester's alone.
      expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    });

    it('/gpu why on a pending pod: the scheduler’s message with the capacity it needs; in Japanese for a Japanese user', async () => {
      const h = await kanaria();
      const answer = await why(h, 'ml/train-0', 'pod');
      expect(answer.blocks).toContain('Scheduler: 0/5 nodes are available: 1 Insufficient nvidia.com/gpu');
      // Its Job's Workload is Kueue's side of it.
      expect(answer.blocks).toContain('Kueue workload `job-train-7f3a9`');

      const mig = await why(h, 'ml/mig-0', 'mig');
      expect(mig.blocks).toContain('No node it may run on offers what it asks for.');
      expect(mig.blocks).toContain('Each pod asks for 1 nvidia.com/mig-3g.40gb (MIG profile 3g.40gb)');
      const ja = await why(h, 'ml/mig-0', 'mig-ja', 'U0KEN');
      expect(ja.ack).toBe('`ml/mig-0` が待っている理由を調べています。結果はあなただけに表示します。');
      expect(ja.text).toMatch(
        /^ml\/mig-0 が待っている理由: 実行できるノードに、要求しているリソースを提供するものがありません。/,
      );
      expect(ja.blocks).toContain('Podあたり 1 nvidia.com/mig-3g.40gb（MIGプロファイル 3g.40gb） を要求しています');
    });

    it('a running pod is not waiting; an unknown name is refused with the closest ones; a bad target says the form', async () => {
      const h = await kanaria();
      const hog = await why(h, 'ml/hog-0', 'hog');
      expect(hog.text).toBe('ml/hog-0 is not waiting');
      expect(hog.blocks).toContain('It runs on node `a100-0`.');

      const typo = await why(h, 'ml/trian-0', 'typo');
      expect(typo.text).toMatch(/There is no pod or Kueue workload `ml\/trian-0`\. Did you mean `ml\/train-0`/);
      const nowhere = await why(h, 'empty/x', 'nowhere');
      expect(nowhere.text).toMatch(/There is no pod or Kueue workload in namespace `empty`/);
      expect((await h.command('/gpu', 'why train-0')).text).toMatch(
        /`train-0` is not `<namespace>\/<pod or workload>`.*\/gpu why ml-research\/train-0/s,
      );
    });

    it('the /gpu report has a Queues (Kueue) section: quota, usage and borrowing per flavor, pending workloads in order, Kueue’s own counts from Prometheus', async () => {
      // Kueue's metrics endpoint, as its controller exports the gauge, scraped by a real Prometheus.
      const registry = new Registry();
      const gauge = new Gauge({
        name: 'kueue_pending_workloads',
        help: 'The number of pending workloads, per cluster_queue and status',
        labelNames: ['cluster_queue', 'status'] as const,
        registers: [registry],
      });
      gauge.set({ cluster_queue: 'team-a', status: 'active' }, 1);
      gauge.set({ cluster_queue: 'team-a', status: 'inadmissible' }, 1);
      gauge.set({ cluster_queue: 'cpu-only', status: 'active' }, 5);
      const server = createServer((_, res) => {
        void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const prometheus = await startPrometheus([`127.0.0.1:${(server.address() as AddressInfo).port}`]);
      try {
        await waitForScrapes(prometheus.url, 'kueue_pending_workloads', 1);
        const h = await kanaria(prometheus.url);
        await h.command('/gpu', '');
        const report = await h.slack.waitFor(
          (calls) =>
            calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('GPU report')),
          20_000,
        );
        const blocks = JSON.stringify(report.body['blocks']);
        expect(blocks).toContain('Queues (Kueue):');
        expect(blocks).toContain(
          'team-a / a100 / nvidia.com/gpu: 8 used of 8 nominal quota (may borrow 4, up to 3 more by borrowing)',
        );
        expect(blocks).toContain('team-b / a100 / nvidia.com/gpu: 2 used of 8 nominal quota (lends at most 3)');
        // Kueue's count covers every workload of the queue; queues without GPU quota stay out.
        expect(blocks).toContain(
          'team-a: 1 waiting their turn, 1 inadmissible (kueue_pending_workloads, all workloads)',
        );
        expect(blocks).not.toContain('cpu-only');
        expect(blocks).toContain('Workloads waiting for GPU quota: 2');
        expect(blocks).toContain('1/2 in team-a: ml/job-eval-5c1d2 (4 nvidia.com/gpu): not looked at by Kueue yet');
        expect(blocks).toContain(`2/2 in team-a: ml/job-train-7f3a9 (4 nvidia.com/gpu): ${QUOTA_MESSAGE}`);
      } finally {
        await prometheus.stop();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('with a role that lacks Kueue’s rules: the report and /gpu why say which grant is missing, and answer the rest', async () => {
      const rbac = kube.client('admin').makeApiClient(RbacAuthorizationV1Api);
      const shipped = await rbac.readClusterRole({ name: 'kanaria' });
      const older = (shipped.rules ?? []).filter((r) => !r.apiGroups?.includes(GROUP));
      await rbac.replaceClusterRole({ name: 'kanaria', body: { ...shipped, rules: older } });
      try {
        const source = new KubeKueueSource(kube.client('kanaria'));
        let refused: unknown;
        // RBAC changes take a moment to reach the authorizer.
        for (let i = 0; i < 50 && !refused; i++) {
          refused = await source.read().then(
            () => undefined,
            (error: unknown) => error,
          );
          if (!refused) await new Promise((r) => setTimeout(r, 100));
        }
        expect(refused).toBeInstanceOf(KubeForbidden);
        expect((refused as KubeForbidden).request.resource).toMatch(/^[a-z]+\.kueue\.x-k8s\.io$/);

        const h = await kanaria();
        await h.command('/gpu', '');
        const report = await h.slack.waitFor(
          (calls) =>
            calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('GPU report')),
          20_000,
        );
        const blocks = JSON.stringify(report.body['blocks']);
        expect(blocks).toMatch(
          /Kueue could not be read: Kanaria may not list [a-z]+\.kueue\.x-k8s\.io \(RBAC\), so Kueue’s queues and workloads are unknown\. Grant its ServiceAccount \\"list\\" on clusterqueues, localqueues, workloads and resourceflavors/,
        );
        expect(blocks).not.toContain('Queues (Kueue):');
        const answer = await why(h, 'ml/train-0', 'forbidden');
        expect(answer.text).toMatch(/^Why ml\/train-0 waits: Nodes with room for it take no pods/);
        expect(answer.blocks).toContain(
          'Kueue could not be read, so its side is missing: Kanaria may not list workloads.kueue.x-k8s.io',
        );
      } finally {
        const current = await rbac.readClusterRole({ name: 'kanaria' });
        await rbac.replaceClusterRole({ name: 'kanaria', body: { ...current, rules: shipped.rules ?? [] } });
      }
    });

    it('without Kueue installed: no section and no error; /gpu why still answers from the nodes', async () => {
      const extensions = kube.client('admin').makeApiClient(ApiextensionsV1Api);
      for (const name of KUEUE_CRDS) await extensions.deleteCustomResourceDefinition({ name: `${name}.${GROUP}` });
      // The API group is gone once discovery answers 404.
      for (let i = 0; i < 300; i++) {
        const gone = await fetchGroup(kube).then((code) => code === 404);
        if (gone) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await fetchGroup(kube)).toBe(404);
      const h = await kanaria();
      await h.command('/gpu', '');
      const report = await h.slack.waitFor(
        (calls) =>
          calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('GPU report')),
        20_000,
      );
      const blocks = JSON.stringify(report.body['blocks']);
      expect(blocks).not.toContain('Kueue');
      expect(blocks).toContain('ml/train-0');

      const answer = await why(h, 'ml/train-0', 'nokueue');
      expect(answer.text).toMatch(/^Why ml\/train-0 waits: Nodes with room for it take no pods/);
      expect(answer.blocks).not.toContain('Kueue');
    });
  },
);

/** The HTTP status of the Kueue API group's discovery document, as the admin reads it. */
async function fetchGroup(kube: KubeCluster): Promise<number> {
  const url = new URL(`/apis/${GROUP}`, kube.server);
  const options: RequestOptions = { host: url.hostname, port: url.port, path: url.pathname };
  await kube.client('admin').applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}
