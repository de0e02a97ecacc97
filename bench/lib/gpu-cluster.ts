/**
 * The benchmark's cluster: a GPU node, a CPU node, a GPU pod and a CPU pod recorded from the REAL kube-apiserver
 * 1.20 of the test harness (created there, read back as raw JSON), then varied by index into thousands.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { startKube, type KubeCluster } from '../../test/helpers/kube.js';
import type { ReplayCluster } from './kube-replay.js';

export interface ClusterSize {
  readonly nodes: number;
  readonly gpuNodes: number;
  readonly pods: number;
}

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
export async function recordTemplates(): Promise<{ gpuNode: Json; cpuNode: Json; gpuPod: Json; cpuPod: Json }> {
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

export function cluster(t: Awaited<ReturnType<typeof recordTemplates>>, size: ClusterSize): ReplayCluster {
  const { nodes: NODES, gpuNodes: GPU_NODES, pods: PODS } = size;
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
