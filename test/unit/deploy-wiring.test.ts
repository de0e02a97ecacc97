import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { envSchema, modeOf, parseEnv } from '../../src/config.js';

const docs = (file: string) => parseAllDocuments(readFileSync(new URL(`../../deploy/${file.startsWith('components/') ? file : `base/${file}`}`, import.meta.url), 'utf8')).map((d) => d.toJS() as Record<string, unknown> & { kind: string; spec: Record<string, unknown> });
type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } };
const container = () => {
  const [deployment] = docs('deployment.yaml') as unknown as { spec: { template: { spec: { containers: { env: Env[]; ports: { containerPort: number }[] }[] } } } }[];
  return deployment!.spec.template.spec.containers[0]!;
};
type Policy = { spec: { podSelector: { matchLabels: Record<string, string> }; ingress: { from?: unknown[]; ports: { port: number }[] }[]; egress: { ports?: { port: number }[] }[] } };

describe('the Deployment is wired to what Kanaria reads', () => {
  it('sets only environment variables Kanaria knows', () => {
    const known = Object.keys(envSchema.shape);
    for (const env of container().env) expect(known, env.name).toContain(env.name);
  });

  it('starts in HTTP mode with the signing secret and in Socket Mode with the app token, from the same manifest', () => {
    // What the pod's environment becomes for each way of filling the Secret (optional keys left out when absent).
    const envFor = (secret: Record<string, string>) =>
      Object.fromEntries(container().env.flatMap((e) => {
        if (e.value !== undefined) return [[e.name, e.value]];
        const ref = e.valueFrom!.secretKeyRef!;
        if (ref.key in secret) return [[e.name, secret[ref.key]]];
        if (ref.optional) return [];
        throw new Error(`the pod would not start: Secret key ${ref.key} is missing`);
      }));
    const base = { 'redis-url': 'redis://kanaria-redis:6379', 'slack-bot-token': 'xoxb-1', 'gitops-repo-url': 'https://git.example.com/gitops.git' };
    expect(modeOf(parseEnv(envFor({ ...base, 'slack-signing-secret': 's3cret' })))).toBe('http');
    expect(modeOf(parseEnv(envFor({ ...base, 'slack-app-token': 'xapp-1' })))).toBe('socket');
    // Neither: Kanaria refuses to start and says what is missing, rather than falling back to the terminal.
    expect(() => modeOf(parseEnv(envFor(base)))).toThrow('SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP: to verify Slack\'s requests) nor SLACK_APP_TOKEN (Socket Mode) is');
    expect(() => envFor({ 'slack-bot-token': 'xoxb-1' })).toThrow('redis-url');
  });
});

describe('the example Ingress', () => {
  it("exposes only Slack's endpoint, at the Slack manifest's host, on the Service's http port", () => {
    const read = (file: string) => parse(readFileSync(new URL(`../../deploy/${file}`, import.meta.url), 'utf8')) as unknown;
    const ingress = read('overlays/example/ingress.yaml') as { spec: { tls: { hosts: string[] }[]; rules: { host: string; http: { paths: { path: string; pathType: string; backend: { service: { name: string; port: { name: string } } } }[] } }[] } };
    const manifest = read('slack-app-manifest.yaml') as { settings: { interactivity: { request_url: string } } };
    const url = new URL(manifest.settings.interactivity.request_url);
    expect(ingress.spec.rules).toHaveLength(1);
    expect(ingress.spec.rules[0]!.host).toBe(url.hostname);
    expect(ingress.spec.tls[0]!.hosts).toEqual([url.hostname]);
    expect(ingress.spec.rules[0]!.http.paths.map((p) => `${p.pathType} ${p.path}`)).toEqual([`Exact ${url.pathname}`]);
    const service = read('base/service.yaml') as { metadata: { name: string }; spec: { ports: { name: string }[] } };
    expect(ingress.spec.rules[0]!.http.paths[0]!.backend.service).toEqual({ name: service.metadata.name, port: { name: 'http' } });
    expect(service.spec.ports.map((p) => p.name)).toContain('http');
  });
});

describe('NetworkPolicies', () => {
  it("Kanaria's pods reach DNS, HTTPS (Slack, git, the API server), Redis and Prometheus, nothing else", () => {
    const [policy] = docs('networkpolicy.yaml') as unknown as Policy[];
    const egress = policy!.spec.egress.flatMap((rule) => {
      expect(rule.ports, 'an egress rule without ports opens every port').toBeDefined();
      return rule.ports!.map((p) => p.port);
    });
    expect(new Set(egress)).toEqual(new Set([53, 443, 6443, 6379, 9090]));
    expect(policy!.spec.ingress.flatMap((r) => r.ports.map((p) => p.port))).toEqual(container().ports.map((p) => p.containerPort));
  });

  it('the optional Redis admits only Kanaria and talks to no one', () => {
    const redis = docs('components/redis/redis.yaml');
    const policy = redis.find((d) => d.kind === 'NetworkPolicy') as unknown as Policy;
    expect(policy.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'kanaria-redis' });
    expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kanaria' } } }], ports: [{ port: 6379, protocol: 'TCP' }] }]);
    expect(policy.spec.egress).toEqual([]);
  });
});
