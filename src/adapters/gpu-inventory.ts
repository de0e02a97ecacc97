import { ApiException, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { summarizeNode, summarizePod, type NodeSummary, type PodUsage } from '../domain/gpu.js';

export interface GpuInventory {
  readonly nodes: NodeSummary[];
  readonly pods: PodUsage[];
  /** Set when pods could not be listed (RBAC): the report then covers nodes only. */
  readonly podsMissing?: string;
  /** List pages read, for the curious and the benchmark. */
  readonly pages: { readonly nodes: number; readonly pods: number };
}

/** Reads what the GPU report needs from the cluster. */
export interface GpuSource {
  read(poolLabel: string): Promise<GpuInventory>;
}

/**
 * Nodes and pods through paginated lists (`limit`/`continue`), finished pods filtered out by the API server,
 * each page reduced to summaries before the next is fetched: memory follows GPU nodes and GPU pods, not the
 * size of the cluster.
 */
export class KubeGpuSource implements GpuSource {
  private readonly core: CoreV1Api;
  constructor(kubeConfig: KubeConfig, private readonly pageSize = 500) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  async read(poolLabel: string): Promise<GpuInventory> {
    const nodes: NodeSummary[] = [];
    const pages = { nodes: 0, pods: 0 };
    let next: string | undefined;
    do {
      pages.nodes++;
      const page = await this.core.listNode({ limit: this.pageSize, ...(next && { _continue: next }) });
      for (const node of page.items) {
        const summary = summarizeNode(node, poolLabel);
        if (summary) nodes.push(summary);
      }
      next = page.metadata?._continue || undefined;
    } while (next);

    const pods: PodUsage[] = [];
    try {
      do {
        pages.pods++;
        const page = await this.core.listPodForAllNamespaces({ limit: this.pageSize, fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed', ...(next && { _continue: next }) });
        for (const pod of page.items) {
          const usage = summarizePod(pod);
          if (usage) pods.push(usage);
        }
        next = page.metadata?._continue || undefined;
      } while (next);
    } catch (error) {
      if (error instanceof ApiException && error.code === 403) {
        return { nodes, pods: [], pages, podsMissing: 'Kanaria may not list pods in all namespaces, so requested GPUs and pending pods are unknown. Grant its ServiceAccount "list" on pods cluster-wide (see deploy/rbac.yaml).' };
      }
      throw error;
    }
    return { nodes, pods, pages };
  }
}
