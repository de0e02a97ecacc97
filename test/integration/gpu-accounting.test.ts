import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gpuCluster, POOL_LABEL as POOL } from '../helpers/gpu-cluster.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { deployment, startHarness, type Harness } from '../helpers/harness.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

/** GPU Feature Discovery's labels for the full-GPU resource, as the NVIDIA device plugin writes them. */
const gfd = (product: string, count: number, extra: Record<string, string> = {}): Record<string, string> => ({
  'nvidia.com/gpu.present': 'true',
  'nvidia.com/gpu.product': product,
  'nvidia.com/gpu.count': String(count),
  'nvidia.com/gpu.replicas': '0',
  'nvidia.com/gpu.sharing-strategy': 'none',
  ...extra,
});

/**
 * A namespace with 5 whole A100s and 2 `1g.10gb` slices of an H100 holds 5 + 2/7 GPUs, not 7: the report
 * Kanaria posts, reading a real API server as the user its ClusterRole binds, with a node in each way the
 * device plugin offers GPUs (whole, MIG mixed, MIG single, time-sliced, time-sliced and renamed).
 */
describe.skipIf(!available)('GPU accounting in GPU terms, from the real kube-apiserver to the posted report', () => {
  let kube: KubeCluster;

  beforeAll(async () => {
    kube = await startKube([]);
    const gpus = gpuCluster(kube);
    // One pool a node, named after it; every node tainted for GPUs only, every pod tolerating it.
    const node = (name: string, pool: string, labels: Record<string, string>, capacity: Record<string, string>) =>
      gpus.node(name, { labels: { ...labels, [POOL]: pool }, capacity });
    const pod = (namespace: string, name: string, limits: Record<string, string>, nodeName?: string) =>
      gpus.pod(namespace, name, { limits, nodeName });
    await node('a100-0', 'a100', gfd('NVIDIA-A100-SXM4-80GB', 8), { 'nvidia.com/gpu': '8' });
    await node(
      'h100-mig-0',
      'h100-mig',
      {
        ...gfd('NVIDIA-H100-80GB-HBM3', 4),
        'nvidia.com/mig.strategy': 'mixed',
        'nvidia.com/mig-1g.10gb.count': '28',
        'nvidia.com/mig-1g.10gb.product': 'NVIDIA-H100-80GB-HBM3-MIG-1g.10gb',
        'nvidia.com/mig-1g.10gb.replicas': '0',
      },
      { 'nvidia.com/gpu': '0', 'nvidia.com/mig-1g.10gb': '28' },
    );
    await node(
      'a100-single-0',
      'a100-mig-single',
      gfd('NVIDIA-A100-SXM4-40GB-MIG-1g.5gb', 56, { 'nvidia.com/mig.strategy': 'single' }),
      { 'nvidia.com/gpu': '56' },
    );
    await node(
      't4-0',
      't4-sliced',
      gfd('Tesla-T4-SHARED', 1, { 'nvidia.com/gpu.replicas': '4', 'nvidia.com/gpu.sharing-strategy': 'time-slicing' }),
      { 'nvidia.com/gpu': '4' },
    );
    await node(
      'l4-0',
      'l4-renamed',
      gfd('NVIDIA-L4', 2, { 'nvidia.com/gpu.replicas': '4', 'nvidia.com/gpu.sharing-strategy': 'time-slicing' }),
      { 'nvidia.com/gpu': '0', 'nvidia.com/gpu.shared': '8' },
    );
    await pod('ml-research', 'train-0', { 'nvidia.com/gpu': '5' }, 'a100-0');
    await pod('ml-research', 'notebook-0', { 'nvidia.com/mig-1g.10gb': '1' }, 'h100-mig-0');
    await pod('ml-research', 'notebook-1', { 'nvidia.com/mig-1g.10gb': '1' }, 'h100-mig-0');
    // Waiting for a node: holds nothing yet, so it is in no namespace's figures.
    await pod('ml-research', 'queued-0', { 'nvidia.com/gpu': '8' });
    await pod('ml-platform', 'ray-worker-0', { 'nvidia.com/gpu': '7' }, 'a100-single-0');
    for (const name of ['embedder-0', 'embedder-1', 'embedder-2'])
      await pod('serving', name, { 'nvidia.com/gpu': '1' }, 't4-0');
    await pod('serving', 'whisper-0', { 'nvidia.com/gpu.shared': '2' }, 'l4-0');
    await bindKanariaRole(kube);
  }, 120_000);
  afterAll(async () => kube?.stop());

  let running: Harness | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  const gpuKanaria = async (): Promise<Harness> => {
    running = await startHarness({
      files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
      config:
        'apps:\n  web: { manifest: apps/web/deployment.yaml, container: web }\npolicies:\n  default: { deploy: ["*"] }\n',
      kanaria: { kube: { path: kube.kubeconfig.kanaria } },
    });
    return running;
  };
  const posted = (h: Harness, title: string) =>
    h.slack.waitFor(
      (calls) => calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith(title)),
      20_000,
    );

  it('/gpu: each namespace in whole GPUs, MIG slices and shared replicas, summed in GPU-equivalents', async () => {
    const h = await gpuKanaria();
    await h.command('/gpu', '');
    const report = await posted(h, 'GPU report (whole cluster)');
    // Whole GPUs only in the title and first line, as before (the alerts use them): the A100's 8.
    expect(String(report.body['text'])).toBe('GPU report (whole cluster): 3 free of 8 GPUs (5 requested, 1 nodes)');
    const body = JSON.stringify(report.body['blocks']);
    expect(body).toContain(
      'GPU-equivalents (whole GPUs, MIG slices and shared replicas together): 15.46 free of 23 allocatable (23 capacity); 7.54 requested.',
    );
    expect(body).toContain('Top namespaces by GPU-equivalents held (pending pods not counted):');
    expect(body).toContain('  ml-research  5 GPUs + 2× 1g.10gb = 5.29 GPU-eq (3 pods)');
    expect(body).toContain('  serving      5 shared replicas = 1.25 GPU-eq (4 pods)');
    expect(body).toContain('  ml-platform  7× 1g.5gb = 1 GPU-eq (1 pod)');
    // The sum that was shown before: 5 GPUs and 2 slices are not 7 GPUs.
    expect(body).not.toMatch(/ml-research\W+7\b/);
    // Each row says what one unit is worth.
    expect(body).toMatch(/NVIDIA-H100-80GB-HBM3 +h100-mig +nvidia.com\/mig-1g.10gb +1\/7 GPU/);
    expect(body).toMatch(/Tesla-T4-SHARED +t4-sliced +nvidia.com\/gpu +1\/4 GPU/);
    expect(body).toMatch(/NVIDIA-L4 +l4-renamed +nvidia.com\/gpu.shared +1\/4 GPU/);
    expect(body).toMatch(/NVIDIA-A100-SXM4-40GB-MIG-1g.5gb +a100-mig-single +nvidia.com\/gpu +1\/7 GPU/);
    expect(body).toContain('ml-research/queued-0 (8 nvidia.com/gpu)');
  });

  it("/gpu namespace <ns>: titled with the namespace's share, the same way", async () => {
    const h = await gpuKanaria();
    await h.command('/gpu', 'namespace ml-research');
    const report = await posted(h, 'GPU report (namespace ml-research)');
    expect(String(report.body['text'])).toBe(
      'GPU report (namespace ml-research): 5 GPUs + 2× 1g.10gb = 5.29 GPU-eq in 3 pods',
    );
    await h.command('/gpu', 'namespace serving');
    const serving = await posted(h, 'GPU report (namespace serving)');
    expect(String(serving.body['text'])).toBe(
      'GPU report (namespace serving): 5 shared replicas = 1.25 GPU-eq in 4 pods',
    );
  });
});
