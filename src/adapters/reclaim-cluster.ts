import type { KubeConfig } from '@kubernetes/client-node';
import { KubeNotFound } from './kube-errors.js';
import { KubeJson } from './kube-json.js';
import { summarizeReclaimNode, summarizeReclaimPod, type ReclaimNode, type ReclaimPod } from '../domain/gpu-reclaim.js';
import { obj, strings } from '../domain/json.js';

/** A namespace's labels and annotations (where an owner may be written for all its workloads). */
export interface NamespaceMarks {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface ReclaimInventory {
  readonly pods: ReclaimPod[];
  readonly nodes: ReclaimNode[];
  readonly namespaces: Record<string, NamespaceMarks>;
}

/** Reads what the reclaim of idle GPUs needs, and only in the namespaces opted in. */
export interface ReclaimSource {
  read(namespaces: readonly string[]): Promise<ReclaimInventory>;
}

/**
 * GPU pods of the opted-in namespaces (listed per namespace, page by page, finished pods filtered by the API
 * server), the namespaces themselves (`get`: an owner written on the namespace), and GPU nodes (GFD's product
 * label, for MIG and time-slicing). Plain JSON with the client's credentials, as the GPU inventory reads it.
 */
export class KubeReclaimSource implements ReclaimSource {
  private readonly api: KubeJson;

  constructor(kubeConfig: KubeConfig, pageSize = 500) {
    this.api = new KubeJson(kubeConfig, pageSize);
  }

  async read(namespaces: readonly string[]): Promise<ReclaimInventory> {
    const pods: ReclaimPod[] = [];
    const marks: Record<string, NamespaceMarks> = {};
    for (const namespace of namespaces) {
      const ns = encodeURIComponent(namespace);
      const namespaceObject = await this.api
        .get(
          `/api/v1/namespaces/${ns}`,
          { verb: 'get', resource: 'namespaces', name: namespace },
          { kind: 'namespace', configKey: 'gpu.reclaim.namespaces' },
        )
        .catch((error: unknown) => {
          // A namespace listed in kanaria.yaml but not (yet) in the cluster holds nothing.
          if (error instanceof KubeNotFound) return undefined;
          throw error;
        });
      if (namespaceObject === undefined) continue;
      const metadata = obj(obj(namespaceObject)['metadata']);
      marks[namespace] = { labels: strings(metadata['labels']), annotations: strings(metadata['annotations']) };
      await this.api.list(
        `/api/v1/namespaces/${ns}/pods`,
        { verb: 'list', resource: 'pods', namespace },
        (item) => {
          const pod = summarizeReclaimPod(item);
          if (pod) pods.push(pod);
        },
        { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
      );
    }
    const nodes: ReclaimNode[] = [];
    if (pods.length > 0)
      await this.api.list(
        '/api/v1/nodes',
        { verb: 'list', resource: 'nodes' },
        (item) => {
          const node = summarizeReclaimNode(item);
          if (node) nodes.push(node);
        },
        { labelSelector: 'nvidia.com/gpu.product' },
      );
    return { pods, nodes, namespaces: marks };
  }
}
