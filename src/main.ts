import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pino } from 'pino';
import { findKubeConfig } from './adapters/kube-config.js';
import { hasRedisServer, startPrivateRedis, type PrivateRedis } from './adapters/redis.js';
import { ConfigError, loadConfig, parseEnv, processOf } from './config.js';
import { createLocalPlayground } from './first-run.js';
import { createLogger } from './logger.js';
import { RedisDirInUseError } from './adapters/private-redis-dir.js';
import { PrivateRedisStartError } from './adapters/redis-server-output.js';
import { redactCredentials } from './domain/redact.js';
import { startKanaria } from './kanaria.js';
import { LocalDirectory, TerminalChat } from './terminal/terminal-chat.js';
import { startRepl } from './terminal/repl.js';
import { TerminalScreen } from './terminal/screen.js';

const STATE_DIR = '.kanaria';

/** A local path stays relative to the configuration file; URLs (https://, ssh://, user@host:path) pass through. */
export function resolveRepoUrl(url: string, configPath: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/\s]+@[^/\s]+:/.test(url);
  return isUrl || isAbsolute(url) ? url : resolve(dirname(configPath), url);
}

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  // mode is absent for a worker: nothing comes in from Slack there.
  const { role, mode } = processOf(env);
  // The terminal's log file is written synchronously: a start-up error may exit before an async stream opens.
  const logger =
    mode === 'terminal'
      ? createLogger(env.LOG_LEVEL, pino.destination({ dest: `${STATE_DIR}/kanaria.log`, mkdir: true, sync: true }))
      : createLogger(env.LOG_LEVEL);
  // A promise nobody awaited must not end a process that holds acknowledged work: log it and go on.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  let configPath = env.KANARIA_CONFIG;
  const screen = new TerminalScreen(process.stdout);
  const say = screen.write;
  if (mode === 'terminal' && !existsSync(configPath) && !process.env['KANARIA_CONFIG']) {
    const playground = await createLocalPlayground(STATE_DIR);
    configPath = playground.configPath;
    if (playground.created)
      say(
        `First run: created a local GitOps repo at ${playground.repo} with example-app, and ${configPath} pointing at it.`,
      );
  }
  const config = await loadConfig(configPath);
  // A receiver never touches the repository (its jobs run in the workers): it needs no URL or credentials.
  const repoUrl = env.GITOPS_REPO_URL ?? config.gitops.url;
  if (!repoUrl && role !== 'receiver')
    throw new ConfigError(`${configPath}: gitops.url: no GitOps repository given; set gitops.url or GITOPS_REPO_URL`);

  let privateRedis: PrivateRedis | undefined;
  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    if (mode !== 'terminal' && !hasRedisServer())
      throw new ConfigError(
        'REDIS_URL is not set: Kanaria keeps its queues in Redis (e.g. REDIS_URL=redis://redis:6379)',
      );
    if (!hasRedisServer())
      throw new ConfigError(
        'REDIS_URL is not set and there is no redis-server on the PATH. Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_URL=redis://host:6379.',
      );
    privateRedis = await startPrivateRedis(resolve(STATE_DIR, 'redis'));
    redisUrl = privateRedis.url;
    if (mode !== 'terminal')
      logger.warn('REDIS_URL is not set: using a private redis-server; replicas will not share work');
  }

  // Kubernetes access matters where jobs run: Argo CD syncs, Rollouts, GPU reports.
  const kube = role !== 'receiver' ? findKubeConfig() : undefined;
  const needsKube = Object.values(config.apps).some((app) => app.argocd || app.rollout) || config.gpu !== undefined;
  if (role !== 'receiver' && needsKube && !kube) {
    logger.warn(
      "no Kubernetes credentials (KUBECONFIG, ~/.kube/config or in-cluster): changes reach the cluster at Argo CD's next poll, and canary cards and GPU reports are unavailable",
    );
  }
  const chat = new TerminalChat(say, screen.style);
  const userId = process.env['KANARIA_USER'] ?? 'U_LOCAL';
  const kanaria = await startKanaria({
    config,
    logger,
    redisUrl,
    role,
    ...(repoUrl &&
      role !== 'receiver' && {
        gitopsUrl: resolveRepoUrl(repoUrl, configPath),
        workdir: resolve(env.KANARIA_WORKDIR ?? config.gitops.workdir ?? `${STATE_DIR}/work`),
      }),
    logLevel: env.LOG_LEVEL,
    // The terminal is one process on a private Redis: a short lock resumes a killed run's change within seconds.
    lockDurationMs: (env.KANARIA_JOB_LOCK_SECONDS ?? (mode === 'terminal' ? 5 : 30)) * 1000,
    ...(kube && { kube }),
    ...(env.PROMETHEUS_URL && { prometheusUrl: env.PROMETHEUS_URL }),
    // Beside a Slack receiver, jobs get their own thread so git's process spawns never delay an ack.
    jobThread: role === 'all' && mode !== 'terminal',
    ...(mode === 'terminal'
      ? { local: { chat, directory: new LocalDirectory(userId) } }
      : {
          port: env.PORT,
          slack: {
            botToken: env.SLACK_BOT_TOKEN ?? '',
            ...(env.SLACK_SIGNING_SECRET && { signingSecret: env.SLACK_SIGNING_SECRET }),
            ...(mode === 'socket' && env.SLACK_APP_TOKEN && { appToken: env.SLACK_APP_TOKEN }),
            ...(env.SLACK_API_URL && { apiUrl: env.SLACK_API_URL }),
          },
        }),
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight jobs');
    await kanaria.stop();
    await privateRedis?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (mode === 'terminal') {
    say(
      `Kanaria (terminal) — GitOps repo ${redactCredentials(resolveRepoUrl(repoUrl ?? '', configPath))}, branch ${config.gitops.branch}. Type /kanaria help, or exit.`,
    );
    const { resumed } = kanaria;
    if (resumed > 0) say(`Resuming ${resumed} change${resumed === 1 ? '' : 's'} queued before the restart.`);
    const { closed } = startRepl({ dispatcher: kanaria.dispatcher, chat, userId, input: process.stdin, screen });
    await closed;
    // Input ended (e.g. commands piped in): let queued changes finish before leaving.
    await kanaria.drained();
    await shutdown('stdin closed');
  } else {
    logger.info(
      { role, ...(mode && { mode }), port: kanaria.port },
      role === 'worker' ? 'Kanaria is running jobs' : 'Kanaria is listening',
    );
  }
}

main().catch((error: unknown) => {
  // Errors that already say what to do are shown as they are; anything else with its stack, for a bug report.
  const explained =
    error instanceof ConfigError || error instanceof RedisDirInUseError || error instanceof PrivateRedisStartError;
  process.stderr.write(`${explained ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
  process.exit(1);
});
