import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeGpuSource } from '../../src/adapters/gpu-inventory.js';
import { KubeRejected, KubeUnreadable } from '../../src/adapters/kube-errors.js';
import { gpuCluster, POOL_LABEL as POOL } from '../helpers/gpu-cluster.js';
import {
  bindKanariaRole,
  compactEtcd,
  hasKubeApiserver,
  mergePatch,
  startKube,
  type KubeCluster,
} from '../helpers/kube.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

/** What the proxy does on the way: pass answers through, or cut the first answer's body short (ending it cleanly). */
type Fault = { compact: 'never' | 'once' | 'always' } | { truncate: true };

/**
 * A pass-through proxy in front of the real API server that, before forwarding a request with a continue
 * token, may have etcd compact its history (as the API server asks it to every 5 minutes): the token then
 * names a version that is gone, and the API server answers 410 Expired.
 */
async function startProxy(kube: KubeCluster, compactNow: () => Promise<void>) {
  const config = JSON.parse(readFileSync(kube.kubeconfig.admin, 'utf8')) as {
    clusters: { cluster: { 'certificate-authority': string } }[];
  };
  const ca = readFileSync(config.clusters[0]!.cluster['certificate-authority']);
  const upstream = new URL(kube.server);
  let fault: Fault = { compact: 'never' };
  let compactions = 0;
  let connections = 0;
  const answers: { path: string; status: number }[] = [];
  const forward = (req: IncomingMessage): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const out = httpsRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
          ca,
        },
        resolve,
      );
      out.on('error', reject);
      req.pipe(out);
    });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const continued = new URL(req.url ?? '/', 'http://proxy').searchParams.has('continue');
      if (
        continued &&
        'compact' in fault &&
        (fault.compact === 'always' || (fault.compact === 'once' && !compactions))
      ) {
        compactions++;
        await compactNow();
      }
      const answer = await forward(req);
      answers.push({ path: req.url ?? '', status: answer.statusCode ?? 0 });
      const chunks: Buffer[] = [];
      for await (const chunk of answer) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const truncated = 'truncate' in fault;
      res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
      res.end(truncated ? body.subarray(0, Math.floor(body.length / 2)) : body);
    })().catch(() => res.destroy());
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    /** TCP connections opened to the proxy since the last `set`. */
    connections: () => connections,
    set(next: Fault) {
      fault = next;
      compactions = 0;
      connections = 0;
      answers.length = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!available)('GPU inventory pages through a real kube-apiserver: continue tokens, 410 Expired', () => {
  let kube: KubeCluster;
  let core: CoreV1Api;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let kanaria: KubeConfig;

  /** Moves etcd's revision on (a harmless annotation) and compacts its history up to now. */
  const compactNow = async () => {
    await core.patchNode(
      { name: 'cpu-0', body: { metadata: { annotations: { churn: String(Date.now()) } } } },
      mergePatch,
    );
    await compactEtcd(kube);
  };

  beforeAll(async () => {
    kube = await startKube([]);
    const cluster = gpuCluster(kube);
    core = cluster.core;
    for (const [name, gpus] of [
      ['a100-0', '8'],
      ['a100-1', '8'],
      ['a100-2', '4'],
      ['cpu-0', undefined],
      ['a100-3', '2'],
    ] as const)
      await cluster.node(name, {
        labels: { [POOL]: gpus ? 'a100' : 'general', 'nvidia.com/gpu.product': 'A100' },
        capacity: { cpu: '16', ...(gpus && { 'nvidia.com/gpu': gpus }) },
        taints: [],
      });
    await bindKanariaRole(kube);
    proxy = await startProxy(kube, compactNow);
    const token = (
      JSON.parse(readFileSync(kube.kubeconfig.kanaria, 'utf8')) as { users: { user: { token: string } }[] }
    ).users[0]!.user.token;
    kanaria = new KubeConfig();
    kanaria.loadFromClusterAndUser(
      { name: 'proxy', server: proxy.url, skipTLSVerify: true },
      { name: 'kanaria', token },
    );
  }, 120_000);
  afterEach(() => proxy.set({ compact: 'never' }));
  afterAll(async () => {
    await proxy?.stop();
    await kube?.stop();
  });

  const gpuNodes = (inventory: Awaited<ReturnType<KubeGpuSource['read']>>) =>
    inventory.nodes.map((n) => `${n.name}:${n.resources.map((r) => r.allocatable).join()}`);

  it('follows continue tokens page by page (pages of 2), skipping the node without GPUs, over kept-alive connections', async () => {
    proxy.set({ compact: 'never' });
    const inventory = await new KubeGpuSource(kanaria, 2).read(POOL);
    expect(gpuNodes(inventory)).toEqual(['a100-0:8', 'a100-1:8', 'a100-2:4', 'a100-3:2']);
    expect(inventory.pages).toEqual({ nodes: 3, pods: 1 });
    // Not one connection (and TLS handshake) per page: at most two, the page being read and the next one.
    expect(proxy.answers).toHaveLength(4);
    expect(proxy.connections()).toBeLessThanOrEqual(2);
  });

  it('starts the list again when a continue token has expired (410), and reports every node once', async () => {
    proxy.set({ compact: 'once' });
    const inventory = await new KubeGpuSource(kanaria, 2).read(POOL);
    expect(gpuNodes(inventory)).toEqual(['a100-0:8', 'a100-1:8', 'a100-2:4', 'a100-3:2']);
    const statuses = proxy.answers.filter((a) => a.path.startsWith('/api/v1/nodes')).map((a) => a.status);
    expect(statuses).toContain(410);
    expect(statuses.at(-1)).toBe(200);
  });

  it('says what the API server said when the list expires again', async () => {
    proxy.set({ compact: 'always' });
    const error = await new KubeGpuSource(kanaria, 2).read(POOL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeRejected);
    expect(error).toMatchObject({ status: 410, request: { verb: 'list', resource: 'nodes' } });
    expect((error as KubeRejected).reason).toMatch(/continue/);
  });

  it('refuses a page whose answer ends before the list does, as a transient unreadable answer', async () => {
    proxy.set({ truncate: true });
    const error = await new KubeGpuSource(kanaria, 2).read(POOL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeUnreadable);
    expect(error).toMatchObject({ request: { verb: 'list', resource: 'nodes' }, failure: { problem: 'cut-off' } });
  });
});
