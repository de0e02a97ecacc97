/**
 * bench:gpu — the GPU report on a large cluster: 5,000 nodes (1,000 with 8 GPUs) and 150,000 pods.
 *
 * Filling the test etcd with 155,000 objects takes far too long here, so the lists are served by a plain
 * replay server (bench/lib/kube-replay.ts) that speaks the API server's list protocol (limit/continue, the
 * finished-pods field selector), rendered up front. Its objects are made from a GPU node, a CPU node and pods that the REAL
 * kube-apiserver 1.20 of the test harness returned (created there, read back as raw JSON), varied by index.
 *
 * Each run is a child process of its own (so its peak RSS is its own): Kanaria's paginated, summarising
 * read (KubeGpuSource: pages of 500, raw JSON) against the baseline of listing everything unpaginated through the typed
 * client (CoreV1Api), the way a first version would: the gap is pagination and skipping the model conversion together.
 * BENCH_RUNS (5) of each, alternating; medians.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { root, TSX } from '../test/helpers/cli.js';
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { hasKubeApiserver, startKube, type KubeCluster } from '../test/helpers/kube.js';
import { startKubeReplay, type ReplayCluster } from './lib/kube-replay.js';
import { envNumber, median, printResult, progress, round } from './lib/util.js';

const RUNS = envNumber('BENCH_RUNS', 5);
/** Kanaria's page size (KubeGpuSource's default). */
const PAGE = envNumber('BENCH_PAGE', 500);
const NODES = envNumber('BENCH_NODES', 5000);
const GPU_NODES = envNumber('BENCH_GPU_NODES', 1000);
const PODS = envNumber('BENCH_PODS', 150_000);
const TARGET = { reportMs: 5000, peakRssMb: 500 };

type Json = Record<string, unknown>;

/** GET as the harness admin, raw: the objects exactly as the API server serialises them. */
function getRaw(kube: KubeCluster, path: string): Promise<Json> {
  const config = JSON.parse(readFileSync(kube.kubeconfig.admin, 'utf8')) as {
    clusters: { cluster: { 'certificate-authority': string } }[];
    users: { user: { token: string } }[];
  };
  const url = new URL(path, kube.server);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        ca: readFileSync(config.clusters[0]!.cluster['certificate-authority']),
        headers: { authorization: `Bearer ${config.users[0]!.user.token}` },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(JSON.parse(text) as Json));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Records a GPU node, a CPU node, a GPU pod and a CPU pod from the real API server. */
