import type { Job } from 'bullmq';
import { noticeMessage } from '../src/blocks/reconcile.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import type { JobDeps } from '../src/deps.js';
import type { NotifyJob } from '../src/reconcile.js';

export { NOTIFY_QUEUE } from '../src/reconcile.js';

/** The notify queue's processor: one notice, one post in the app's channel. Its job id makes it once per event. */
export function notifyProcessor(deps: JobDeps) {
  return async (job: Job<NotifyJob>): Promise<string> => {
    const channel = deps.config.apps[job.data.app]?.channel;
    if (!channel) return 'no channel';
    // Failures throw: BullMQ retries, and the job id keeps it to one post.
    await deps.chat.post(channel, noticeMessage(wordsFor(chooseLocale(deps.config.locale, { channel })), job.data));
    return 'posted';
  };
}
