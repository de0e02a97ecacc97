import type { KnownBlock } from '@slack/types';

/** What Kanaria says: Slack's fallback text plus optional Block Kit blocks. */
export interface Message {
  readonly text: string;
  readonly blocks?: readonly KnownBlock[];
}

/** Where a private reply goes: the response URL of the request when there is one, else an ephemeral message. */
export interface ReplyTarget {
  readonly channel: string;
  readonly user: string;
  readonly responseUrl?: string;
}

export interface Posted {
  readonly channel: string;
  readonly ts: string;
  readonly permalink?: string;
}

/** The chat surface Kanaria needs; Slack's Web API and the terminal implement it. */
export interface Chat {
  post(channel: string, message: Message, threadTs?: string): Promise<Posted>;
  /**
   * Posts a top-level message tagged with `key` (Slack's message metadata), so that `findTagged` can find it
   * again: a job that crashed between posting and recording what it posted must not post twice.
   */
  postTagged(channel: string, message: Message, key: string): Promise<Posted>;
  /** The top-level message tagged with `key` in the channel, posted at or after `since` (Unix seconds), if any. */
  findTagged(channel: string, key: string, since: number): Promise<Posted | undefined>;
  update(channel: string, ts: string, message: Message): Promise<void>;
  /** A message only the requester sees. */
  whisper(target: ReplyTarget, message: Message): Promise<void>;
  /** Shares a file (e.g. a PNG chart) in a channel, or in a thread of it. */
  upload(channel: string, file: Upload, threadTs?: string): Promise<void>;
}

/** A file to share: `filename` gives Slack its type (`chart.png`), `title` is what people see. */
export interface Upload {
  readonly filename: string;
  readonly title: string;
  readonly data: Buffer;
}

/** A Slack user as policies and commit authors need them. */
export interface Person {
  readonly id: string;
  readonly name?: string;
  readonly email?: string;
  /** Their language as Slack gives it (a BCP 47 tag such as `ja-JP`); private replies follow it (src/i18n). */
  readonly locale?: string;
  /** User groups (ids) the person belongs to, among those the policies name. */
  readonly groups: readonly string[];
}

export interface Directory {
  identify(userId: string): Promise<Person>;
  /** The Slack user with this e-mail, if the directory can tell (an owner written as an e-mail). */
  findByEmail?(email: string): Promise<string | undefined>;
}
