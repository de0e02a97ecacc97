import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeRequest } from './kube-errors.js';
import { KubeGpuSource } from './gpu-inventory.js';
import { KubeJson } from './kube-json.js';
import { whyNode, type WhyNode } from '../domain/gpu-why.js';

/** What `/gpu why` reads besides Kueue: the namespace's pods, and GPU nodes with what is free on them. */
export interface WhySource {
  /** Every pod of the namespace, raw (the one asked about is among them, or the closest names are). */
  podsIn(namespace: string): Promise<unknown[]>;
  /** GPU nodes with their labels, taints and free GPUs. */
  gpuNodes(): Promise<WhyNode[]>;
}

const PODS: KubeRequest = { verb: 'list', resource: 'pods' };
const NODES: KubeRequest = { verb: 'list', resource: 'nodes' };

/** Reads with the verbs the GPU report uses already (list pods, list nodes): nothing more to grant. */
export class KubeWhySource implements WhySource {
  private readonly api: KubeJson;
  /** Every pod of the cluster is read for the free GPUs: streamed, GPU pods only, like the report. */
  private readonly gpu: KubeGpuSource;

  constructor(kubeConfig: KubeConfig, pageSize = 500) {
    this.api = new KubeJson(kubeConfig, pageSize);
    this.gpu = new KubeGpuSource(kubeConfig, pageSize);
  }

  async podsIn(namespace: string): Promise<unknown[]> {
    const items: unknown[] = [];
    await this.api.list(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, { ...PODS, namespace }, (item) =>
      items.push(item),
    );
    return items;
  }

  async gpuNodes(): Promise<WhyNode[]> {
    // GPU nodes only, summarised as they come: free is known once the pods are read.
    const nodes: WhyNode[] = [];
    await this.api.list('/api/v1/nodes', NODES, (item) => {
      const node = whyNode(item, {});
      if (Object.keys(node.allocatable).length > 0) nodes.push(node);
    });
    const held = new Map<string, Record<string, number>>();
    for (const pod of await this.gpu.gpuPods()) {
      if (!pod.node) continue;
      const onNode = held.get(pod.node) ?? {};
      for (const [r, n] of Object.entries(pod.requests)) onNode[r] = (onNode[r] ?? 0) + n;
      held.set(pod.node, onNode);
    }
    return nodes.map((n) => ({
      ...n,
      free: Object.fromEntries(
        Object.entries(n.allocatable).map(([r, v]) => [r, Math.max(0, v - (held.get(n.name)?.[r] ?? 0))]),
      ),
    }));
  }
}
