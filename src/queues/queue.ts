/** A durable queue as commands and jobs see it (BullMQ implements it: src/adapters/bull-queue.ts). */
export interface JobQueue<T> {
  /**
   * Enqueues once per id: a second add with the same id returns `duplicate: true` and enqueues nothing.
   * Finished jobs are kept (a day by default) so that a late repeat stays a no-op; `forgetWhenDone` removes
   * the job as soon as it finishes, for ids that must be free again afterwards.
   */
  add(jobId: string, data: T, options?: AddOptions): Promise<{ jobId: string; duplicate: boolean }>;
  /** The data of a job still kept, e.g. to say who asked first. */
  get(jobId: string): Promise<T | undefined>;
  /** How a job still kept stands: undefined when there is no such job (never added, or no longer kept). */
  outcome(jobId: string): Promise<JobOutcome<T> | undefined>;
  /** Runs a job on a cron schedule; one schedule per id however many replicas set it. */
  schedule(id: string, pattern: string, data: T, timezone?: string): Promise<void>;
  unschedule(id: string): Promise<void>;
}

/** A job not finished yet, or how it finished: its return value, or its data once it failed for good. */
export type JobOutcome<T> =
  | { readonly state: 'pending' }
  | { readonly state: 'completed'; readonly value: unknown }
  | { readonly state: 'failed'; readonly data: T };

export interface AddOptions {
  readonly delayMs?: number;
  readonly forgetWhenDone?: boolean;
}

/** A job id from its parts: BullMQ ids may not contain `:`, so anything but word characters, `.` and `-` becomes `_`. */
export const jobId = (...parts: string[]): string => parts.join('-').replace(/[^\w.-]/g, '_');
/** A request's job id (Slack trigger ids are digits, dots and hex). */
export const safeJobId = (prefix: string, requestId: string): string => jobId(prefix, requestId);

/** Where a command was typed, as the job that answers it needs it. */
export interface RequestOrigin {
  readonly channel: string;
  /** Unique per invocation, the same for a redelivery: the idempotency key of what it enqueues. */
  readonly requestId: string;
  readonly responseUrl?: string;
}
