import { describeChange } from '../src/blocks/changes.js';
import { dryRunMessage } from '../src/blocks/gitops.js';
import type { Message } from '../src/domain/chat.js';
import type { Change } from '../src/queues/gitops.js';
import type { ReadJob } from '../src/queues/reads.js';
import { bindChange } from './changes.js';
import type { JobContext } from './run-job.js';

/** `--dry-run`'s work: the change's own operation on a scratch tree, shown as a diff; nothing is committed. */
export async function dryRun(change: Change, context: JobContext<ReadJob>): Promise<Message> {
  const { deps } = context;
  const bound = bindChange(change);
  const operation = bound.operation(context.data, deps);
  const diff = await deps.repo.read(async (tree) => {
    await operation.apply(tree);
    return tree.diff();
  });
  return dryRunMessage(context.t, describeChange(context.t, change), diff);
}
