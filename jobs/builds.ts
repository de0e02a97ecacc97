import { buildMessage } from '../src/blocks/webhook.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import type { BuildNoticeJob } from '../src/queues/builds.js';
import type { Processor } from './run-job.js';

/**
 * The builds queue's processor: a new build (POST /webhooks/image), one post in its stage's channel with a Deploy
 * button. Its job id (app, image) makes it once however often CI retries.
 */
export const buildNoticeProcessor: Processor<BuildNoticeJob, string> = async ({ data, deps, app, job }) => {
  const channel = app().channel;
  if (!channel) return 'no channel';
  // A post Slack took but whose answer was lost would be posted again by the retry: tagged, the retry finds it.
  const key = `build:${data.app}:${data.image}`;
  const since = Math.floor(job.timestamp / 1000) - 60;
  if (job.attemptsMade > 0 && (await deps.chat.findTagged(channel, key, since))) return 'posted before';
  await deps.chat.postTagged(channel, buildMessage(wordsFor(chooseLocale(deps.config.locale, { channel })), data), key);
  return 'posted';
};
