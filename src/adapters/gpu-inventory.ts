import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { UserFacingError } from '../domain/errors.js';
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

const REQUEST_TIMEOUT_MS = 30_000;

class ListError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

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
      pages.nodes = await this.list('/api/v1/nodes', {}, (item) => {
        const summary = summarizeNode(item, poolLabel);
        if (summary) nodes.push(summary);
      });
    } catch (error) {
      if (error instanceof ListError && error.status === 403) {
        throw new UserFacingError(
          'forbidden',
          'Kanaria may not list nodes (RBAC), so it cannot report GPU capacity.',
          'Grant its ServiceAccount "list" on nodes cluster-wide (see deploy/base/rbac.yaml).',
        );
      }
      throw error;
    }
    try {
      pages.pods = await this.list(
        '/api/v1/pods',
        { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
        (item) => {
          const usage = summarizePod(item);
          if (usage) pods.push(usage);
        },
      );
    } catch (error) {
      if (error instanceof ListError && error.status === 403) {
        return {
          nodes,
          pods: [],
          pages,
          podsMissing:
            'Kanaria may not list pods in all namespaces, so requested GPUs and pending pods are unknown. Grant its ServiceAccount "list" on pods cluster-wide (see deploy/base/rbac.yaml).',
        };
      }
      throw error;
    }
    return { nodes, pods, pages };
  }

  /** Every page of a list, each item handed to `each`; returns the number of pages. */
  private async list(path: string, query: Record<string, string>, each: (item: unknown) => void): Promise<number> {
    let next: string | undefined;
    let count = 0;
    do {
      const params = new URLSearchParams({ ...query, limit: String(this.pageSize), ...(next && { continue: next }) });
      const page = (await this.get(`${path}?${params}`)) as { items?: unknown[]; metadata?: { continue?: string } };
      count++;
      for (const item of page.items ?? []) each(item);
      next = page.metadata?.continue || undefined;
    } while (next);
    return count;
  }

  private async get(path: string): Promise<unknown> {
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
          if (status >= 300) reject(new ListError(status, `GET ${url.pathname}: HTTP ${status} ${text.slice(0, 300)}`));
          else {
            try {
              resolve(JSON.parse(text));
            } catch (error) {
              reject(error);
            }
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      // A half-open connection must not hold the GPU queue (one job at a time) for ever: fail and retry.
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(
          new Error(`GET ${url.pathname}: no answer from the Kubernetes API in ${REQUEST_TIMEOUT_MS / 1000} s`),
        ),
      );
      req.end();
    });
  }
}
