import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  KubeNotFound,
  KubeUnavailable,
  kubeStatusError,
  networkCause,
  type KubeRequest,
  type KubeThing,
} from './kube-errors.js';
import { summarizeReclaimNode, summarizeReclaimPod, type ReclaimNode, type ReclaimPod } from '../domain/gpu-reclaim.js';
import { obj } from '../domain/json.js';

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

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * GPU pods of the opted-in namespaces (a list per namespace, finished pods filtered by the API server), the
 * namespaces themselves (`get`: an owner written on the namespace), and GPU nodes (GFD's product label, for MIG
 * and time-slicing). Plain JSON with the client's credentials, as the GPU inventory reads it.
 */
export class KubeReclaimSource implements ReclaimSource {
  constructor(private readonly kubeConfig: KubeConfig) {}

  async read(namespaces: readonly string[]): Promise<ReclaimInventory> {
    const pods: ReclaimPod[] = [];
    const marks: Record<string, NamespaceMarks> = {};
    for (const namespace of namespaces) {
      const ns = encodeURIComponent(namespace);
      const namespaceObject = await this.get(
        `/api/v1/namespaces/${ns}`,
        {
          verb: 'get',
          resource: 'namespaces',
          name: namespace,
        },
        { kind: 'namespace', configKey: 'gpu.reclaim.namespaces' },
      ).catch((error: unknown) => {
        // A namespace listed in kanaria.yaml but not (yet) in the cluster holds nothing.
        if (error instanceof KubeNotFound) return undefined;
        throw error;
      });
      if (namespaceObject === undefined) continue;
      const metadata = obj(obj(namespaceObject)['metadata']);
      marks[namespace] = { labels: strings(metadata['labels']), annotations: strings(metadata['annotations']) };
      const params = new URLSearchParams({ fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' });
      const page = obj(
        await this.get(`/api/v1/namespaces/${ns}/pods?${params}`, { verb: 'list', resource: 'pods', namespace }),
      );
      for (const item of Array.isArray(page['items']) ? page['items'] : []) {
        const pod = summarizeReclaimPod(item);
        if (pod) pods.push(pod);
      }
    }
    const nodes: ReclaimNode[] = [];
    if (pods.length > 0) {
      const params = new URLSearchParams({ labelSelector: 'nvidia.com/gpu.product' });
      const page = obj(await this.get(`/api/v1/nodes?${params}`, { verb: 'list', resource: 'nodes' }));
      for (const item of Array.isArray(page['items']) ? page['items'] : []) {
        const node = summarizeReclaimNode(item);
        if (node) nodes.push(node);
      }
    }
    return { pods, nodes, namespaces: marks };
  }

  private async get(
    path: string,
    request: KubeRequest,
    thing?: Pick<KubeThing, 'kind' | 'configKey'>,
  ): Promise<unknown> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('no current cluster in the Kubernetes configuration');
    const url = new URL(path, cluster.server);
    const options: RequestOptions = {
      method: 'GET',
      host: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      headers: { accept: 'application/json' },
    };
    await this.kubeConfig.applyToHTTPSOptions(options);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const unreachable = (error: Error) =>
        reject(
          error instanceof KubeUnavailable
            ? error
            : new KubeUnavailable(request, { cause: networkCause(error) ?? error.message }, { cause: error }),
        );
      const req = send(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 300) return reject(kubeStatusError(status, text, request, thing));
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            reject(error as Error);
          }
        });
        res.on('error', unreachable);
      });
      req.on('error', unreachable);
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(new KubeUnavailable(request, { timeoutSeconds: REQUEST_TIMEOUT_MS / 1000 })),
      );
      req.end();
    });
  }
}

const strings = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(value)).filter((e): e is [string, string] => typeof e[1] === 'string'));
