import type { Person } from '../domain/chat.js';
import type { Change } from './gitops.js';
import { safeJobId, type JobQueue, type RequestOrigin } from './queue.js';

/**
 * The queue of reads: `/history`, `/status`, `/slo` and dry runs. They run where the jobs keep the GitOps working copy,
 * answer only the requester, and change nothing.
 */
export const READS_QUEUE = 'reads';

export type Read =
  | { readonly kind: 'history'; readonly app: string; readonly limit: number }
  | { readonly kind: 'status'; readonly app: string }
  /** `/slo <app>`: the error budget; `/slo <app> overrides`: the break-glass changes in Git. */
  | { readonly kind: 'slo'; readonly app: string; readonly view: 'budget' | 'overrides' }
  /** The change's plan and diff, without committing it. */
  | { readonly kind: 'dry-run'; readonly change: Change }
  /** `/pipeline`: the pipeline's card, posted in the channel or updated in place; `refresh` only updates. */
  | { readonly kind: 'pipeline'; readonly pipeline: string; readonly app: string; readonly refresh: boolean };

export interface ReadJob extends RequestOrigin {
  readonly read: Read;
  readonly requester: Person;
  readonly requestedAt: number;
}

/** One job per request: a redelivered request finds the job it already enqueued. */
export const readJobId = (requestId: string): string => safeJobId('reads', requestId);

/** Enqueues a read once per request. */
export const enqueueRead = (
  queue: JobQueue<ReadJob>,
  origin: RequestOrigin,
  read: Read,
  requester: Person,
): Promise<{ duplicate: boolean }> =>
  queue.add(readJobId(origin.requestId), {
    read,
    requester,
    channel: origin.channel,
    requestId: origin.requestId,
    requestedAt: Date.now(),
    ...(origin.responseUrl !== undefined && { responseUrl: origin.responseUrl }),
  });
