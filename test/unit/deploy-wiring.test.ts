import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { envSchema, parseEnv, processOf } from '../../src/boot/env.js';

const docs = (file: string) =>
  parseAllDocuments(
    readFileSync(
      new URL(`../../deploy/${file.startsWith('components/') ? file : `base/${file}`}`, import.meta.url),
      'utf8',
    ),
  ).map((d) => d.toJS() as Record<string, unknown> & { kind: string; spec: Record<string, unknown> });
type Env = {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
};
type Component = 'receiver' | 'worker';
const container = (component: Component) => {
  const deployments = docs('deployment.yaml') as unknown as {
    metadata: { name: string };
    spec: { template: { spec: { containers: { env: Env[]; ports: { containerPort: number }[] }[] } } };
  }[];
  return deployments.find((d) => d.metadata.name === `kanaria-${component}`)!.spec.template.spec.containers[0]!;
};
type Policy = {
  metadata: { name: string };
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    ingress: { from?: unknown[]; ports: { port: number }[] }[];
    egress: { ports?: { port: number }[] }[];
  };
};

/** What a pod's environment becomes for a way of filling the Secret (optional keys left out when absent). */
const envFor = (component: Component, secret: Record<string, string>) =>
  Object.fromEntries(
    container(component).env.flatMap((e) => {
      if (e.value !== undefined) return [[e.name, e.value]];
      const ref = e.valueFrom!.secretKeyRef!;
      if (ref.key in secret) return [[e.name, secret[ref.key]]];
      if (ref.optional) return [];
      throw new Error(`the pod would not start: Secret key ${ref.key} is missing`);
    }),
  );

describe('the Deployments are wired to what Kanaria reads', () => {
  const secret = {
    'redis-url': 'redis://kanaria-redis:6379',
    'slack-bot-token': 'xoxb-1',
    'gitops-repo-url': 'https://git.example.com/gitops.git',
  };

  it('set only environment variables Kanaria knows', () => {
    const known = Object.keys(envSchema.shape);
    for (const component of ['receiver', 'worker'] as const)
      for (const env of container(component).env) expect(known, `${component} ${env.name}`).toContain(env.name);
  });

  it('the receiver starts in HTTP mode with the signing secret and in Socket Mode with the app token, from the same manifest', () => {
    expect(processOf(parseEnv(envFor('receiver', { ...secret, 'slack-signing-secret': 's3cret' })))).toEqual({
      role: 'receiver',
      mode: 'http',
    });
    expect(processOf(parseEnv(envFor('receiver', { ...secret, 'slack-app-token': 'xapp-1' })))).toEqual({
      role: 'receiver',
      mode: 'socket',
    });
    // Neither: Kanaria refuses to start and says what is missing, rather than falling back to the terminal.
    expect(() => processOf(parseEnv(envFor('receiver', secret)))).toThrow(
      "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP: to verify Slack's requests) nor SLACK_APP_TOKEN (Socket Mode) is",
    );
    expect(() => envFor('receiver', { 'slack-bot-token': 'xoxb-1' })).toThrow('redis-url');
  });

  it('the worker starts from the same Secret whichever way Slack comes in, and needs the GitOps URL', () => {
    expect(processOf(parseEnv(envFor('worker', secret)))).toEqual({ role: 'worker' });
    expect(processOf(parseEnv(envFor('worker', { ...secret, 'slack-app-token': 'xapp-1' })))).toEqual({
      role: 'worker',
    });
    expect(() => envFor('worker', { 'redis-url': 'redis://r', 'slack-bot-token': 'xoxb-1' })).toThrow(
      'gitops-repo-url',
    );
  });
});

describe('the example Ingress', () => {
  it("exposes only Slack's endpoint and the image webhook, at the Slack manifest's host, on the Service's http port", () => {
    const read = (file: string) =>
      parse(readFileSync(new URL(`../../deploy/${file}`, import.meta.url), 'utf8')) as unknown;
    const ingress = read('overlays/example/ingress.yaml') as {
      spec: {
        tls: { hosts: string[] }[];
        rules: {
          host: string;
          http: {
            paths: { path: string; pathType: string; backend: { service: { name: string; port: { name: string } } } }[];
          };
        }[];
      };
    };
    const manifest = read('slack-app-manifest.yaml') as { settings: { interactivity: { request_url: string } } };
    const url = new URL(manifest.settings.interactivity.request_url);
    expect(ingress.spec.rules).toHaveLength(1);
    expect(ingress.spec.rules[0]!.host).toBe(url.hostname);
    expect(ingress.spec.tls[0]!.hosts).toEqual([url.hostname]);
    expect(ingress.spec.rules[0]!.http.paths.map((p) => `${p.pathType} ${p.path}`)).toEqual([
      `Exact ${url.pathname}`,
      'Exact /webhooks/image',
    ]);
    // The receivers' Service: the workers have no way in.
    const service = (
      docs('service.yaml') as unknown as {
        metadata: { name: string; labels: Record<string, string> };
        spec: { ports: { name: string }[] };
      }[]
    ).find((d) => d.metadata.labels['app.kubernetes.io/component'] === 'receiver')!;
    expect(ingress.spec.rules[0]!.http.paths[0]!.backend.service).toEqual({
      name: service.metadata.name,
      port: { name: 'http' },
    });
    expect(service.spec.ports.map((p) => p.name)).toContain('http');
  });
});

describe('NetworkPolicies', () => {
  const policy = (component: Component) =>
    (docs('networkpolicy.yaml') as unknown as Policy[]).find((p) => p.metadata.name === `kanaria-${component}`)!;
  const egressPorts = (component: Component) =>
    new Set(
      policy(component).spec.egress.flatMap((rule) => {
        expect(rule.ports, 'an egress rule without ports opens every port').toBeDefined();
        return rule.ports!.map((p) => p.port);
      }),
    );

  it('receivers reach DNS, HTTPS (Slack) and Redis: not the API server, the git host on 6443 or Prometheus', () => {
    expect(policy('receiver').spec.podSelector.matchLabels).toMatchObject({
      'app.kubernetes.io/component': 'receiver',
    });
    expect(egressPorts('receiver')).toEqual(new Set([53, 443, 6379]));
  });

  it('workers reach DNS, HTTPS (Slack, git, the API server), Redis and Prometheus', () => {
    expect(policy('worker').spec.podSelector.matchLabels).toMatchObject({ 'app.kubernetes.io/component': 'worker' });
    expect(egressPorts('worker')).toEqual(new Set([53, 443, 6443, 6379, 9090]));
  });

  it('both admit only their http port (Slack and scrapes to receivers, scrapes to workers)', () => {
    for (const component of ['receiver', 'worker'] as const) {
      expect(policy(component).spec.ingress.flatMap((r) => r.ports.map((p) => p.port))).toEqual(
        container(component).ports.map((p) => p.containerPort),
      );
    }
  });

  it('the optional Redis admits only Kanaria and talks to no one', () => {
    const redis = docs('components/redis/redis.yaml');
    const policy = redis.find((d) => d.kind === 'NetworkPolicy') as unknown as Policy;
    expect(policy.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'kanaria-redis' });
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kanaria' } } }],
        ports: [{ port: 6379, protocol: 'TCP' }],
      },
    ]);
    expect(policy.spec.egress).toEqual([]);
  });
});
