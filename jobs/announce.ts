import type { Job } from 'bullmq';
import type { Message, Posted } from '../src/domain/chat.js';
import type { JobDeps } from '../src/boot/deps.js';
import { quietly as quietlyFor } from './quietly.js';

/** What a job records of its announcement, so that every attempt and every restart speaks in one message. */
export interface Announced {
  readonly channel: string;
  readonly requestId: string;
  /** The in-channel message, once posted. */
  readonly announcement?: Posted;
  /** Unix seconds just before an attempt first posted it: it may be in the channel though not recorded here. */
  readonly announcing?: number;
  /** Thread replies already posted (by kind), so a resumed job does not post them again. */
  readonly replied?: readonly string[];
}

/**
 * The request's one in-channel message and its thread. Posting and recording what was posted are two steps a
 * crash can fall between; the message is tagged with the request id, and an attempt that finds the
 * `announcing` mark without a recorded message looks for it in the channel before posting another.
 */
export function announcer<T extends Announced>(deps: JobDeps, job: Job<T>) {
  const quietly = quietlyFor(deps);
  const tag = `request:${job.data.requestId}`;
  const record = (data: Partial<Announced>) => job.updateData({ ...job.data, ...data });

  async function find(): Promise<Posted | undefined> {
    const since = job.data.announcing;
    if (since === undefined) return undefined;
    const found = await quietly('conversations.history', () => deps.chat.findTagged(job.data.channel, tag, since));
    if (found) await record({ announcement: found });
    return found;
  }

  return {
    /**
     * Posts the announcement, or updates it in place once it exists: the message now showing `message`, or
     * undefined when Slack did not take it. Never throws for Slack's sake.
     */
    async say(message: Message): Promise<Posted | undefined> {
      const posted = job.data.announcement ?? (await find());
      if (posted) {
        return quietly('chat.update', async () => {
          await deps.chat.update(posted.channel, posted.ts, message);
          return posted;
        });
      }
      // The first mark stays: a post of an earlier attempt may have landed though no read has found it yet.
      await record({ announcing: job.data.announcing ?? Math.floor(Date.now() / 1000) - 1 });
      const fresh = await quietly('chat.postMessage', () => deps.chat.postTagged(job.data.channel, message, tag));
      if (fresh) await record({ announcement: fresh });
      return fresh;
    },
    /** A reply in the announcement's thread (or privately when there is none), posted once per `kind`. */
    async reply(kind: string, message: Message, whisper: (message: Message) => Promise<void>): Promise<void> {
      if (job.data.replied?.includes(kind)) return;
      const posted = job.data.announcement;
      if (posted) await quietly('chat.postMessage', () => deps.chat.post(posted.channel, message, posted.ts));
      else await whisper(message);
      await record({ replied: [...(job.data.replied ?? []), kind] });
    },
  };
}