async function recordTemplates(): Promise<{ gpuNode: Json; cpuNode: Json; gpuPod: Json; cpuPod: Json }> {
  const kube = await startKube([]);
  try {
    const core = kube.client('admin').makeApiClient(CoreV1Api);
    const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    const conditions = ['MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({
      type,
      status: 'False',
      reason: `KubeletHas${type === 'PIDPressure' ? 'Sufficient' : 'No'}${type}`,
      message: `kubelet has no ${type}`,
      lastHeartbeatTime: new Date().toISOString(),
      lastTransitionTime: new Date().toISOString(),
    }));
    for (const [name, gpu] of [
      ['gpu-node', true],
      ['cpu-node', false],
    ] as const) {
      await core.createNode({
        body: {
          metadata: {
            name,
            labels: {
              'kubernetes.io/os': 'linux',
              'node.kubernetes.io/instance-type': gpu ? 'a2-highgpu-8g' : 'n2-standard-16',
              'cloud.google.com/gke-nodepool': gpu ? 'a100' : 'general',
              ...(gpu && {
                'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-40GB',
                'nvidia.com/gpu.count': '8',
                'nvidia.com/gpu.memory': '40960',
              }),
            },
          },
          spec: gpu ? { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] } : {},
        },
      });
      const capacity = {
        cpu: gpu ? '96' : '16',
        memory: gpu ? '1389Gi' : '64Gi',
        pods: '110',
        'ephemeral-storage': '100Gi',
        ...(gpu && { 'nvidia.com/gpu': '8' }),
      };
      await core.patchNodeStatus(
        {
          name,
          body: {
            status: {
              capacity,
              allocatable: capacity,
              conditions: [
                ...conditions,
                {
                  type: 'Ready',
                  status: 'True',
                  reason: 'KubeletReady',
                  message: 'kubelet is posting ready status',
                  lastHeartbeatTime: new Date().toISOString(),
                  lastTransitionTime: new Date().toISOString(),
                },
              ],
              nodeInfo: {
                kubeletVersion: 'v1.20.2',
                containerRuntimeVersion: 'containerd://1.6.24',
                osImage: 'Container-Optimized OS',
                kernelVersion: '5.15.0',
                architecture: 'amd64',
                operatingSystem: 'linux',
                machineID: 'm',
                systemUUID: 's',
                bootID: 'b',
                kubeProxyVersion: 'v1.20.2',
              },
            },
          },
        },
        mergePatch,
      );
    }
    await core.createNamespace({ body: { metadata: { name: 'ml' } } });
    await core.createNamespacedServiceAccount({ namespace: 'ml', body: { metadata: { name: 'default' } } });
    for (const [name, gpu] of [
      ['gpu-pod', true],
      ['cpu-pod', false],
    ] as const) {
      await core.createNamespacedPod({
        namespace: 'ml',
        body: {
          metadata: { name, labels: { app: name, 'pod-template-hash': '5d8f7c9b4' } },
          spec: {
            automountServiceAccountToken: false,
            nodeName: gpu ? 'gpu-node' : 'cpu-node',
            ...(gpu && { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] }),
            containers: [
              {
                name: 'main',
                image: gpu ? 'nvcr.io/nvidia/pytorch:24.05-py3' : 'python:3.12-slim',
                args: ['python', 'train.py', '--epochs', '10'],
                env: [{ name: 'LOG_LEVEL', value: 'info' }],
                resources: {
                  requests: { cpu: '4', memory: '16Gi', ...(gpu && { 'nvidia.com/gpu': '1' }) },
                  limits: { memory: '16Gi', ...(gpu && { 'nvidia.com/gpu': '1' }) },
                },
              },
            ],
          },
        },
      });
      await core.patchNamespacedPodStatus(
        {
          namespace: 'ml',
          name,
          body: {
            status: {
              phase: 'Running',
              conditions: [
                { type: 'Ready', status: 'True' },
                { type: 'PodScheduled', status: 'True' },
              ],
              podIP: '10.8.0.12',
              hostIP: '10.128.0.7',
              startTime: new Date().toISOString(),
              containerStatuses: [
                {
                  name: 'main',
                  ready: true,
                  restartCount: 0,
                  image: 'img',
                  imageID: 'docker-pullable://img@sha256:0123',
                  containerID: 'containerd://abc',
                  state: { running: { startedAt: new Date().toISOString() } },
                },
              ],
            },
          },
        },
        mergePatch,
      );
    }
    return {
      gpuNode: await getRaw(kube, '/api/v1/nodes/gpu-node'),
      cpuNode: await getRaw(kube, '/api/v1/nodes/cpu-node'),
      gpuPod: await getRaw(kube, '/api/v1/namespaces/ml/pods/gpu-pod'),
      cpuPod: await getRaw(kube, '/api/v1/namespaces/ml/pods/cpu-pod'),
    };
  } finally {
    await kube.stop();
  }
}

