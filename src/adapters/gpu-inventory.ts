import { Agent as HttpAgent, request as httpRequest, type Agent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  KubeForbidden,
  KubeRejected,
  KubeUnavailable,
  KubeUnreadable,
  kubeStatusError,
  networkCause,
  type KubeRequest,
} from './kube-errors.js';
import { summarizeNode, summarizePod, type NodeSummary, type PodUsage } from '../domain/gpu.js';
import { obj, str } from '../domain/json.js';
import { KubeListStream, MalformedList } from '../domain/kube-list-stream.js';

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
 * summarizeNode and summarizePod count only `nvidia.com/…` resources (GPU_RESOURCE in src/domain/gpu.ts): an
 * object in which no string holds this text gives no summary, so its bytes are skipped without being parsed.
 */
export const GPU_MARK = 'nvidia.com/';

/** One page being read: its continue token as soon as the list's metadata is in, its summaries at its end. */
interface Page<T> {
  readonly next: Promise<string | undefined>;
  readonly items: Promise<T[]>;
  abort(): void;
}

/**
 * Nodes and pods through paginated lists (`limit`/`continue`), finished pods filtered out by the API server.
 * Each answer is scanned as it arrives (KubeListStream): only objects naming an `nvidia.com/` resource are parsed
 * and summarised, the rest of the bytes are skipped, and the next page is asked for as soon as this one's
 * continue token is read (the API server writes it before the items). Memory follows GPU nodes and GPU pods, not
 * the size of the cluster. Pages are read with the client's credentials (KubeConfig), not the typed client: its
 * model conversion of every field of 150,000 pods costs more than the report itself.
 */
export class KubeGpuSource implements GpuSource {
  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly pageSize = 500,
  ) {}

  async read(poolLabel: string): Promise<GpuInventory> {
    const connection = new Connection(this.kubeConfig);
    try {
      let nodes: { items: NodeSummary[]; pages: number };
      try {
        nodes = await this.list(connection, '/api/v1/nodes', NODES, {}, (item) => summarizeNode(item, poolLabel));
      } catch (error) {
        // Without nodes there is no report: say what it cannot do, not only which verb is missing.
        if (error instanceof KubeForbidden) throw new KubeForbidden(NODES, 'errorsKube.gpuNodesForbidden');
        throw error;
      }
      try {
        const pods = await this.list(
          connection,
          '/api/v1/pods',
          PODS,
          { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
          summarizePod,
        );
        return { nodes: nodes.items, pods: pods.items, pages: { nodes: nodes.pages, pods: pods.pages } };
      } catch (error) {
        if (error instanceof KubeForbidden)
          return {
            nodes: nodes.items,
            pods: [],
            pages: { nodes: nodes.pages, pods: 0 },
            podsMissing: new KubeForbidden(PODS, 'errorsKube.gpuPodsForbidden'),
          };
        throw error;
      }
    } finally {
      connection.close();
    }
  }

  /** The unfinished pods holding or asking for GPUs, streamed as `read` streams them (for `/gpu why`'s free GPUs). */
  async gpuPods(): Promise<PodUsage[]> {
    const connection = new Connection(this.kubeConfig);
    try {
      const query = { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' };
      return (await this.list(connection, '/api/v1/pods', PODS, query, summarizePod)).items;
    } finally {
      connection.close();
    }
  }

  /**
   * Every page of a list, summarised in order. A continue token the API server no longer honours (410 Gone:
   * etcd compacted the version the list started from, after about 5 minutes) starts the list again once, so
   * the report stays one consistent snapshot; expired again, the API server's answer is the error.
   */
  private async list<T>(
    connection: Connection,
    path: string,
    request: KubeRequest,
    query: Record<string, string>,
    summarize: (item: unknown) => T | undefined,
  ): Promise<{ items: T[]; pages: number }> {
    for (let attempt = 0; ; attempt++) {
      const items: T[] = [];
      let pages = 0;
      let page: Page<T> | undefined = this.get(connection, path, request, query, undefined, summarize);
      try {
        while (page) {
          let following: Page<T> | undefined;
          try {
            const next: string | undefined = await page.next;
            following = next ? this.get(connection, path, request, query, next, summarize) : undefined;
            for (const item of await page.items) items.push(item);
          } catch (error) {
            page.abort();
            following?.abort();
            throw error;
          }
          pages++;
          page = following;
        }
        return { items, pages };
      } catch (error) {
        if (attempt > 0 || !(error instanceof KubeRejected) || error.status !== 410) throw error;
      }
    }
  }

  /** Starts reading one page; a failure as facts: the status the API server answered, or why it did not answer. */
  private get<T>(
    connection: Connection,
    path: string,
    request: KubeRequest,
    query: Record<string, string>,
    next: string | undefined,
    summarize: (item: unknown) => T | undefined,
  ): Page<T> {
    const params = new URLSearchParams({ ...query, limit: String(this.pageSize), ...(next && { continue: next }) });
    let req: ClientRequest | undefined;
    let aborted = false;
    let continueToken: (token: string | undefined) => void = () => undefined;
    const token = new Promise<string | undefined>((resolve) => (continueToken = resolve));
    const summaries: T[] = [];
    const stream = new KubeListStream({
      mark: GPU_MARK,
      item: (item) => {
        const summary = summarize(item);
        if (summary !== undefined) summaries.push(summary);
      },
      metadata: (metadata) => continueToken(str(obj(metadata)['continue'])),
    });
    const items = (async () => {
      const options = await connection.options(`${path}?${params}`);
      if (aborted) throw new KubeUnavailable(request, { cause: 'aborted' });
      const send = options.protocol === 'https:' ? httpsRequest : httpRequest;
      return new Promise<T[]>((resolve, reject) => {
        req = send(options, (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => reject(kubeStatusError(status, Buffer.concat(chunks).toString('utf8'), request)));
          } else {
            res.on('data', (chunk: Buffer) => {
              try {
                stream.push(chunk);
              } catch (error) {
                req?.destroy();
                reject(unreadable(request, error));
              }
            });
            res.on('end', () => {
              try {
                stream.end();
                resolve(summaries);
              } catch (error) {
                reject(unreadable(request, error));
              }
            });
          }
          res.on('error', (error) => reject(unreachable(request, error)));
        });
        req.on('error', (error) => reject(unreachable(request, error)));
        // A half-open connection must not hold the GPU queue (one job at a time) for ever: fail and retry.
        req.setTimeout(REQUEST_TIMEOUT_MS, () =>
          req?.destroy(new KubeUnavailable(request, { timeoutSeconds: REQUEST_TIMEOUT_MS / 1000 })),
        );
        req.end();
      });
    })();
    // The token is known early when the metadata comes first; otherwise when the page ends (or fails).
    const nextToken = Promise.race([token, items.then(() => undefined)]);
    // Either may be left unawaited when the other fails first: handled here, still rejected for the reader.
    items.catch(() => undefined);
    nextToken.catch(() => undefined);
    return {
      next: nextToken,
      items,
      abort() {
        aborted = true;
        req?.destroy();
      },
    };
  }
}

