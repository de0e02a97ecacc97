import { CoreV1Api, type V1OwnerReference, type V1Taint, type V1Toleration } from '@kubernetes/client-node';
import { mergePatch, type KubeCluster } from './kube.js';

/** GKE's node-pool label: the pool the GPU suites group nodes by. */
export const POOL_LABEL = 'cloud.google.com/gke-nodepool';
/** The taint GPU nodes carry so that only pods asking for GPUs land there. */
export const GPU_TAINT: V1Taint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
/** What a GPU workload carries to be allowed onto a node with `GPU_TAINT`. */
export const GPU_TOLERATION: V1Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };

export interface GpuNode {
  readonly labels: Record<string, string>;
  /** What the device plugin advertises (`nvidia.com/gpu`, MIG profiles, cpu…): written as capacity and allocatable. */
  readonly capacity: Record<string, string>;
  /** `[GPU_TAINT]` unless said otherwise. */
  readonly taints?: V1Taint[];
  readonly cordoned?: boolean;
}

export interface GpuPod {
  readonly limits: Record<string, string>;
  /** Bound to this node, as the scheduler would; without it the pod waits for one. */
  readonly nodeName?: string;
  /** `[GPU_TOLERATION]` unless said otherwise. */
  readonly tolerations?: V1Toleration[];
  readonly nodeSelector?: Record<string, string>;
  readonly ownerReferences?: V1OwnerReference[];
  /** Pending, with this message of the scheduler's in its `PodScheduled` condition. */
  readonly unschedulable?: string;
}

export interface GpuCluster {
  /** The admin's core client, for what the helpers below do not cover. */
  readonly core: CoreV1Api;
  /** A Ready node as the kubelet and the device plugin leave it: labels, taints, capacity. */
  node(name: string, node: GpuNode): Promise<void>;
  /** The namespace and its `default` ServiceAccount (no controller makes it here), once per name. */
  namespace(name: string): Promise<void>;
  /** A one-container pod with GPU limits, in `namespace` (made first if it is new). */
  pod(namespace: string, name: string, pod: GpuPod): Promise<void>;
}

/** Writes GPU nodes and pods into a test kube-apiserver as its admin: nothing runs them, the objects are the point. */
export function gpuCluster(kube: KubeCluster): GpuCluster {
  const core = kube.client('admin').makeApiClient(CoreV1Api);
  const namespaces = new Set<string>();
  const namespace = async (name: string) => {
    if (namespaces.has(name)) return;
    await core.createNamespace({ body: { metadata: { name } } });
    await core.createNamespacedServiceAccount({ namespace: name, body: { metadata: { name: 'default' } } });
    namespaces.add(name);
  };
  return {
    core,
    namespace,
    async node(name, { labels, capacity, taints = [GPU_TAINT], cordoned }) {
      await core.createNode({
        body: { metadata: { name, labels }, spec: { ...(cordoned && { unschedulable: true }), taints } },
      });
      // The kubelet reports status (the create drops it); here the test does.
      const now = new Date().toISOString();
      await core.patchNodeStatus(
        {
          name,
          body: {
            status: {
              capacity,
              allocatable: capacity,
              conditions: [
                {
                  type: 'Ready',
                  status: 'True',
                  reason: 'KubeletReady',
                  lastHeartbeatTime: now,
                  lastTransitionTime: now,
                },
              ],
            },
          },
        },
        mergePatch,
      );
    },
    async pod(
      ns,
      name,
      { limits, nodeName, tolerations = [GPU_TOLERATION], nodeSelector, ownerReferences, unschedulable },
    ) {
      await namespace(ns);
      await core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name, ...(ownerReferences && { ownerReferences }) },
          spec: {
            automountServiceAccountToken: false,
            ...(nodeName && { nodeName }),
            ...(nodeSelector && { nodeSelector }),
            tolerations,
            containers: [{ name: 'main', image: 'pytorch/pytorch:2.4.0', resources: { limits } }],
          },
        },
      });
      if (unschedulable === undefined) return;
      // The scheduler's verdict, as it writes it into the status.
      await core.patchNamespacedPodStatus(
        {
          namespace: ns,
          name,
          body: {
            status: {
              phase: 'Pending',
              conditions: [
                {
                  type: 'PodScheduled',
                  status: 'False',
                  reason: 'Unschedulable',
                  message: unschedulable,
                  lastTransitionTime: new Date().toISOString(),
                },
              ],
            },
          },
        },
        mergePatch,
      );
    },
  };
}
