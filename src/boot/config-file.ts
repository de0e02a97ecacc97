import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isNode, isScalar, visit } from 'yaml';
import { z } from 'zod';
import { configSchema, type Config } from '../domain/config.js';

/** A configuration problem that stops start-up; the message names the file, the field and the fault. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses and validates kanaria.yaml text; `file` is used in messages only. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const [first] = doc.errors;
    const where = first?.linePos?.[0];
    throw new ConfigError(
      `${file}${where ? `:${where.line}:${where.col}` : ''}: not valid YAML: ${first?.message.split('\n')[0]}`,
    );
  }
  const lineAt = (node: unknown): string =>
    isNode(node) && node.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
  // Validation would drop a `__proto__` key without a word: a name that silently vanishes is worse than an error.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '__proto__')
        throw new ConfigError(
          `${file}${lineAt(pair.key)}: \`__proto__\` cannot be a name in kanaria.yaml; choose another`,
        );
    },
  });
  const result = configSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;

  /** The key node `key` of the map at `mapPath`: an unknown field or a bad name is on the key's line. */
  const keyNode = (mapPath: readonly string[], key: string | undefined): unknown => {
    const map = mapPath.length > 0 ? doc.getIn(mapPath, true) : doc.contents;
    return isMap(map) ? map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key)?.key : undefined;
  };
  const lines = result.error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.map(String);
    const node =
      (issue.code === 'unrecognized_keys' && keyNode(path, issue.keys[0])) ||
      (issue.code === 'invalid_key' && keyNode(path.slice(0, -1), path.at(-1))) ||
      (doc.getIn(path, true) ?? doc.getIn(path.slice(0, -1), true));
    const field = path.length > 0 ? path.join('.') : '(top level)';
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.code === 'invalid_key'
          ? issue.issues.map((i) => i.message).join('; ')
          : issue.message;
    return `  ${file}${lineAt(node)}: ${field}: ${message}`;
  });
  throw new ConfigError(`Invalid configuration in ${file}:\n${lines.join('\n')}`);
}

export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `${file}: cannot read the configuration (${code ?? String(error)}); set KANARIA_CONFIG to the path of kanaria.yaml`,
    );
  }
  return parseConfig(text, file);
}

const optional = z.string().min(1).optional();

/** Environment: secrets and URLs never live in kanaria.yaml. */
export const envSchema = z.object({
  KANARIA_CONFIG: z.string().min(1).default('./kanaria.yaml'),
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
});
export type Env = z.infer<typeof envSchema>;

export type Mode = 'http' | 'socket' | 'terminal';

/**
 * What one process runs: everything (`all`, the default), only the ways in from Slack (`receiver`: commands
 * and buttons are answered and queued, no git, no Kubernetes), or only the jobs (`worker`). Split, the pods
 * that face Slack hold neither the Git credentials nor the cluster role.
 */
export type Role = 'all' | 'receiver' | 'worker';

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!result.success) {
    throw new ConfigError(
      `Invalid environment:\n${result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  return result.data;
}

/** The role (KANARIA_ROLE) and, unless the process only runs jobs, how Slack reaches it. */
export function processOf(env: Env): { role: Role; mode?: Mode } {
  const role = env.KANARIA_ROLE;
  if (role !== 'all' && !env.REDIS_URL)
    throw new ConfigError(
      `KANARIA_ROLE=${role} hands work over through Redis: set REDIS_URL to the Redis its receivers and workers share`,
    );
  if (role === 'worker') {
    if (!env.SLACK_BOT_TOKEN)
      throw new ConfigError('KANARIA_ROLE=worker runs the jobs, which post to Slack: set SLACK_BOT_TOKEN (xoxb-…)');
    return { role };
  }
  const mode = modeOf(env);
  if (role === 'receiver' && mode === 'terminal') {
    throw new ConfigError(
      'KANARIA_ROLE=receiver answers Slack: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)',
    );
  }
  return { role, mode };
}

/** Socket Mode with an app token, HTTP with a signing secret, else the terminal adapter. */
export function modeOf(env: Env): Mode {
  if (env.SLACK_APP_TOKEN) {
    if (!env.SLACK_BOT_TOKEN)
      throw new ConfigError(
        'SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode needs both (xapp-… and xoxb-…)',
      );
    return 'socket';
  }
  if (env.SLACK_SIGNING_SECRET || env.SLACK_BOT_TOKEN) {
    if (!env.SLACK_SIGNING_SECRET)
      throw new ConfigError(
        "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP: to verify Slack's requests) nor SLACK_APP_TOKEN (Socket Mode) is",
      );
    if (!env.SLACK_BOT_TOKEN)
      throw new ConfigError(
        'SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not: Kanaria cannot post replies without it',
      );
    return 'http';
  }
  return 'terminal';
}
