import type { Logger } from 'pino';
import type { KanariaMetrics } from '../src/adapters/metrics.js';

/** Wraps Slack calls made by jobs: a failure is counted and logged, never fails work that already happened. */
export function quietly(deps: { logger: Logger; metrics: KanariaMetrics }) {
  return async <T>(method: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      deps.metrics.slackErrors.inc({ method });
      deps.logger.warn({ err: error, method }, 'Slack call failed');
      return undefined;
    }
  };
}
