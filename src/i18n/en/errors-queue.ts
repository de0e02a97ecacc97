/** Redis unreachable while enqueueing (src/adapters/bull-queue.ts): nothing was queued. A read is not a change. */
export const errorsQueue = {
  changeNotQueued: {
    message: 'Kanaria cannot reach its Redis queue, so your change was NOT queued and nothing was changed.',
    hint: '$t(errorsQueue.tryAgain)',
  },
  requestNotQueued: {
    message: 'Kanaria cannot reach its Redis queue, so your request was NOT queued and nothing was changed.',
    hint: '$t(errorsQueue.tryAgain)',
  },
  tryAgain: 'Try again in a minute; if it persists, ask the platform team to check Redis (REDIS_URL).',
};
