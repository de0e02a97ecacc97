import type { Job } from 'bullmq';
import type { Chat, Message, Posted } from '../src/domain/chat.js';

/** What a job that posts one message and files in its thread records, so a retry neither posts nor uploads twice. */
export interface PostedOnce {
  /** The message, once posted. */
  readonly posted?: Posted;
  /** The files uploaded into its thread, by name. */
  readonly uploaded?: readonly string[];
}

/**
 * Posts the job's message unless an earlier attempt did (a crash while its files were uploading, a failure
 * after it): the retry goes on from the message it recorded.
 */
export async function postOnce<T extends PostedOnce>(
  job: Job<T>,
  chat: Pick<Chat, 'post'>,
  channel: string,
  message: Message,
): Promise<Posted | undefined> {
  if (job.data.posted) return job.data.posted;
  const posted = await chat.post(channel, message);
  if (posted) await job.updateData({ ...job.data, posted });
  return posted;
}

/** Runs an upload unless an earlier attempt finished it; `upload` must not throw (quietly). */
export async function uploadOnce<T extends PostedOnce>(
  job: Job<T>,
  name: string,
  upload: () => Promise<unknown>,
): Promise<void> {
  if (job.data.uploaded?.includes(name)) return;
  await upload();
  await job.updateData({ ...job.data, uploaded: [...(job.data.uploaded ?? []), name] });
}
