import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiextensionsV1Api,
  KubeConfig,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type V1ClusterRole,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { request as httpsRequest } from 'node:https';
import { parseAllDocuments } from 'yaml';
import { freePort } from '../../src/adapters/redis.js';
import { stopChild } from './cli.js';

/** Where test/k8s/build-kube-apiserver.sh leaves the binary (KUBE_APISERVER overrides). */
export const kubeApiserverPath = (): string =>
  process.env['KUBE_APISERVER'] ??
  join(process.env['KUBE_CACHE'] ?? join(homedir(), '.cache/kube-apiserver'), 'kube-apiserver-1.20.2');

export const hasKubeApiserver = (): boolean => existsSync(kubeApiserverPath()) && spawnOk('etcd', ['--version']);

function spawnOk(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The option that sends a patch as a JSON merge patch (the client's default is a JSON patch). */
export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Binds the ClusterRole that Kanaria ships (deploy/base/rbac.yaml) to the test's `kanaria` user. */
/**
 * Compacts etcd's history up to its current revision (the API server asks for this every 5 minutes): a list's
 * continue token or a watch from an older resourceVersion then answers 410 Gone. Move the revision on first
 * (a harmless patch) when the version to expire is the newest one.
 */
export async function compactEtcd(kube: Pick<KubeCluster, 'etcd'>): Promise<void> {
  const { header } = (await (
    await fetch(`${kube.etcd}/v3/kv/range`, {
      method: 'POST',
      body: JSON.stringify({ key: Buffer.from('/').toString('base64') }),
    })
  ).json()) as { header: { revision: string } };
  await fetch(`${kube.etcd}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision: header.revision, physical: true }),
  });
}

export async function bindKanariaRole(kube: KubeCluster): Promise<void> {
  const rbac = kube.client('admin').makeApiClient(RbacAuthorizationV1Api);
  const docs = parseAllDocuments(readFileSync(new URL('../../deploy/base/rbac.yaml', import.meta.url), 'utf8')).map(
    (d) => d.toJS() as { kind: string },
  );
  const role = docs.find((d) => d.kind === 'ClusterRole') as V1ClusterRole;
  await rbac.createClusterRole({ body: role });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name: 'kanaria-test' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata?.name ?? 'kanaria' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kanaria' }],
    },
  });
}

export interface KubeCluster {
  readonly server: string;
  /** etcd's client URL (tests compact it to provoke 410 Gone). */
  readonly etcd: string;
  /** Kubeconfig files: `admin` is system:masters (plays the Argo controllers); `kanaria` has only the roles bound to it. */
  readonly kubeconfig: { readonly admin: string; readonly kanaria: string };
  client(who: 'admin' | 'kanaria'): KubeConfig;
  /** With `audit: true`: every request `user` made so far, as the API server's audit log recorded it. */
  requestsBy(user: string): AuditedRequest[];
  stop(): Promise<void>;
}

/** One request in the audit log: the RBAC verb and resource it was authorised against, and its answer. */
export interface AuditedRequest {
  readonly verb: string;
  readonly apiGroup: string;
  /** `resource` or `resource/subresource`. */
  readonly resource: string;
  readonly code: number;
}

/**
 * kube-apiserver 1.20 reads a schema's `default: ""` as null and refuses the CRD (newer servers accept
 * it; the Argo Rollouts CRD has it on pod template fields). Defaulting plays no part in these tests; a
 * list-map key that loses its default becomes required, as 1.20 demands.
 */
function withoutEmptyDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyDefaults);
  if (value === null || typeof value !== 'object') return value;
  const node = { ...(value as Record<string, unknown>) };
  // A list-map key must have a default or be required: make the keys that lose their default required.
  const keys = node['x-kubernetes-list-map-keys'] as string[] | undefined;
  const items = node['items'] as
    { properties?: Record<string, { default?: unknown }>; required?: string[] } | undefined;
  if (keys && items?.properties) {
    const undefaulted = keys.filter((k) => items.properties?.[k]?.default === '');
    node['items'] = { ...items, required: [...new Set([...(items.required ?? []), ...undefaulted])] };
  }
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !(k === 'default' && v === ''))
      .map(([k, v]) => [k, withoutEmptyDefaults(v)]),
  );
}

/** A raw JSON POST as the admin, for objects the typed client would reshape. */
function postAsAdmin(server: string, ca: string, path: string, body: unknown): Promise<void> {
  const url = new URL(path, server);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        ca: readFileSync(ca),
        headers: { authorization: 'Bearer admin-token', 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          (res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`POST ${path}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

interface AuditEvent {
  auditID: string;
  verb: string;
  user: { username: string };
  objectRef?: { resource: string; subresource?: string; apiGroup?: string };
  responseStatus?: { code?: number };
}

/**
 * A real Kubernetes API server (1.20, built from Debian's source package) and etcd on free loopback ports,
 * with RBAC on, static tokens for an admin and for Kanaria, and the given CRDs installed and Established.
 */
export async function startKube(
  crds: readonly string[] = [],
  options: { watchCache?: boolean; audit?: boolean } = {},
): Promise<KubeCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kanaria-kube-'));
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const processes: ChildProcess[] = [];
  const start = (command: string, args: string[]) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    processes.push(child);
    return () => stderr;
  };

  execFileSync('openssl', ['genrsa', '-out', join(dir, 'sa.key'), '2048'], { stdio: 'ignore' });
  execFileSync('openssl', ['rsa', '-in', join(dir, 'sa.key'), '-pubout', '-out', join(dir, 'sa.pub')], {
    stdio: 'ignore',
  });
  // Metadata is enough to know the verb and resource of each request; the last stage carries the answer.
  writeFileSync(
    join(dir, 'audit-policy.yaml'),
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules: [{ level: Metadata }]\n',
  );
  const auditLog = join(dir, 'audit.log');
  writeFileSync(
    join(dir, 'tokens.csv'),
    'admin-token,admin,admin,"system:masters"\nkanaria-token,kanaria,kanaria,""\n',
  );

  const etcdLog = start('etcd', [
    '--data-dir',
    join(dir, 'etcd'),
    '--name',
    'kanaria-test',
    '--listen-client-urls',
    `http://127.0.0.1:${etcdPort}`,
    '--advertise-client-urls',
    `http://127.0.0.1:${etcdPort}`,
    '--listen-peer-urls',
    `http://127.0.0.1:${peerPort}`,
    '--initial-advertise-peer-urls',
    `http://127.0.0.1:${peerPort}`,
    '--initial-cluster',
    `kanaria-test=http://127.0.0.1:${peerPort}`,
  ]);
  await waitFor(`etcd (${etcdLog()})`, async () => (await fetch(`http://127.0.0.1:${etcdPort}/health`)).ok);

  const apiLog = start(kubeApiserverPath(), [
    '--bind-address=127.0.0.1',
    `--secure-port=${apiPort}`,
    '--advertise-address=127.0.0.1',
    `--cert-dir=${join(dir, 'certs')}`,
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    `--service-account-key-file=${join(dir, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    '--service-cluster-ip-range=10.0.0.0/24',
    '--endpoint-reconciler-type=none',
    // Without the watch cache, watches read etcd directly: a compacted version answers 410 Gone at once.
    ...(options.watchCache === false ? ['--watch-cache=false'] : []),
    ...(options.audit
      ? [
          `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`,
          `--audit-log-path=${auditLog}`,
          '--audit-log-mode=blocking',
        ]
      : []),
  ]);
  const server = `https://127.0.0.1:${apiPort}`;
  const ca = join(dir, 'certs/apiserver.crt');
  const kubeconfigFor = (user: string, token: string): string => {
    const path = join(dir, `${user}.kubeconfig`);
    writeFileSync(
      path,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': user,
        clusters: [{ name: 'test', cluster: { server, 'certificate-authority': ca } }],
        users: [{ name: user, user: { token } }],
        contexts: [{ name: user, context: { cluster: 'test', user } }],
      }),
    );
    return path;
  };
  const kubeconfig = {
    admin: kubeconfigFor('admin', 'admin-token'),
    kanaria: kubeconfigFor('kanaria', 'kanaria-token'),
  };
  const client = (who: 'admin' | 'kanaria') => {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig[who]);
    return kc;
  };
  await waitFor(
    `kube-apiserver (${apiLog()})`,
    async () =>
      existsSync(ca) &&
      (await client('admin').makeApiClient(ApiextensionsV1Api).listCustomResourceDefinition()) !== undefined,
    60_000,
  );

  const extensions = client('admin').makeApiClient(ApiextensionsV1Api);
  for (const text of crds) {
    for (const doc of parseAllDocuments(text)) {
      const crd = withoutEmptyDefaults(doc.toJS()) as V1CustomResourceDefinition;
      // Sent as written: the typed client would drop schema keys its model spells differently
      // (x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields).
      await postAsAdmin(server, ca, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
      // A new CRD answers 404 until it is Established.
      await waitFor(`CRD ${crd.metadata?.name}`, async () => {
        const read = await extensions.readCustomResourceDefinition({ name: crd.metadata?.name ?? '' });
        return read.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
      });
    }
  }

  return {
    server,
    etcd: `http://127.0.0.1:${etcdPort}`,
    kubeconfig,
    client,
    requestsBy(user) {
      if (!options.audit) throw new Error('startKube: requestsBy needs { audit: true }');
      // A watch is logged when its answer starts and again when it ends: keep each request's latest stage.
      const byId = new Map<string, AuditEvent>();
      for (const line of readFileSync(auditLog, 'utf8').split('\n').filter(Boolean)) {
        const event = JSON.parse(line) as AuditEvent;
        byId.set(event.auditID, event);
      }
      return [...byId.values()]
        .filter((e) => e.user.username === user && e.objectRef)
        .map((e) => ({
          verb: e.verb,
          apiGroup: e.objectRef!.apiGroup ?? '',
          resource: e.objectRef!.subresource
            ? `${e.objectRef!.resource}/${e.objectRef!.subresource}`
            : e.objectRef!.resource,
          code: e.responseStatus?.code ?? 0,
        }));
    },
    async stop() {
      // SIGTERM, and SIGKILL after 5 s: a loaded machine must not hold a suite's teardown.
      await Promise.all(processes.map((child) => stopChild(child)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
