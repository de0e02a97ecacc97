import { pino, type Logger } from 'pino';
import { findKubeConfig } from '../adapters/kube-config.js';
import { RedisDirInUseError } from '../adapters/private-redis-dir.js';
import { PrivateRedisStartError } from '../adapters/redis-server-output.js';
import type { Config } from '../domain/config.js';
import { featuresOf, type Need } from '../domain/features.js';
import { chooseLocale, environmentLocale, localeFromEnvironment, wordsFor, type Words } from '../i18n/index.js';
import { LocalDirectory, TerminalChat } from '../terminal/terminal-chat.js';
import { TerminalScreen } from '../terminal/screen.js';
import { ConfigError, findConfigFile, loadConfig, noConfigFound } from './config-file.js';
import { parseEnv, processOf, settingsFrom, type Env } from './env.js';
import { createLocalPlayground } from './first-run.js';
import { createLogger } from './logger.js';
import { logProgress, terminalProgress, type Progress } from './progress.js';
import { redisFor } from './redis.js';
import { STATE_DIR, type Mode, type Settings } from './settings.js';
import { startKanaria } from './start.js';
import { logLines, startupWords } from './startup-words.js';
import { runTerminal } from './terminal.js';

/** The terminal's log file is written synchronously: a start-up error may exit before an async stream opens. */
const loggerFor = (env: Env, mode: Mode | undefined): Logger =>
  mode === 'terminal'
    ? createLogger(env.LOG_LEVEL, pino.destination({ dest: `${STATE_DIR}/kanaria.log`, mkdir: true, sync: true }))
    : createLogger(env.LOG_LEVEL);

/**
 * kanaria.yaml: KANARIA_CONFIG, else ./kanaria.yaml or .kanaria/kanaria.yaml; the terminal's first run creates the
 * latter with a local GitOps repo to try things on, the Slack modes say where they looked.
 */
async function configFileFor(env: Env, mode: Mode | undefined, say: (text: string) => void, t: Words): Promise<string> {
  const found = findConfigFile(env.KANARIA_CONFIG);
  if (found) return found;
  if (mode !== 'terminal') throw noConfigFound();
  const playground = await createLocalPlayground(STATE_DIR);
  if (playground.created) say(startupWords.firstRun(playground.repo, playground.configPath)(t));
  return playground.configPath;
}

/** What the configuration asks of a piece that is missing: then its absence is a warning, else only a note. */
const wanted = (config: Config): Record<Need, boolean> => {
  const apps = Object.values(config.apps);
  return {
    cluster: apps.some((app) => app.argocd || app.rollout) || config.gpu !== undefined,
    prometheus: apps.some((app) => app.analysis),
  };
};

/** Which commands work where the jobs run, and how to turn on the others. */
function reportFeatures(settings: Omit<Settings, 'redisUrl'>, progress: Progress): void {
  const features = featuresOf({
    cluster: settings.kube !== undefined,
    prometheus: settings.prometheusUrl !== undefined,
  });
  progress.step(startupWords.featuresOn(features));
  const asked = wanted(settings.config);
  for (const { need, commands } of features.off)
    (asked[need] ? progress.warn : progress.step)(startupWords.featuresOff(need, commands));
}

/** Kanaria's process: reads the environment once, finds what it needs, starts the role, and stops on a signal. */
export async function run(source: NodeJS.ProcessEnv): Promise<void> {
  const env = parseEnv(source);
  // mode is absent for a worker: nothing comes in from Slack there.
  const { role, mode } = processOf(env);
  const logger = loggerFor(env, mode);
  // A promise nobody awaited must not end a process that holds acknowledged work: log it and go on.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  // Lines are written above what the person is typing (the prompt is redrawn below them).
  const screen = new TerminalScreen(process.stdout);
  const say = screen.write;
  const configPath = await configFileFor(env, mode, say, terminalWords(source));
  const config = await loadConfig(configPath);
  // The terminal speaks the language of LANG (LC_ALL, LC_MESSAGES), else kanaria.yaml's default; logs stay English.
  const t = wordsFor(chooseLocale(config.locale, { user: environmentLocale(source) }));
  const progress = mode === 'terminal' ? terminalProgress(say, logger, t) : logProgress(logger);
  // Kubernetes access matters where jobs run: Argo CD syncs, Rollouts, GPU reports.
  const kube = role !== 'receiver' ? findKubeConfig(env.KUBECONFIG, source) : undefined;
  const settings = settingsFrom(env, { role, mode }, { config, configPath, ...(kube && { kube }) });
  const redis = await redisFor(env.REDIS_URL, mode, progress);

  const chat = new TerminalChat(say, screen.style, t);
  const kanaria = await startKanaria({
    ...settings,
    redisUrl: redis.url,
    logger,
    progress,
    ...(mode === 'terminal' && { local: { chat, directory: new LocalDirectory(env.KANARIA_USER) } }),
  });
  if (role !== 'receiver') reportFeatures(settings, progress);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, logLines.shuttingDown);
    await kanaria.stop();
    await redis.private?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (mode === 'terminal') {
    await runTerminal(kanaria, settings, { chat, userId: env.KANARIA_USER, say, screen, t });
    await shutdown('stdin closed');
  } else {
    logger.info(
      { role, ...(mode && { mode }), port: kanaria.port },
      role === 'worker' ? logLines.runningJobs : logLines.listening,
    );
  }
}

/** The words of a start-up failure, and of the terminal before kanaria.yaml is read: the environment's language. */
export const terminalWords = (source: NodeJS.ProcessEnv): Words => wordsFor(localeFromEnvironment(source));

/**
 * Errors that already say what to do are shown as they are, a configuration error in the language of `t`;
 * anything else with its stack, for a bug report.
 */
export function failureText(error: unknown, t: Words): string {
  if (error instanceof ConfigError) return error.words(t);
  if (error instanceof RedisDirInUseError)
    return t('boot.redis.dirInUse', { dir: error.dir, pid: error.pid, ownerFile: error.ownerFile });
  if (error instanceof PrivateRedisStartError) {
    const { exitCode, log, dir } = error;
    const exited = log ? t('boot.redis.startFailedLog', { exitCode, log }) : t('boot.redis.startFailed', { exitCode });
    return error.damagedAof ? `${exited}\n${t('boot.redis.damagedAof', { dir })}` : exited;
  }
  return (error as Error)?.stack ?? String(error);
}
