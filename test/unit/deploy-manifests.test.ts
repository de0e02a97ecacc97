import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseConfig } from '../../src/boot/config-file.js';
import { assessDurability, type RedisDurabilitySettings } from '../../src/domain/durability.js';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadSchemaCheck } from '../helpers/k8s-schema.js';

const dir = new URL('../../deploy/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, dir), 'utf8');
/** The base's manifests (its kanaria.yaml is generated into a ConfigMap, not a manifest). */
const manifests = readdirSync(new URL('base/', dir)).filter(
  (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'kanaria.yaml',
);
type Doc = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } & Record<
  string,
  unknown
>;
const docs = (file: string): Doc[] => parseAllDocuments(read(file)).map((d) => d.toJS() as Doc);
/** Every YAML file under deploy/, except the Slack app manifest and Kanaria's own config. */
const everyYaml = (readdirSync(dir, { recursive: true }) as string[]).filter(
  (f) => f.endsWith('.yaml') && !/slack-app-manifest|kanaria\.yaml$/.test(f),
);

describe('deploy/ (kustomize base)', () => {
  it('every document under deploy/ parses and names its apiVersion, kind and name', () => {
    expect(everyYaml.length).toBeGreaterThan(manifests.length);
    for (const file of everyYaml.filter((f) => !f.endsWith('kustomization.yaml'))) {
      for (const doc of docs(file)) {
        expect(doc.apiVersion, file).toMatch(/^([a-z0-9.]+\/)?v\d/);
        expect(doc.kind, file).toMatch(/^[A-Z]\w+$/);
        expect(doc.metadata?.name, file).toMatch(/^[a-z0-9-]+$/);
      }
    }
  });

  it('the kustomization lists exactly the manifests beside it', () => {
    const kustomization = parse(read('base/kustomization.yaml')) as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual([...manifests].sort());
  });

  type Pod = {
    serviceAccountName: string;
    automountServiceAccountToken?: boolean;
    securityContext: Record<string, unknown>;
    containers: Record<string, unknown>[];
    volumes: { name: string; emptyDir?: object }[];
  };
  type Container = {
    env: { name: string; value?: string; valueFrom?: object }[];
    securityContext: Record<string, unknown>;
    readinessProbe: { httpGet: { path: string } };
    livenessProbe: { httpGet: { path: string } };
    resources: { requests: object; limits: object };
  };
  const deployments = () =>
    docs('base/deployment.yaml') as unknown as {
      metadata: { name: string };
      spec: { replicas: number; template: { spec: Pod } };
    }[];
  const envOf = (name: string) =>
    Object.fromEntries(
      (deployments().find((d) => d.metadata.name === name)!.spec.template.spec.containers[0] as Container).env.map(
        (e) => [e.name, e],
      ),
    );

  it('both Deployments run 2 non-root, read-only replicas with probes, limits and secrets by reference only', () => {
    expect(deployments().map((d) => d.metadata.name)).toEqual(['kanaria-receiver', 'kanaria-worker']);
    for (const deployment of deployments()) {
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0] as Container;
      const name = deployment.metadata.name;
      expect(deployment.spec.replicas, name).toBe(2);
      expect(pod.securityContext, name).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext, name).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.readinessProbe.httpGet.path, name).toBe('/readyz');
      expect(container.livenessProbe.httpGet.path, name).toBe('/healthz');
      expect(container.resources.requests, name).toBeDefined();
      expect(container.resources.limits, name).toBeDefined();
      // Secrets come from a Secret, never as literal values.
      for (const env of container.env.filter((e) => /TOKEN|SECRET|REDIS_URL|GITOPS_REPO_URL/.test(e.name))) {
        expect(env.value, `${name} ${env.name}`).toBeUndefined();
        expect(env.valueFrom, `${name} ${env.name}`).toMatchObject({ secretKeyRef: {} });
      }
    }
  });

  it('the receivers, which face Slack, get neither the Git credentials nor a Kubernetes token', () => {
    const receiver = deployments().find((d) => d.metadata.name === 'kanaria-receiver')!.spec.template.spec;
    expect(envOf('kanaria-receiver')['KANARIA_ROLE']?.value).toBe('receiver');
    expect(Object.keys(envOf('kanaria-receiver'))).not.toContain('GITOPS_REPO_URL');
    expect(receiver.automountServiceAccountToken).toBe(false);
    expect(receiver.volumes.map((v) => v.name)).not.toContain('work');
    const binding = docs('base/rbac.yaml').find((d) => d.kind === 'ClusterRoleBinding') as unknown as {
      subjects: { name: string }[];
    };
    expect(binding.subjects.map((s) => s.name)).not.toContain(receiver.serviceAccountName);
  });

  it('the workers run the jobs with the role, the Git credentials and a writable working copy', () => {
    const worker = deployments().find((d) => d.metadata.name === 'kanaria-worker')!.spec.template.spec;
    expect(envOf('kanaria-worker')['KANARIA_ROLE']?.value).toBe('worker');
    expect(envOf('kanaria-worker')['GITOPS_REPO_URL']?.valueFrom).toMatchObject({
      secretKeyRef: { key: 'gitops-repo-url' },
    });
    expect(worker.volumes.find((v) => v.name === 'work')?.emptyDir).toBeDefined();
    const binding = docs('base/rbac.yaml').find((d) => d.kind === 'ClusterRoleBinding') as unknown as {
      subjects: { kind: string; name: string }[];
    };
    expect(binding.subjects).toEqual([
      expect.objectContaining({ kind: 'ServiceAccount', name: worker.serviceAccountName }),
    ]);
  });

  it('the ClusterRole grants no wildcard and no secrets', () => {
    const role = docs('base/rbac.yaml').find((d) => d.kind === 'ClusterRole') as unknown as {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    };
    for (const rule of role.rules) {
      expect([...rule.apiGroups, ...rule.resources, ...rule.verbs]).not.toContain('*');
      expect(rule.resources).not.toContain('secrets');
    }
  });
});

