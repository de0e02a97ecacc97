import { createHash } from 'node:crypto';
import { jobId } from './queue.js';

/** The queue of new builds announced by POST /webhooks/image: one message per build in its stage's channel. */
export const BUILDS_QUEUE = 'builds';

export interface BuildNoticeJob {
  readonly app: string;
  /** The stage the Deploy button names (`Deploy to dev`). */
  readonly stage: string;
  readonly image: string;
  readonly commit?: string;
  readonly url?: string;
  /** Nobody asked: the notice is for the channel. */
  readonly requester?: undefined;
}

/**
 * One id per (app, image): however often CI retries, and on whichever replica, the build is announced (or
 * deployed) once. Hashed: an image reference has characters job ids may not, and `_` for each would make two
 * references one.
 */
export const buildJobId = (prefix: 'build' | 'auto-deploy', app: string, image: string): string =>
  jobId(prefix, app, createHash('sha256').update(image).digest('hex').slice(0, 20));
