import { createHash } from 'node:crypto';
import { CodedRefusal } from './errors.js';

/**
 * What identifies one delivery from Slack (a slash command or a button press): who sent it, from where, and
 * the key that makes its job run once however often the same request arrives.
 */

/** User ids: U…, or W… in Enterprise Grid. */
const USER_ID = /^[UW][A-Z0-9]{2,31}$/;
/** Channel ids: C… public, G… private, D… a direct message. */
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,31}$/;
/** Slack's trigger ids are digits, dots and hex; anything else is not used as a key (it ends up in commit trailers). */
const TRIGGER_ID = /^[\w.-]{1,128}$/;
const MESSAGE_TS = /^\d{1,12}\.\d{1,8}$/;

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** A delivery without what every Slack request carries: who sent it (`noUser`) or where from (`noChannel`). */
export class BadDelivery extends CodedRefusal {
  override readonly name = 'BadDelivery';
  constructor(readonly missing: 'noUser' | 'noChannel') {
    super('bad-request', `refusals.${missing}`);
  }
}

export interface Caller {
  readonly userId: string;
  readonly channel: string;
}

/**
 * Who asked, and where. Without a user Kanaria cannot check a policy or author a commit; without a channel it has
 * nowhere to announce: such a request is refused before anything is queued.
 */
export function callerOf(userId: unknown, channel: unknown): Caller {
  if (typeof userId !== 'string' || !USER_ID.test(userId)) {
    throw new BadDelivery('noUser');
  }
  if (typeof channel !== 'string' || !CHANNEL_ID.test(channel)) {
    throw new BadDelivery('noChannel');
  }
  return { userId, channel };
}

/**
 * The idempotency key of one slash command: Slack's trigger id; without one, its response URL, which Slack makes
 * unique per invocation (hashed: the URL can post to the channel); without either, a fresh id. The same body
 * delivered again maps to the same key; two invocations never share one.
 */
export function commandRequestId(
  fields: { readonly triggerId?: unknown; readonly responseUrl?: unknown },
  freshId: () => string,
): string {
  if (typeof fields.triggerId === 'string' && TRIGGER_ID.test(fields.triggerId)) return fields.triggerId;
  if (typeof fields.responseUrl === 'string' && fields.responseUrl !== '') return `url-${digest(fields.responseUrl)}`;
  return `new-${freshId()}`;
}

/**
 * The key of a button press: one per button on one message, so a double click, or two people pressing at once,
 * enqueues once. A press whose message has no timestamp is keyed by what the button carries instead (its app and
 * commit, or its rollout position), which names the same thing.
 */
export function actionRequestId(press: {
  readonly actionId: string;
  readonly channel: string;
  readonly messageTs: string | undefined;
  readonly value: string;
}): string {
  const { actionId, channel, messageTs, value } = press;
  return messageTs !== undefined
    ? `${actionId}-${channel}-${messageTs}`
    : `${actionId}-${channel}-value-${digest(value)}`;
}

/** A message timestamp as Slack writes them (`1712345678.000100`), else undefined. */
export const messageTsOf = (...candidates: unknown[]): string | undefined =>
  candidates.find((ts): ts is string => typeof ts === 'string' && MESSAGE_TS.test(ts));
