import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { failedMessage } from '../src/blocks/gitops.js';
import type { Chat, Message, Person } from '../src/domain/chat.js';
import { requireApp } from '../src/domain/apps.js';
import type { AppConfig, Config } from '../src/domain/config.js';
import { Refusal, TransientError, Unrecoverable } from '../src/domain/errors.js';
import { chooseLocale, DEFAULT_LOCALE, explain, wordsFor, type Explanation, type Words } from '../src/i18n/index.js';
import type { JobDeps } from '../src/boot/deps.js';
import type { KanariaMetrics } from '../src/adapters/metrics.js';
import { answeringHeartbeats } from './heartbeat.js';
import { quietly } from './quietly.js';

/** Who a job answers privately: the requester in their channel (through the response URL when there is one). */
export interface Requester {
  readonly channel?: string;
  readonly requester?: Person;
  readonly responseUrl?: string;
}

/** What the funnel itself uses; processors get the whole of it. */
export interface FunnelDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly chat: Chat;
  readonly metrics: KanariaMetrics;
}

/** Why an attempt failed, as the funnel classed it, for whoever tells the requester. */
export interface Failure {
  /**
   * `refusal` (the request), `unrecoverable` (no retry would mend it): told, done. `transient`, `unexpected`:
   * retried with backoff, told on the last attempt.
   */
  readonly kind: 'refusal' | 'unrecoverable' | 'transient' | 'unexpected';
  /** What failed: each teller words it in its own language (failureWords). */
  readonly error: unknown;
  /** 1-based, of `attempts`. */
  readonly attempt: number;
  readonly attempts: number;
}

/** How a job tells its requester that it failed; never throws for Slack's sake. */
export interface FailureTeller {
  /** The job ends failed: a refusal, or the last attempt. */
  failed(failure: Failure): Promise<void>;
  /** An attempt failed and another one follows. */
  retrying?(failure: Failure): Promise<void>;
}

/** What every processor works with (Probot's Context): the job, its deps, and ways to answer. */
export interface JobContext<T, D extends FunnelDeps = JobDeps> {
  readonly job: Job<T>;
  /** The job's data as last recorded (job.updateData replaces it). */
  readonly data: T;
  readonly deps: D;
  /** The deps' logger with the queue and the job id. */
  readonly log: Logger;
  /** BullMQ's lock token: a processor that moves its job (moveToDelayed) needs it. */
  readonly token: string | undefined;
  readonly requester: Person | undefined;
  /** Words for the requester (their Slack language, else their channel's, else the workspace's). */
  readonly t: Words;
  /** A private reply to the requester; nothing when the job has none (scheduled work). Never throws. */
  whisper(message: Message): Promise<void>;
  /** Runs a Slack call whose failure must not fail work already done: counted and logged instead. */
  quietly<R>(method: string, call: () => Promise<R>): Promise<R | undefined>;
  /** The configuration of the app the payload names, as it is now: a refusal when it is gone from kanaria.yaml. */
  app(): AppConfig;
  /** Replaces the private reply as the way failures are told (e.g. the change's announcement, a progress message). */
  tellFailuresWith(teller: FailureTeller): void;
}

export type Processor<T, R, D extends FunnelDeps = JobDeps> = (context: JobContext<T, D>) => Promise<R>;

