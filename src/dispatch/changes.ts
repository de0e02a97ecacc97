import type { Message, Person } from '../chat.js';
import type { Deps } from '../boot/deps.js';
import { enqueueChange, type Change } from '../queues/gitops.js';
import { enqueueRead } from '../queues/reads.js';
import type { CommandRequest } from './command.js';

/**
 * Enqueues a change (or, with --dry-run, a read that shows its diff) and words the acknowledgement; `summary`
 * is the change's one line ("deploy `web` → `nginx:1.27.0`").
 */
export async function enqueueChangeOrDryRun(
  deps: Deps,
  request: CommandRequest,
  change: Change,
  requester: Person,
  dryRun: boolean,
  summary: string,
): Promise<Message> {
  const { duplicate } = dryRun
    ? await enqueueRead(deps.queues.reads, request, { kind: 'dry-run', change }, requester)
    : await enqueueChange(deps.queues.gitops, request, change, requester);
  if (duplicate) return alreadyReceived(summary);
  return {
    text: dryRun ? `Dry run of ${summary}: the diff follows here; nothing will be committed.` : `Queued: ${summary}.`,
  };
}

/** The answer to a redelivered request: the job it enqueued the first time goes on. */
export const alreadyReceived = (summary: string): Message => ({
  text: `This request was already received; Kanaria is handling it (${summary}).`,
});
