import type { Person } from '../domain/chat.js';
import { jobId, safeJobId } from './queue.js';

/** The queue of the idle-GPU reclaim: the scheduled scan, each offer's deadline (delayed), message updates. */
export const RECLAIM_QUEUE = 'gpu-reclaim';

/**
 * `scan`: find idle candidates and offer them (on `gpu.reclaim.schedule`). `deadline`: the offer made at
 * `offeredAt` was not answered in time. `list`: `/gpu idle`. `answered`: someone kept or released it; redraw its message (with the
 * commit once the release landed).
 */
export type ReclaimJob =
  | { readonly kind: 'scan'; readonly requester?: undefined }
  /** `/gpu idle`: the candidates now, told privately. */
  | {
      readonly kind: 'list';
      readonly channel: string;
      readonly requester: Person;
      readonly responseUrl?: string;
    }
  | {
      readonly kind: 'deadline' | 'answered';
      readonly id: string;
      readonly offeredAt: number;
      /** `answered` of a release: how often it looked for the commit so far. */
      readonly polls?: number;
      readonly requester?: undefined;
    };

/** One deadline per offer, however many replicas scan. */
export const reclaimDeadlineJobId = (id: string, offeredAt: number): string =>
  jobId('reclaim-deadline', id, String(offeredAt));

/** One redraw per offer's answer (there is one answer per offer). */
export const reclaimAnsweredJobId = (id: string, offeredAt: number): string =>
  jobId('reclaim-answered', id, String(offeredAt));

/** The request id of the change that releases an offer: pressing twice, or press and deadline, commit once. */
export const reclaimRequestId = (id: string, offeredAt: number): string => `reclaim-${id}-${offeredAt}`;

/** One `/gpu idle` per request. */
export const reclaimListJobId = (requestId: string): string => safeJobId('reclaim-list', requestId);
