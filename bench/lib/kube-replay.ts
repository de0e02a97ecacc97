import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain HTTP server that answers `GET /api/v1/nodes` and `GET /api/v1/pods` as the Kubernetes API server
 * does (NodeList/PodList with `limit` and `continue`), for clusters too big to load into the test etcd.
 * Objects are made from templates the real kube-apiserver returned (recorded by bench/gpu.ts from the test
 * harness), varied by index, and rendered once up front, so serving a page costs what a real server's
 * watch cache costs: writing bytes. Finished pods are left out as the `status.phase!=…` field selector
 * would (both the benchmark and its baseline ask for that).
 */
export interface ReplayCluster {
  readonly nodes: number;
  readonly pods: number;
  node(i: number): object;
  pod(i: number): { object: object; phase: string };
}

/** Items rendered as JSON, in runs of `pageSize` (each run already comma-joined). */
function render(count: number, item: (i: number) => string | undefined, pageSize: number): Buffer[] {
  const pages: Buffer[] = [];
  let page: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = item(i);
    if (text === undefined) continue;
    page.push(text);
    if (page.length === pageSize) {
      pages.push(Buffer.from(page.join(',')));
      page = [];
    }
  }
  if (page.length) pages.push(Buffer.from(page.join(',')));
  return pages;
}

export async function startKubeReplay(
  cluster: ReplayCluster,
  pageSize: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const lists = {
    '/api/v1/nodes': {
      kind: 'NodeList',
      pages: render(cluster.nodes, (i) => JSON.stringify(cluster.node(i)), pageSize),
    },
    '/api/v1/pods': {
      kind: 'PodList',
      pages: render(
        cluster.pods,
        (i) => {
          const { object, phase } = cluster.pod(i);
          return phase === 'Succeeded' || phase === 'Failed' ? undefined : JSON.stringify(object);
        },
        pageSize,
      ),
    },
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    const list = lists[url.pathname as keyof typeof lists];
    const limit = Number(url.searchParams.get('limit') ?? '0');
    if (!list || (limit !== 0 && limit !== pageSize)) {
      res.writeHead(list ? 400 : 404).end(list ? `this replay serves limit=${pageSize} or no limit` : '');
      return;
    }
    const start = Number(url.searchParams.get('continue') || '0');
    const pages = limit === 0 ? list.pages : list.pages.slice(start, start + 1);
    const next = limit !== 0 && start + 1 < list.pages.length ? start + 1 : undefined;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(
      `{"kind":"${list.kind}","apiVersion":"v1","metadata":{"resourceVersion":"1000"${next !== undefined ? `,"continue":"${next}"` : ''}},"items":[`,
    );
    pages.forEach((page, k) => {
      if (k) res.write(',');
      res.write(page);
    });
    res.end(']}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
