import type { Message, Person } from '../domain/chat.js';
import { describeChange } from '../blocks/changes.js';
import type { Words } from '../i18n/index.js';
import { enqueueChange, type Change } from '../queues/gitops.js';
import { enqueueRead } from '../queues/reads.js';
import type { CommandContext } from './command.js';
import { checkChangeLock, passingLine } from './locks.js';

/** Enqueues a change (or, with --dry-run, a read that shows its diff) and words the acknowledgement. */
export async function enqueueChangeOrDryRun(
  { deps, request, flags, options, t }: CommandContext,
  change: Change,
  requester: Person,
): Promise<Message> {
  const dryRun = flags.has('dry-run');
  // A dry run changes nothing: it may look while someone holds the app.
  const passing = dryRun ? undefined : await checkChangeLock(deps, change, requester);
  const { duplicate } = dryRun
    ? await enqueueRead(deps.queues.reads, request, { kind: 'dry-run', change }, requester)
    : await enqueueChange(deps.queues.gitops, request, change, requester, {
        ...(options.has('override') && { override: options.get('override') }),
        ...(flags.has('when-open') && { whenOpen: true }),
      });
  const summary = describeChange(t, change);
  if (duplicate) return alreadyReceived(t, summary);
  const queued = t(dryRun ? 'dispatch.dryRun' : 'dispatch.queued', { summary });
  return { text: passing ? `${queued}\n${passingLine(t, passing)}` : queued };
}

/** The answer to a redelivered request: the job it enqueued the first time goes on. */
export const alreadyReceived = (t: Words, summary: string): Message => ({
  text: t('dispatch.alreadyReceived', { summary }),
});
