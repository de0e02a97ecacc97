import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { Config } from '../domain/config.js';
import { ConfigError, faultList } from './config-file.js';
import { phrase } from './startup-words.js';
import { STATE_DIR, type Mode, type Role, type Settings } from './settings.js';

const optional = z.string().min(1).optional();

/** Environment: secrets and URLs never live in kanaria.yaml. */
export const envSchema = z.object({
  /** Unset: ./kanaria.yaml, else .kanaria/kanaria.yaml (see findConfigFile). */
  KANARIA_CONFIG: optional,
  KANARIA_WORKDIR: optional,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLACK_SIGNING_SECRET: optional,
  SLACK_BOT_TOKEN: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: z.string().url().optional(),
  REDIS_URL: optional,
  GITOPS_REPO_URL: optional,
  KUBECONFIG: optional,
  PROMETHEUS_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KANARIA_ROLE: z.enum(['all', 'receiver', 'worker']).default('all'),
  /** How long a job's lock lasts: a crashed worker's job is taken up again after at most about twice this. */
  KANARIA_JOB_LOCK_SECONDS: z.coerce.number().min(1).max(600).optional(),
  /** Seconds between fetches that notice commits made outside Kanaria; 0 turns them off. */
  KANARIA_OUTSIDE_FETCH_SECONDS: z.coerce.number().min(0).max(86_400).optional(),
  /** Signs POST /webhooks/image (a CI step announcing a build); unset: the route is not served. */
  KANARIA_WEBHOOK_SECRET: z
    .string()
    .min(16, 'is too short: use at least 16 random characters, e.g. `openssl rand -hex 32`')
    .optional(),
  /** The terminal adapter's user id, the one policies see. */
  KANARIA_USER: z.string().min(1).default('U_LOCAL'),
});
export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!result.success) {
    // zod's own words say what is wrong with a value.
    const faults = result.error.issues.map((i) =>
      phrase('boot.env.issue', { variable: i.path.join('.'), problem: i.message }),
    );
    throw new ConfigError(faultList(phrase('boot.env.invalid'), faults));
  }
  return result.data;
}

/** The role (KANARIA_ROLE) and, unless the process only runs jobs, how Slack reaches it. */
export function processOf(env: Env): { role: Role; mode?: Mode } {
  const role = env.KANARIA_ROLE;
  if (role !== 'all' && !env.REDIS_URL) throw new ConfigError(phrase('boot.env.roleNeedsRedis', { role }));
  if (role === 'worker') {
    if (!env.SLACK_BOT_TOKEN) throw new ConfigError(phrase('boot.env.workerNeedsBotToken'));
    return { role };
  }
  const mode = modeOf(env);
  if (role === 'receiver' && mode === 'terminal') {
    throw new ConfigError(phrase('boot.env.receiverNeedsSlack'));
  }
  return { role, mode };
}

/** Socket Mode with an app token, HTTP with a signing secret, else the terminal adapter. */
export function modeOf(env: Env): Mode {
  if (env.SLACK_APP_TOKEN) {
    if (!env.SLACK_BOT_TOKEN) throw new ConfigError(phrase('boot.env.appTokenWithoutBotToken'));
    return 'socket';
  }
  if (env.SLACK_SIGNING_SECRET || env.SLACK_BOT_TOKEN) {
    if (!env.SLACK_SIGNING_SECRET) throw new ConfigError(phrase('boot.env.botTokenWithoutWayIn'));
    if (!env.SLACK_BOT_TOKEN) throw new ConfigError(phrase('boot.env.secretWithoutBotToken'));
    return 'http';
  }
  return 'terminal';
}

/** A local path stays relative to the configuration file; URLs (https://, ssh://, user@host:path) pass through. */
export function resolveRepoUrl(url: string, configPath: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/\s]+@[^/\s]+:/.test(url);
  return isUrl || isAbsolute(url) ? url : resolve(dirname(configPath), url);
}

/** What start-up found before the settings can be made: the configuration and Kubernetes credentials. */
export interface Found {
  readonly config: Config;
  readonly configPath: string;
  /** Kubernetes credentials where jobs run (findKubeConfig); absent: none. */
  readonly kube?: { readonly path?: string };
}

/**
 * The settings of this process, from the environment and what start-up found: the one place they are shaped.
 * All but Redis, whose URL is known once a private one runs (started only when the rest is valid).
 */
export function settingsFrom(
  env: Env,
  { role, mode }: { role: Role; mode?: Mode },
  found: Found,
): Omit<Settings, 'redisUrl'> {
  const { config, configPath } = found;
  // A receiver never touches the repository (its jobs run in the workers): it needs no URL or credentials.
  const repoUrl = env.GITOPS_REPO_URL ?? config.gitops.url;
  if (!repoUrl && role !== 'receiver') throw new ConfigError(phrase('boot.config.noGitopsUrl', { file: configPath }));
  return {
    config,
    role,
    ...(repoUrl &&
      role !== 'receiver' && {
        gitopsUrl: resolveRepoUrl(repoUrl, configPath),
        workdir: resolve(env.KANARIA_WORKDIR ?? config.gitops.workdir ?? `${STATE_DIR}/work`),
      }),
    logLevel: env.LOG_LEVEL,
    // The terminal is one process on a private Redis: a short lock resumes a killed run's change within seconds.
    lockDurationMs: (env.KANARIA_JOB_LOCK_SECONDS ?? (mode === 'terminal' ? 5 : 30)) * 1000,
    ...(found.kube && role !== 'receiver' && { kube: found.kube }),
    ...(env.KANARIA_OUTSIDE_FETCH_SECONDS !== undefined && {
      outsideFetchMs: env.KANARIA_OUTSIDE_FETCH_SECONDS * 1000,
    }),
    ...(env.PROMETHEUS_URL && { prometheusUrl: env.PROMETHEUS_URL }),
    ...(env.KANARIA_WEBHOOK_SECRET && mode !== 'terminal' && { webhookSecret: env.KANARIA_WEBHOOK_SECRET }),
    // Beside a Slack receiver, jobs get their own thread so git's process spawns never delay an ack.
    jobThread: role === 'all' && mode !== 'terminal',
    ...(mode !== 'terminal' && {
      port: env.PORT,
      slack: {
        botToken: env.SLACK_BOT_TOKEN ?? '',
        ...(env.SLACK_SIGNING_SECRET && { signingSecret: env.SLACK_SIGNING_SECRET }),
        ...(mode === 'socket' && env.SLACK_APP_TOKEN && { appToken: env.SLACK_APP_TOKEN }),
        ...(env.SLACK_API_URL && { apiUrl: env.SLACK_API_URL }),
      },
    }),
  };
}
