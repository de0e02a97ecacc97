import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPrometheus } from '../../src/adapters/prometheus.js';
import { latestReading, usagePeriod } from '../../src/domain/gpu-usage.js';
import { deployment, startHarness, type Harness } from '../helpers/harness.js';
import { gpuCluster, POOL_LABEL as POOL } from '../helpers/gpu-cluster.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { hasPrometheus, startPrometheus, waitForScrapes, type RunningPrometheus } from '../helpers/prometheus.js';

const available = (hasKubeApiserver() && hasPrometheus()) || process.env['CI'] === 'true';
const DAY = 86_400;
const A100 = 'NVIDIA-A100-SXM4-80GB';
const H100 = 'NVIDIA-H100-80GB-HBM3';

/**
 * Eight days of Kanaria's own series from two replicas: `replica-b` read the inventory all along (research: 2
 * A100s, ml: 2 `1g.10gb` slices); `replica-a` read it once, eight days ago, and still exports what it saw then
 * (ml: 7 slices). Showback takes the replica that read last.
 */
function recordedHistory(end: number): string {
  const from = end - 8 * DAY + 1;
  const to = Math.min(Math.floor(Date.now() / 1000) - 60, end + 600);
  const lines: string[] = [];
  const family = (name: string, series: [Record<string, string>, (t: number) => number][]) => {
    lines.push(`# TYPE ${name} gauge`);
    for (const [labels, value] of series) {
      const text = Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      for (let t = from; t <= to; t += 120) lines.push(`${name}{${text}} ${value(t)} ${t}`);
    }
  };
  const replica = (name: string) => ({ instance: `${name}:3000`, job: 'apps' });
  const held = (name: string, namespace: string, product: string, resource: string, kind: string) => ({
    ...replica(name),
    namespace,
    pool: product === A100 ? 'a100' : 'h100',
    product,
    resource,
    kind,
  });
  const research = held('replica-b', 'research', A100, 'nvidia.com/gpu', 'gpu');
  const ml = held('replica-b', 'ml', H100, 'nvidia.com/mig-1g.10gb', 'mig');
  const stale = held('replica-a', 'ml', H100, 'nvidia.com/mig-1g.10gb', 'mig');
  family('kanaria_gpu_allocated', [
    [research, () => 2],
    [ml, () => 2],
    [stale, () => 7],
  ]);
  family('kanaria_gpu_allocated_equivalents', [
    [research, () => 2],
    [ml, () => 2 / 7],
    [stale, () => 1],
  ]);
  family('kanaria_gpu_inventory_read_timestamp_seconds', [
    [replica('replica-a'), () => from],
    [replica('replica-b'), (t) => t],
  ]);
  lines.push('# EOF', '');
  return lines.join('\n');
}

