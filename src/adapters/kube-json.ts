import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeUnavailable, kubeStatusError, networkCause, type KubeRequest, type KubeThing } from './kube-errors.js';

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The Kubernetes API read as plain JSON with the client's credentials (like src/adapters/gpu-inventory.ts):
 * custom resources of any version without the typed client's models, lists page by page.
 */
export class KubeJson {
  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly pageSize = 500,
  ) {}

  /** Every page of a list, each item handed to `each`. */
  async list(
    path: string,
    request: KubeRequest,
    each: (item: unknown) => void,
    query: Record<string, string> = {},
  ): Promise<void> {
    let next: string | undefined;
    do {
      const params = new URLSearchParams({ ...query, limit: String(this.pageSize), ...(next && { continue: next }) });
      const page = (await this.get(`${path}?${params}`, request)) as {
        items?: unknown[];
        metadata?: { continue?: string };
      };
      for (const item of page.items ?? []) each(item);
      next = page.metadata?.continue || undefined;
    } while (next);
  }

  /**
   * One answer as JSON; a failure as facts: the status the API server answered, or why it did not answer. `thing`
   * names what a 404 means (e.g. a namespace kanaria.yaml lists).
   */
  async get(path: string, request: KubeRequest, thing?: Pick<KubeThing, 'kind' | 'configKey'>): Promise<unknown> {
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
          if (status >= 300) reject(kubeStatusError(status, text, request, thing));
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
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(new KubeUnavailable(request, { timeoutSeconds: REQUEST_TIMEOUT_MS / 1000 })),
      );
      req.end();
    });
  }
}

const unreachable = (request: KubeRequest, error: Error): Error =>
  error instanceof KubeUnavailable
    ? error
    : new KubeUnavailable(request, { cause: networkCause(error) ?? error.message }, { cause: error });
