import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { failedMessage } from './blocks/gitops.js';
import type { Chat, Message, Person } from './chat.js';
import { Refusal, TransientError } from './domain/errors.js';
import { DEFAULT_LOCALE, explain, wordsFor } from './i18n/index.js';
import type { KanariaMetrics } from './adapters/metrics.js';
import { quietly } from './quietly.js';

/** Who a job answers privately: the requester in their channel (through the response URL when there is one). */
export interface Requester {
  readonly channel?: string;
  readonly requester?: Person;
  readonly responseUrl?: string;
}

type ReplyDeps = { chat: Chat; logger: Logger; metrics: KanariaMetrics };

/** A private reply to the job's requester; nothing when the job has none (scheduled work). Never throws. */
export function whisperTo(deps: ReplyDeps, who: Requester): (message: Message) => Promise<void> {
  const call = quietly(deps);
  return async (message) => {
    const { channel, requester } = who;
    if (!channel || !requester) return;
    await call('whisper', () =>
      deps.chat.whisper(
        { channel, user: requester.id, ...(who.responseUrl !== undefined && { responseUrl: who.responseUrl }) },
        message,
      ),
    );
  };
}

const isLastAttempt = (job: Job): boolean => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/**
 * Runs a job's work for someone waiting on an answer. A Refusal is told to them and ends the job
 * (a retry would not help), unless `retryable` says a retry might (e.g. the git remote is unreachable); any
 * other error is retried with backoff, and when the last attempt fails they are told too, so no request ends
 * in silence.
 */
export async function answeringFailures<T>(
  job: Job,
  whisper: (message: Message) => Promise<void>,
  work: () => Promise<T>,
  retryable: (error: Refusal) => boolean = () => false,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DelayedError || error instanceof UnrecoverableError) throw error;
    // words: locale not plumbed yet
    const t = wordsFor(DEFAULT_LOCALE);
    if (error instanceof Refusal && !retryable(error)) {
      const { message, hint } = explain(t, error);
      await whisper(failedMessage(message, hint));
      throw new UnrecoverableError(message);
    }
    const reason =
      error instanceof Refusal || error instanceof TransientError
        ? explain(t, error).message
        : ((error as Error)?.message ?? String(error));
    if (isLastAttempt(job))
      await whisper(
        failedMessage(
          `Kanaria could not finish this after ${job.attemptsMade + 1} attempts (${reason}).`,
          'Try again in a few minutes; if it persists, tell the platform team.',
        ),
      );
    throw error;
  }
}