describe.skipIf(!available)(
  'showback from Kanaria’s own recorded allocation: a running replica scraped by a real Prometheus',
  () => {
    let kube: KubeCluster;
    let recording: Harness;
    let asking: Harness;
    let reporting: Harness;
    let prometheus: RunningPrometheus;
    const period = usagePeriod(7, Date.now());

    beforeAll(async () => {
      kube = await startKube([]);
      const gpus = gpuCluster(kube);
      // Untainted nodes and pods bound to them by name: no tolerations needed.
      await gpus.node('a100-0', {
        labels: { 'nvidia.com/gpu.product': A100, [POOL]: 'a100' },
        capacity: { 'nvidia.com/gpu': '8' },
        taints: [],
      });
      await gpus.node('h100-0', {
        labels: { 'nvidia.com/gpu.product': H100, 'nvidia.com/mig.strategy': 'mixed', [POOL]: 'h100' },
        capacity: { 'nvidia.com/mig-1g.10gb': '7' },
        taints: [],
      });
      const pod = (namespace: string, name: string, nodeName: string, resource: string, count: number) =>
        gpus.pod(namespace, name, { limits: { [resource]: String(count) }, nodeName, tolerations: [] });
      await pod('research', 'train-0', 'a100-0', 'nvidia.com/gpu', 3);
      await pod('ml', 'notebook-0', 'h100-0', 'nvidia.com/mig-1g.10gb', 2);
      await bindKanariaRole(kube);
      const files = { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') };
      const apps =
        'apps:\n  web: { manifest: apps/web/deployment.yaml, container: web }\npolicies:\n  default: { deploy: ["*"] }\n';
      // The alert check reads the inventory every second, and records what it read.
      recording = await startHarness({
        files,
        config: `${apps}gpu: { reportChannel: C0GPU, alerts: { schedule: "* * * * * *" } }\n`,
        kanaria: { kube: { path: kube.kubeconfig.kanaria } },
      });
      prometheus = await startPrometheus([`127.0.0.1:${recording.port}`], ['--storage.tsdb.retention.time=60d'], {
        backfill: recordedHistory(period.end),
      });
      asking = await startHarness({ files, config: `${apps}gpu: {}\n`, kanaria: { prometheusUrl: prometheus.url } });
      // Reports only, no alert checks: nothing reads the inventory on a schedule.
      reporting = await startHarness({
        files,
        config: `${apps}gpu: { reportChannel: C0GPU }\n`,
        kanaria: { kube: { path: kube.kubeconfig.kanaria } },
      });
    }, 180_000);
    afterAll(async () => {
      await reporting?.stop();
      await asking?.stop();
      await recording?.stop();
      await prometheus?.stop();
      await kube?.stop();
    });

    it('Prometheus holds what the running replica read: units and GPU-equivalents per namespace, pool, product and resource', async () => {
      await waitForScrapes(prometheus.url, `kanaria_gpu_allocated{instance="127.0.0.1:${recording.port}"}`, 3);
      const client = new HttpPrometheus(prometheus.url);
      const now = (metric: Parameters<typeof latestReading>[0]) =>
        client
          .instantVector(latestReading(metric))
          .then((v) => v.map((s) => [s.labels['namespace'], s.labels['pool'], s.labels['resource'], s.value]).sort());
      // Now the running replica read last: its figures, not the backfilled replicas'.
      expect(await now('kanaria_gpu_allocated')).toEqual([
        ['ml', 'h100', 'nvidia.com/mig-1g.10gb', 2],
        ['research', 'a100', 'nvidia.com/gpu', 3],
      ]);
      const equivalents = await now('kanaria_gpu_allocated_equivalents');
      expect(equivalents[0]?.[3]).toBeCloseTo(2 / 7);
      const nodes = await client.instantVector(`kanaria_gpu_nodes{instance="127.0.0.1:${recording.port}"}`);
      expect(nodes.map((s) => [s.labels['node'], s.labels['pool'], s.labels['product']]).sort()).toEqual([
        ['a100-0', 'a100', A100],
        ['h100-0', 'h100', H100],
      ]);
    }, 60_000);

    it('a report asked for now and then records nothing: its reading would stand for every hour until the next', async () => {
      await reporting.command('/gpu', '');
      await reporting.slack.waitFor(
        (calls) =>
          calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('GPU report')),
        60_000,
      );
      const metrics = await (await fetch(`http://127.0.0.1:${reporting.port}/metrics`)).text();
      expect(metrics).toContain('# TYPE kanaria_gpu_allocated gauge');
      expect(metrics).not.toMatch(/^kanaria_gpu_allocated(_equivalents)?\{/m);
      expect(metrics).toMatch(/^kanaria_gpu_inventory_read_timestamp_seconds 0$/m);
    }, 60_000);

    it('/gpu usage prefers Kanaria’s series and takes the replica that read last', async () => {
      await asking.command('/gpu', 'usage');
      const posted = await asking.slack.waitFor(
        (calls) =>
          calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('GPU showback')),
        60_000,
      );
      // 2 A100s × 168 h + 2 × 1/7 H100 × 168 h (replica-a's 7 stale slices are not counted).
      expect(String(posted.body['text'])).toBe(
        'GPU showback (whole cluster), last 7 days: 384.0 GPU-hours allocated, efficiency unknown',
      );
      const blocks = JSON.stringify(posted.body['blocks']);
      expect(blocks).toMatch(/ml +NVIDIA-H100-80GB-HBM3 +nvidia\.com\/mig-1g\.10gb +mig +336\.0 +48\.0/);
      expect(blocks).toContain('Allocation: Kanaria’s own samples (kanaria_gpu_allocated).');
    }, 90_000);
  },
);
