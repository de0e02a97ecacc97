import type { Features, Need } from '../domain/features.js';
import type { Key, Params } from '../i18n/index.js';
import type { Phrase } from './progress.js';

/*
 * What start-up says to a person (the terminal) or to the log (HTTP, Socket Mode, workers), as phrases worded
 * where they are shown: the terminal in its language, the log in English (see progress.ts).
 */

/** A catalog message with its facts, worded later. */
export const phrase =
  (key: Key, params?: Params): Phrase =>
  (t) =>
    t(key, params);

const listed = (commands: readonly string[]) => commands.join(', ');

export const startupWords = {
  firstRun: (repo: string, configPath: string) => phrase('boot.firstRun', { repo, configPath }),
  noRedisUrl: phrase('boot.noRedisUrl'),
  noRedisServer: phrase('boot.noRedisServer'),
  startingRedis: phrase('boot.startingRedis'),
  privateRedisForSlack: phrase('boot.privateRedisForSlack'),
  cloning: (repo: string) => phrase('boot.cloning', { repo }),
  fetching: (repo: string) => phrase('boot.fetching', { repo }),
  cloneFailed:
    (reason: Phrase): Phrase =>
    (t) =>
      t('boot.cloneFailed', { reason: reason(t) }),
  featuresOn: (features: Features) => phrase('boot.featuresOn', { commands: listed(features.on) }),
  featuresOff: (need: Need, commands: readonly string[]) =>
    phrase(`boot.featuresOff.${need}`, { commands: listed(commands) }),
  terminalReady: (repo: string, branch: string) => phrase('boot.terminalReady', { repo, branch }),
  resuming: (count: number) => phrase('boot.resuming', { count }),
};

/** Lines only the log shows (HTTP, Socket Mode, workers): English, for operators and log search. */
export const logLines = {
  listening: 'Kanaria is listening',
  runningJobs: 'Kanaria is running jobs',
  shuttingDown: 'shutting down: finishing in-flight jobs',
};
