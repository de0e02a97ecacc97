import type { Logger } from 'pino';
import { wordsFor, type Words } from '../i18n/index.js';

/** A line of start-up, worded in whichever language it is shown in. */
export type Phrase = (t: Words) => string;

/** Log lines are for operators and log search: English, whatever the terminal speaks. */
export const logWords: Words = wordsFor('en');

/** Where start-up reports what it is doing, and what a person should know or act on. */
export interface Progress {
  step(say: Phrase): void;
  warn(say: Phrase): void;
}

/** Slack modes and workers: log lines. */
export const logProgress = (logger: Logger): Progress => ({
  step: (say) => logger.info(say(logWords)),
  warn: (say) => logger.warn(say(logWords)),
});

/** The terminal: lines a person reads as Kanaria starts, in the terminal's language (`t`), kept in the log too. */
export const terminalProgress = (show: (text: string) => void, logger: Logger, t: Words): Progress => ({
  step: (say) => (show(say(t)), logger.info(say(logWords))),
  warn: (say) => (show(`⚠ ${say(t)}`), logger.warn(say(logWords))),
});
