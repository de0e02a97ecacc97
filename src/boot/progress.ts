import type { Logger } from 'pino';

/** Where start-up reports what it is doing, and what a person should know or act on. */
export interface Progress {
  step(text: string): void;
  warn(text: string): void;
}

/** Slack modes and workers: log lines. */
export const logProgress = (logger: Logger): Progress => ({
  step: (text) => logger.info(text),
  warn: (text) => logger.warn(text),
});

/** The terminal: lines a person reads as Kanaria starts, kept in the log file too. */
export const terminalProgress = (say: (text: string) => void, logger: Logger): Progress => ({
  step: (text) => (say(text), logger.info(text)),
  warn: (text) => (say(`⚠ ${text}`), logger.warn(text)),
});