/**
 * Request options for paths of the current cluster, with the client's credentials (token, certificates), over
 * one kept-alive connection per read. The client makes a new agent without keep-alive for every request: a
 * new connection and TLS handshake per page, hundreds for a large cluster. Its agent's TLS settings are kept;
 * through a proxy (`proxyUrl`) its agent is used as it is.
 */
class Connection {
  private agent: Agent | undefined;
  constructor(private readonly kubeConfig: KubeConfig) {}

  async options(path: string): Promise<RequestOptions> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('no current cluster in the Kubernetes configuration');
    const url = new URL(path, cluster.server);
    const options: RequestOptions = {
      method: 'GET',
      protocol: url.protocol,
      host: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      headers: { accept: 'application/json' },
    };
    await this.kubeConfig.applyToHTTPSOptions(options);
    const made = options.agent;
    if (cluster.proxyUrl || !(made instanceof HttpAgent)) return options;
    const Kind = made instanceof HttpsAgent ? HttpsAgent : HttpAgent;
    this.agent ??= new Kind({ ...(made as Agent & { options: object }).options, keepAlive: true });
    made.destroy();
    return { ...options, agent: this.agent };
  }

  close(): void {
    this.agent?.destroy();
  }
}

/** A request that got no answer; the timeout above is typed already. */
const unreachable = (request: KubeRequest, error: Error): Error =>
  error instanceof KubeUnavailable
    ? error
    : new KubeUnavailable(request, { cause: networkCause(error) ?? error.message }, { cause: error });

/** An answer that is not a list (cut off, or not JSON): the facts of where it went wrong. */
const unreadable = (request: KubeRequest, error: unknown): Error =>
  error instanceof MalformedList
    ? new KubeUnreadable(request, { problem: error.problem, offset: error.offset }, { cause: error })
    : (error as Error);
