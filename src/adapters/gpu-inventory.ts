import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeForbidden, KubeUnavailable, kubeStatusError, networkCause, type KubeRequest } from './kube-errors.js';
import { summarizeNode, summarizePod, type NodeSummary, type PodUsage } from '../domain/gpu.js';

export interface GpuInventory {
  readonly nodes: NodeSummary[];
  readonly pods: PodUsage[];
  /** Set when pods could not be listed (RBAC): the report then covers nodes only, and says why with this. */
  readonly podsMissing?: KubeForbidden;
  /** List pages read, for the curious and the benchmark. */
  readonly pages: { readonly nodes: number; readonly pods: number };
}

/** Reads what the GPU report needs from the cluster. */
export interface GpuSource {
  read(poolLabel: string): Promise<GpuInventory>;
}

const REQUEST_TIMEOUT_MS = 30_000;

const NODES: KubeRequest = { verb: 'list', resource: 'nodes' };
const PODS: KubeRequest = { verb: 'list', resource: 'pods' };

/**
 * Nodes and pods through paginated lists (`limit`/`continue`), finished pods filtered out by the API server,
 * each page reduced to summaries before the next is fetched: memory follows GPU nodes and GPU pods, not the
 * size of the cluster. Pages are read as plain JSON with the client's credentials (KubeConfig), not through
 * the typed client: its model conversion of every field of 150,000 pods costs more than the report itself.
 */
export class KubeGpuSource implements GpuSource {
  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly pageSize = 500,
  ) {}

  async read(poolLabel: string): Promise<GpuInventory> {
    const nodes: NodeSummary[] = [];
    const pods: PodUsage[] = [];
    const pages = { nodes: 0, pods: 0 };
    try {
      pages.nodes = await this.list('/api/v1/nodes', NODES, {}, (item) => {
        const summary = summarizeNode(item, poolLabel);
        if (summary) nodes.push(summary);
      });
    } catch (error) {
      // Without nodes there is no report: say what it cannot do, not only which verb is missing.
      if (error instanceof KubeForbidden) throw new KubeForbidden(NODES, 'errorsKube.gpuNodesForbidden');
      throw error;
    }
    try {
      pages.pods = await this.list(
        '/api/v1/pods',
        PODS,
        { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
        (item) => {
          const usage = summarizePod(item);
          if (usage) pods.push(usage);
        },
      );
    } catch (error) {
      if (error instanceof KubeForbidden)
        return { nodes, pods: [], pages, podsMissing: new KubeForbidden(PODS, 'errorsKube.gpuPodsForbidden') };
      throw error;
    }
    return { nodes, pods, pages };
  }

  /** Every page of a list, each item handed to `each`; returns the number of pages. */
  private async list(
    path: string,
    request: KubeRequest,
    query: Record<string, string>,
    each: (item: unknown) => void,
  ): Promise<number> {
    let next: string | undefined;
    let count = 0;
    do {
      const params = new URLSearchParams({ ...query, limit: String(this.pageSize), ...(next && { continue: next }) });
      const page = (await this.get(`${path}?${params}`, request)) as {
        items?: unknown[];
        metadata?: { continue?: string };
      };
      count++;
      for (const item of page.items ?? []) each(item);
      next = page.metadata?.continue || undefined;
    } while (next);
    return count;
  }

  /** One page as JSON; a failure as facts: the status the API server answered, or why it did not answer. */
  private async get(path: string, request: KubeRequest): Promise<unknown> {
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
      const req = send(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 300) reject(kubeStatusError(status, text, request));
          else {
            try {
              resolve(JSON.parse(text));
            } catch (error) {
              reject(error);
            }
          }
        });
        res.on('error', (error) => reject(unreachable(request, error)));
      });
      req.on('error', (error) => reject(unreachable(request, error)));
      // A half-open connection must not hold the GPU queue (one job at a time) for ever: fail and retry.
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(new KubeUnavailable(request, { timeoutSeconds: REQUEST_TIMEOUT_MS / 1000 })),
      );
      req.end();
    });
  }
}

/** A request that got no answer; the timeout above is typed already. */
const unreachable = (request: KubeRequest, error: Error): Error =>
  error instanceof KubeUnavailable
    ? error
    : new KubeUnavailable(request, { cause: networkCause(error) ?? error.message }, { cause: error });
