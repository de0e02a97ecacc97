import type { errorsQueue as en } from '../en/errors-queue.js';
import type { Shape } from '../shape.js';

export const errorsQueue: Shape<typeof en> = {
  changeNotQueued: {
    message: 'Kanaria は Redis のキューに接続できないため、変更はキューに入っておらず、何も変更されていません。',
    hint: '$t(errorsQueue.tryAgain)',
  },
  requestNotQueued: {
    message: 'Kanaria は Redis のキューに接続できないため、リクエストはキューに入っておらず、何も変更されていません。',
    hint: '$t(errorsQueue.tryAgain)',
  },
  tryAgain:
    '1分ほどしてからもう一度お試しください。解決しない場合は、プラットフォームチームに Redis (REDIS_URL) の確認を依頼してください。',
};
