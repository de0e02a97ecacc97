import { historyMessage } from '../src/blocks/gitops.js';
import type { Message } from '../src/domain/chat.js';
import { appFiles } from '../src/domain/config.js';
import type { ReadJob } from '../src/queues/reads.js';
import type { JobContext } from './run-job.js';

/** `/history`'s work (commands/history.ts asks): the app's last commits, read where the working copy is. */
export async function history(app: string, limit: number, context: JobContext<ReadJob>): Promise<Message> {
  const { deps } = context;
  const files = appFiles(context.app());
  const commits = await deps.repo.read((tree) => tree.log({ paths: files, limit }));
  return historyMessage(context.t, app, deps.config.gitops.branch, commits);
}