function cluster(t: Awaited<ReturnType<typeof recordTemplates>>): ReplayCluster {
  const pools = ['a100', 'a100-spot', 'h100', 'l4'];
  const text = {
    gpuNode: JSON.stringify(t.gpuNode),
    cpuNode: JSON.stringify(t.cpuNode),
    gpuPod: JSON.stringify(t.gpuPod),
    cpuPod: JSON.stringify(t.cpuPod),
  };
  const gpuPods = GPU_NODES * 6; // three quarters of the GPUs held
  return {
    nodes: NODES,
    pods: PODS,
    node(i) {
      const gpu = i < GPU_NODES;
      const node = JSON.parse(gpu ? text.gpuNode : text.cpuNode) as {
        metadata: { name: string; uid: string; labels: Record<string, string> };
      };
      node.metadata.name = gpu ? `gpu-${i}` : `cpu-${i}`;
      node.metadata.uid = `node-${i}`;
      if (gpu) node.metadata.labels['cloud.google.com/gke-nodepool'] = pools[i % pools.length] as string;
      return node;
    },
    pod(i) {
      const gpu = i < gpuPods;
      const pod = JSON.parse(gpu ? text.gpuPod : text.cpuPod) as {
        metadata: { name: string; namespace: string; uid: string };
        spec: { nodeName?: string };
        status: { phase: string };
      };
      pod.metadata.name = `${gpu ? 'train' : 'web'}-${i}`;
      pod.metadata.namespace = `team-${i % 40}`;
      pod.metadata.uid = `pod-${i}`;
      pod.spec.nodeName = gpu ? `gpu-${Math.floor(i / 6)}` : `cpu-${GPU_NODES + (i % (NODES - GPU_NODES))}`;
      // One in twenty of the other pods has finished; the API server leaves them out of Kanaria's pages.
      const phase = !gpu && i % 20 === 0 ? 'Succeeded' : 'Running';
      pod.status.phase = phase;
      return { object: pod, phase };
    },
  };
}

function runOnce(
  mode: 'paginated' | 'unpaginated',
  url: string,
): Promise<{ ms: number; maxRssMb: number; gpus: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=4096', '--import', TSX, join(root, 'bench/lib/gpu-run.ts'), mode, url, String(PAGE)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { ms: number; maxRssMb: number; gpus: number })
        : reject(new Error(`${mode} run exited with ${code}`)),
    );
  });
}

if (!hasKubeApiserver()) {
  process.stderr.write(
    'bench:gpu records its object templates from the real kube-apiserver: build it with `bash test/k8s/build-kube-apiserver.sh`.\n',
  );
  process.exit(1);
}
progress('recording templates from the real kube-apiserver…');
const replay = await startKubeReplay(cluster(await recordTemplates()), PAGE);
const runs = {
  paginated: [] as { ms: number; maxRssMb: number; gpus: number }[],
  unpaginated: [] as { ms: number; maxRssMb: number; gpus: number }[],
};
try {
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ['paginated', 'unpaginated'] as const) {
      const result = await runOnce(mode, replay.url);
      runs[mode].push(result);
      progress(`${mode} run ${i + 1}: ${round(result.ms)} ms, ${round(result.maxRssMb)} MB`);
    }
  }
} finally {
  await replay.stop();
}
const ours = {
  reportMs: round(median(runs.paginated.map((r) => r.ms))),
  peakRssMb: round(median(runs.paginated.map((r) => r.maxRssMb))),
};
const baseline = {
  reportMs: round(median(runs.unpaginated.map((r) => r.ms))),
  peakRssMb: round(median(runs.unpaginated.map((r) => r.maxRssMb))),
};
printResult({
  bench: 'gpu',
  nodes: NODES,
  gpuNodes: GPU_NODES,
  pods: PODS,
  source: 'replay server of objects recorded from the real kube-apiserver 1.20',
  reportMs: { median: ours.reportMs },
  peakRssMb: ours.peakRssMb,
  gpusAllocatable: runs.paginated[0]?.gpus,
  baseline: {
    name: 'typed client (CoreV1Api), unpaginated lists',
    reportMs: baseline.reportMs,
    peakRssMb: baseline.peakRssMb,
  },
  leaner: round(baseline.peakRssMb / ours.peakRssMb, 2),
  faster: round(baseline.reportMs / ours.reportMs, 2),
  target: TARGET,
  meetsTarget:
    ours.reportMs < TARGET.reportMs && ours.peakRssMb < TARGET.peakRssMb && baseline.peakRssMb / ours.peakRssMb >= 2,
});