describe('deploy/components/redis: a Redis that keeps the queue', () => {
  type Probe = { exec: { command: string[] } };
  type RedisPod = {
    securityContext: Record<string, unknown>;
    volumes?: { name: string; emptyDir?: object }[];
    containers: {
      args: string[];
      readinessProbe: Probe;
      livenessProbe: Probe;
      securityContext: Record<string, unknown>;
      resources: { requests: object; limits: { memory: string } };
      volumeMounts: { name: string; mountPath: string }[];
    }[];
  };
  type StatefulSet = Doc & {
    spec: {
      replicas: number;
      serviceName: string;
      template: { metadata: { labels: object }; spec: RedisPod };
      volumeClaimTemplates: { metadata: { name: string }; spec: { accessModes: string[] } }[];
    };
  };
  type Service = Doc & { spec: { clusterIP?: string; selector: object; ports: { port: number }[] } };
  const redis = docs('components/redis/redis.yaml');
  const statefulSet = redis.find((d) => d.kind === 'StatefulSet') as StatefulSet;
  const pod = () => statefulSet.spec.template.spec;
  const container = () => pod().containers[0]!;
  /** `--name value` pairs; a setting not given explicitly stays null (unknown), so the verdict below demands it. */
  const settings = (): RedisDurabilitySettings => {
    const args = container().args;
    const arg = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : null);
    return {
      appendonly: arg('appendonly') === null ? null : arg('appendonly') === 'yes',
      appendfsync: arg('appendfsync'),
      save: arg('save'),
      maxmemory: bytes(arg('maxmemory')),
      maxmemoryPolicy: arg('maxmemory-policy'),
      aofWriteFailing: null,
      rdbSaveFailing: null,
    };
  };
  /** Redis' units (mb = 2^20) and Kubernetes' (Mi = 2^20). */
  const bytes = (size: string | null) => {
    const [, n, unit] = /^(\d+)([a-z]*)$/i.exec(size ?? '') ?? [];
    const scale: Record<string, number> = {
      '': 1,
      kb: 2 ** 10,
      mb: 2 ** 20,
      gb: 2 ** 30,
      Ki: 2 ** 10,
      Mi: 2 ** 20,
      Gi: 2 ** 30,
    };
    return n === undefined || scale[unit!] === undefined ? null : Number(n) * scale[unit!]!;
  };

  it('runs one Redis with AOF fsynced every second and noeviction, which assessDurability finds durable and eviction-safe', () => {
    expect(statefulSet.metadata?.name).toBe('kanaria-redis');
    expect(statefulSet.spec.replicas).toBe(1);
    expect(assessDurability(settings())).toEqual({
      durable: true,
      evictionSafe: true,
      persistence: 'aof',
      warnings: [],
    });
    expect(settings()).toMatchObject({ appendonly: true, appendfsync: 'everysec', maxmemoryPolicy: 'noeviction' });
  });

  it('keeps its data directory on a PersistentVolumeClaim, not on the node', () => {
    const dir = container().args[container().args.indexOf('--dir') + 1];
    const mount = container().volumeMounts.find((m) => m.mountPath === dir);
    expect(mount, `a volume mounted at --dir ${dir}`).toBeDefined();
    expect(statefulSet.spec.volumeClaimTemplates.map((t) => t.metadata.name)).toContain(mount!.name);
    expect(statefulSet.spec.volumeClaimTemplates[0]!.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(pod().volumes ?? [], 'a pod volume of the same name would shadow the claim').not.toContainEqual(
      expect.objectContaining({ name: mount!.name }),
    );
  });

  it('refuses writes before the kernel kills it: maxmemory below the memory limit, with room for the AOF rewrite', () => {
    const limit = bytes(container().resources.limits.memory)!;
    expect(settings().maxmemory).toBeGreaterThan(0);
    expect(settings().maxmemory!).toBeLessThanOrEqual(limit / 2);
  });

  it('is probed with redis-cli ping, and hardened as the rest of deploy/', () => {
    expect(container().readinessProbe.exec.command.join(' ')).toMatch(/redis-cli ping \| grep -qx PONG/);
    expect(container().livenessProbe.exec.command.join(' ')).toMatch(/redis-cli ping/);
    expect(pod().securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container().securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container().resources.requests).toBeDefined();
    expect(container().resources.limits.memory).toBeDefined();
  });

  it("is reached at the README's redis-url through a Service, with a headless Service for the StatefulSet", () => {
    const services = redis.filter((d) => d.kind === 'Service') as Service[];
    const headless = services.find((s) => s.metadata?.name === statefulSet.spec.serviceName);
    expect(headless?.spec.clusterIP).toBe('None');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const url = new URL(/redis-url=(redis:\/\/[^\s]+)/.exec(readme)![1]!);
    const client = services.find((s) => s.metadata?.name === url.hostname);
    expect(client?.spec.clusterIP).toBeUndefined();
    expect(client?.spec.ports.map((p) => p.port)).toContain(Number(url.port));
    for (const service of [headless, client])
      expect(service?.spec.selector).toEqual(statefulSet.spec.template.metadata.labels);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
  it('builds in a stage of its own, runs on an LTS Node as a non-root user with git and tini', () => {
    expect(dockerfile.match(/^FROM node:20-/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/apt-get install -y --no-install-recommends git tini/);
    expect(dockerfile).toMatch(/ fonts-ipaexfont-gothic /); // Japanese chart text (README, Charts)
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(dockerfile).toMatch(/npm install --omit=dev/);
  });
});

describe('deploy/overlays/example and deploy/argocd', () => {
  it('the example kanaria.yaml is a valid configuration', () => {
    const config = parseConfig(read('overlays/example/kanaria.yaml'), 'kanaria.yaml');
    expect(Object.keys(config.apps)).toEqual(['llm-api']);
    // The base's placeholder is valid too, and lets no one change anything.
    const placeholder = parseConfig(read('base/kanaria.yaml'), 'kanaria.yaml');
    expect(placeholder.apps).toEqual({});
  });

  it('every kustomization names files and directories that exist', () => {
    for (const file of (readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
      f.endsWith('kustomization.yaml'),
    )) {
      const base = new URL(file.replace(/kustomization\.yaml$/, ''), dir);
      const k = parse(readFileSync(new URL(file, dir), 'utf8')) as {
        resources?: string[];
        components?: string[];
        configMapGenerator?: { files: string[] }[];
      };
      for (const entry of [
        ...(k.resources ?? []),
        ...(k.components ?? []),
        ...(k.configMapGenerator ?? []).flatMap((g) => g.files),
      ]) {
        expect(existsSync(new URL(entry, base)), `${file}: ${entry}`).toBe(true);
      }
    }
  });

  it('the Argo CD Application deploys the example overlay', () => {
    const [app] = docs('argocd/application.yaml') as unknown as { spec: { source: { path: string } } }[];
    expect(existsSync(new URL(`../${app!.spec.source.path}/kustomization.yaml`, dir))).toBe(true);
  });
});

describe('deploy/grafana/kanaria-dashboard.json', () => {
  it('charts only metrics Kanaria exports', async () => {
    const { createMetrics, queueDepthGauge } = await import('../../src/adapters/metrics.js');
    const metrics = createMetrics({ processMetrics: false });
    queueDepthGauge(metrics.registry, []);
    const exported = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    const dashboard = JSON.parse(readFileSync(new URL('grafana/kanaria-dashboard.json', dir), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(6);
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        // Histograms are queried through their _bucket series.
        const used = [...target.expr.matchAll(/\bkanaria_[a-z_]+/g)].map((m) => m[0].replace(/_bucket$/, ''));
        expect(used.length, panel.title).toBeGreaterThan(0);
        for (const name of used) expect(exported, `${panel.title}: ${name}`).toContain(name);
        // Every replica reads the same Redis queues: summing them over replicas would double the backlog.
        if (used.includes('kanaria_queue_jobs')) expect(target.expr, panel.title).toMatch(/^max by \(/);
      }
    }
  });
});

describe('Kubernetes schemas (kubernetes-models, offline)', async () => {
  const schemaProblems = await loadSchemaCheck();

  it('every Kubernetes document under deploy/ validates against its schema', () => {
    const checked = everyYaml
      .filter((f) => !f.endsWith('kustomization.yaml'))
      .flatMap((file) => docs(file).map((doc) => ({ file, doc })));
    expect(checked.length).toBeGreaterThanOrEqual(14);
    expect(checked.flatMap(({ file, doc }) => schemaProblems(doc).map((p) => `${file}: ${p}`))).toEqual([]);
  });

  it('a kind without a schema fails rather than being skipped', () => {
    expect(schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      expect.stringMatching(/Widget w: no schema for apiVersion example.com\/v1, kind Widget/),
    ]);
  });

  it('rejects a broken Deployment, naming the field', () => {
    const broken = () =>
      structuredClone(docs('base/deployment.yaml')[0]) as {
        spec: { replicas: unknown; template: { spec: { containers: { name?: string }[] } } };
      };
    const twoReplicas = broken();
    twoReplicas.spec.replicas = 'two';
    expect(schemaProblems(twoReplicas)).toEqual(['Deployment kanaria-receiver: /spec/replicas must be integer']);
    const nameless = broken();
    delete nameless.spec.template.spec.containers[0]!.name;
    expect(schemaProblems(nameless)).toEqual([
      expect.stringMatching(
        /^Deployment kanaria-receiver: \/spec\/template\/spec\/containers\/0 must have required property '?name'?$/,
      ),
    ]);
  });
});
