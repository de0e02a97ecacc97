import { noticeMessage } from '../src/blocks/reconcile.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import type { NotifyJob } from '../src/queues/notify.js';
import type { Processor } from './run-job.js';

/** The notify queue's processor: one notice, one post in the app's channel. Its job id makes it once per event. */
export const notifyProcessor: Processor<NotifyJob, string> = async ({ data, deps }) => {
  const channel = deps.config.apps[data.app]?.channel;
  if (!channel) return 'no channel';
  // Failures throw: BullMQ retries, and the job id keeps it to one post.
  await deps.chat.post(channel, noticeMessage(wordsFor(chooseLocale(deps.config.locale, { channel })), data));
  return 'posted';
};