/** A private reply to the job's requester; nothing when the job has none (scheduled work). Never throws. */
export function whisperTo(deps: FunnelDeps, who: Requester): (message: Message) => Promise<void> {
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

/** Words for the requester: their Slack language, else their channel's, else the workspace's. */
export const requesterWords = (deps: { readonly config: Config }, who: Requester): Words =>
  wordsFor(
    chooseLocale(deps.config.locale, {
      ...(who.requester?.locale !== undefined && { user: who.requester.locale }),
      ...(who.channel !== undefined && { channel: who.channel }),
    }),
  );

/**
 * A failure in words of `t`: a refusal's or a transient error's own (the catalog's words for its key); an
 * unexpected error has none, and each teller words it its way.
 */
export const failureWords = (t: Words, failure: Pick<Failure, 'error'>): Explanation | undefined =>
  failure.error instanceof Refusal || failure.error instanceof TransientError || failure.error instanceof Unrecoverable
    ? explain(t, failure.error)
    : undefined;

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Told privately in the requester's words, as a job answers by default. */
const privately = (whisper: (message: Message) => Promise<void>, t: Words): FailureTeller => ({
  failed: (failure) => {
    const words = failureWords(t, failure);
    const reason = words?.message ?? errorText(failure.error);
    return whisper(
      failure.kind === 'refusal' || failure.kind === 'unrecoverable'
        ? failedMessage(reason, words?.hint)
        : failedMessage(t('jobs.failure.gaveUp', { count: failure.attempt, reason }), t('jobs.failure.tryAgain')),
    );
  },
});

/**
 * The one job funnel: runs `processor` with its context and applies one error policy by error class.
 * - `Refusal` (bad input, forbidden, gone from the configuration, conflict): told, and the job is done
 *   (BullMQ's UnrecoverableError: a retry would not help).
 * - `Unrecoverable` (e.g. the Kubernetes API rejects what Kanaria sent): told, and the job is done.
 * - `TransientError` (a git remote, an API that may come back): retried with backoff; told on the last attempt.
 * - anything else: logged, retried like a transient error, and told on the last attempt, so no request ends in
 *   silence.
 * BullMQ's own `DelayedError` (a polling step) and `UnrecoverableError` (the processor showed the outcome itself
 * and ends the job failed) pass through untold. Heartbeat jobs never reach the processor.
 */
export function runJob<T extends Requester, R, D extends FunnelDeps = JobDeps>(
  deps: D,
  queue: string,
  processor: Processor<T, R, D>,
  appOf?: (data: T) => string,
): (job: Job<T>, token?: string) => Promise<R | 'alive'> {
  return answeringHeartbeats(async (job: Job<T>, token?: string): Promise<R> => {
    const log = deps.logger.child({ queue, jobId: job.id });
    const whisper = whisperTo({ ...deps, logger: log }, job.data);
    const t = requesterWords(deps, job.data);
    let teller = privately(whisper, t);
    const context: JobContext<T, D> = {
      job,
      get data() {
        return job.data;
      },
      deps,
      log,
      token,
      requester: job.data.requester,
      t,
      whisper,
      quietly: quietly({ logger: log, metrics: deps.metrics }),
      app: () => {
        const name = appOf?.(job.data);
        if (name === undefined) throw new Error(`jobs of the ${queue} queue name no app`);
        return requireApp(deps, name);
      },
      tellFailuresWith: (next) => void (teller = next),
    };
    try {
      return await processor(context);
    } catch (error) {
      if (error instanceof DelayedError || error instanceof UnrecoverableError) throw error;
      const attempt = job.attemptsMade + 1;
      const attempts = job.opts.attempts ?? 1;
      const tell = async (how: 'failed' | 'retrying', failure: Failure) => {
        try {
          await teller[how]?.(failure);
        } catch (telling) {
          log.warn({ err: telling }, 'could not tell the requester how the job failed');
        }
      };
      if (error instanceof Refusal || error instanceof Unrecoverable) {
        const kind = error instanceof Refusal ? 'refusal' : 'unrecoverable';
        if (kind === 'refusal') log.info({ key: error.key }, 'job refused');
        else log.warn({ err: error, key: error.key }, 'job failed for good');
        await tell('failed', { kind, error, attempt, attempts });
        // BullMQ's record of the failure is for operators: in English.
        throw new UnrecoverableError(explain(wordsFor(DEFAULT_LOCALE), error).message);
      }
      const failure: Failure = {
        kind: error instanceof TransientError ? 'transient' : 'unexpected',
        error,
        attempt,
        attempts,
      };
      if (failure.kind === 'unexpected') log.error({ err: error, attempt, attempts }, 'job failed unexpectedly');
      await tell(attempt >= attempts ? 'failed' : 'retrying', failure);
      throw error;
    }
  });
}
