import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startPrivateRedis, type PrivateRedis } from '../../src/adapters/redis.js';
import { parseConfig } from '../../src/boot/config-file.js';
import { startKanaria, type Kanaria, type KanariaOptions } from '../../src/boot/start.js';
import { FakeSlack } from './fake-slack.js';
import { GitRemote } from './git-remote.js';
import { postSigned, slashCommand } from './slack-requests.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export const fixture = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

export const deployment = (name: string, image: string, replicas = 2) => `# ${name}: served to the whole company
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name} # keep in sync with the Argo CD Application
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: web
          image: ${image} # bumped by Kanaria
        - name: metrics-sidecar
          image: prom/statsd-exporter:v0.26.0
`;

/** One app, `web`, that anyone may deploy: the configuration of tests about delivery rather than policy. */
export const ONE_APP_CONFIG = `
gitops: { branch: main }
apps:
  web:
    environment: staging
    manifest: apps/web/deployment.yaml
    container: web
policies:
  default: { deploy: ["*"], promote: ["*"] }
`;

export interface Harness {
  readonly kanaria: Kanaria;
  readonly slack: FakeSlack;
  readonly remote: GitRemote;
  readonly redis: PrivateRedis;
  readonly port: number;
  /** Sends a correctly signed slash command; returns Slack's view of the ack. */
  command(
    command: string,
    text: string,
    options?: { userId?: string; triggerId?: string; responseId?: string; timestamp?: number },
  ): Promise<{ status: number; text: string }>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly files: Record<string, string>;
  readonly config: string;
  readonly kanaria?: Partial<KanariaOptions>;
  readonly redis?: PrivateRedis;
  /** Socket Mode instead of HTTP: commands then arrive over the fake's WebSocket. */
  readonly socketMode?: boolean;
  readonly beforeStart?: (slack: FakeSlack) => void;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const remote = new GitRemote().seed(options.files);
  const redis = options.redis ?? (await startPrivateRedis());
  const slack = new FakeSlack();
  await slack.start();
  slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com' });
  slack.users.set('U0BOB', { id: 'U0BOB', name: 'Bob Stone' });
  slack.users.set('U0EVE', { id: 'U0EVE', name: 'Eve Intruder', email: 'eve@example.com' });
  slack.groups.set('S0PLATFORM', ['U0ANA', 'U0BOB']);
  options.beforeStart?.(slack);
  const workdir = mkdtempSync(join(tmpdir(), 'kanaria-work-'));
  const kanaria = await startKanaria({
    config: parseConfig(options.config, 'kanaria.yaml'),
    logger: pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }),
    redisUrl: redis.url,
    gitopsUrl: remote.bare,
    workdir,
    port: 0,
    slack: {
      botToken: 'xoxb-test-token',
      apiUrl: slack.apiUrl,
      botId: 'BKANARIA',
      botUserId: 'UKANARIA',
      ...(options.socketMode ? { appToken: 'xapp-test-token' } : { signingSecret: SIGNING_SECRET }),
    },
    jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 200 } },
    ...options.kanaria,
  });
  const port = kanaria.port ?? 0;
  return {
    kanaria,
    slack,
    remote,
    redis,
    port,
    async command(command, text, commandOptions = {}) {
      const body = slashCommand(command, text, {
        ...(commandOptions.userId && { userId: commandOptions.userId }),
        ...(commandOptions.triggerId && { triggerId: commandOptions.triggerId }),
        responseUrl: slack.responseUrl(commandOptions.responseId ?? 'r'),
      });
      const response = await postSigned(
        port,
        SIGNING_SECRET,
        body,
        commandOptions.timestamp !== undefined ? { timestamp: commandOptions.timestamp } : {},
      );
      const raw = await response.text();
      const json = raw ? (JSON.parse(raw) as { text?: string }) : {};
      return { status: response.status, text: json.text ?? '' };
    },
    async stop() {
      await kanaria.stop();
      await slack.stop();
      if (!options.redis) await redis.stop();
      remote.remove();
      rmSync(workdir, { recursive: true, force: true });
    },
  };
}

/**
 * Another Kanaria on the harness's Redis, GitOps remote and fake Slack, with a working copy of its own: a second
 * replica, or the process that starts after a restart. Its `stop` also removes that working copy.
 */
export async function startReplica(
  h: Harness,
  config: string,
  options: Partial<KanariaOptions> = {},
): Promise<Kanaria> {
  const workdir = mkdtempSync(join(tmpdir(), 'kanaria-work-'));
  const kanaria = await startKanaria({
    config: parseConfig(config, 'kanaria.yaml'),
    logger: pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }),
    redisUrl: h.redis.url,
    gitopsUrl: h.remote.bare,
    workdir,
    port: 0,
    slack: {
      botToken: 'xoxb-test-token',
      apiUrl: h.slack.apiUrl,
      botId: 'BKANARIA',
      botUserId: 'UKANARIA',
      signingSecret: SIGNING_SECRET,
    },
    jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 200 } },
    ...options,
  });
  return {
    ...kanaria,
    async stop() {
      await kanaria.stop();
      rmSync(workdir, { recursive: true, force: true });
    },
  };
}
