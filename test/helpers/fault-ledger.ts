import type { FakeSlack, RecordedCall } from './fake-slack.js';
import type { GitRemote } from './git-remote.js';
import { isQueued, type Ack, type FaultRequest } from './fault-harness.js';

/*
 * What became of each acked request, read only from what people can see: the remote's history (commits carry
 * a `Kanaria-Request: <trigger_id>` trailer) and the Slack calls Kanaria made (each request comes from a channel
 * of its own, so its announcement, updates and thread are the calls to that channel).
 */

export type FinalState = 'pushed' | 'failed' | 'unchanged' | 'pending' | 'none';

export interface Fate {
  readonly ack: Ack;
  /** Remote commits carrying this request's id. */
  readonly commits: readonly string[];
  /** Top-level messages in the channel announcing this request. */
  readonly announcements: number;
  /** The state the announcement shows last (its final chat.update, or the post itself). */
  readonly final: FinalState;
  readonly finalText: string;
  /** Every text the announcement showed, in order (the post, then each update). */
  readonly shown: readonly string[];
  /** The short sha a "pushed" announcement names. */
  readonly pushedSha?: string;
  /** Replies in the announcement's thread. */
  readonly replies: readonly string[];
}

const text = (call: RecordedCall): string => String(call.body['text'] ?? '');

/** The state an announcement's text shows (icons and wording of src/blocks/gitops.ts' `announcement`). */
export function stateOf(message: string): FinalState {
  if (message.startsWith(':white_check_mark:') && /: pushed `[0-9a-f]{7,}`/.test(message)) return 'pushed';
  if (message.startsWith(':x:')) return 'failed';
  if (message.startsWith(':ballot_box_with_check:')) return 'unchanged';
  return 'pending';
}

/** Commits on the remote's main by request id. */
export function commitsByRequest(remote: GitRemote): Map<string, string[]> {
  const byRequest = new Map<string, string[]>();
  for (const commit of remote.log()) {
    const id = /^Kanaria-Request: (.+)$/m.exec(commit.body)?.[1]?.trim();
    if (id) byRequest.set(id, [...(byRequest.get(id) ?? []), commit.sha]);
  }
  return byRequest;
}

export const describeDeploy = (request: FaultRequest): string =>
  `asked to deploy \`${request.app}\` → \`${request.image}\``;

export function fateOf(ack: Ack, slack: FakeSlack, commits: Map<string, string[]>): Fate {
  const { request } = ack;
  const inChannel = slack.calls.filter((c) => c.body['channel'] === request.channel);
  const posts = inChannel.filter(
    (c) =>
      c.method === 'chat.postMessage' && c.body['thread_ts'] === undefined && text(c).includes(describeDeploy(request)),
  );
  const stamps = new Set(posts.map((c) => String(c.response?.['ts'])));
  const shown = inChannel.filter(
    (c) => posts.includes(c) || (c.method === 'chat.update' && stamps.has(String(c.body['ts']))),
  );
  const finalText = shown.length > 0 ? text(shown[shown.length - 1] as RecordedCall) : '';
  const replies = inChannel
    .filter((c) => c.method === 'chat.postMessage' && stamps.has(String(c.body['thread_ts'])))
    .map(text);
  const pushedSha = /: pushed `([0-9a-f]{7,})`/.exec(finalText)?.[1];
  return {
    ack,
    commits: commits.get(request.id) ?? [],
    announcements: posts.length,
    final: shown.length === 0 ? 'none' : stateOf(finalText),
    finalText,
    shown: shown.map(text),
    ...(pushedSha && { pushedSha }),
    replies,
  };
}

export const fatesOf = (acks: readonly Ack[], slack: FakeSlack, remote: GitRemote): Fate[] => {
  const commits = commitsByRequest(remote);
  return acks.map((ack) => fateOf(ack, slack, commits));
};

/** Acked, yet neither committed nor answered with a failure: the user was told "Queued" and then nothing. */
export const isLost = (f: Fate): boolean => isQueued(f.ack) && f.commits.length === 0 && f.final !== 'failed';
/** Committed more than once. */
export const isDoubled = (f: Fate): boolean => f.commits.length > 1;
/** Committed, but the announcement does not say pushed (or names another commit). */
export const isSilent = (f: Fate): boolean =>
  f.commits.length > 0 &&
  (f.final !== 'pushed' || !f.commits.some((sha) => f.pushedSha !== undefined && sha.startsWith(f.pushedSha)));
/** Still showing "committing…", or never announced. */
export const isUnfinished = (f: Fate): boolean => isQueued(f.ack) && (f.final === 'pending' || f.final === 'none');

export interface Tally {
  readonly acked: number;
  readonly lost: number;
  readonly doubled: number;
  readonly silent: number;
  readonly unfinished: number;
  /** How many requests got 0, 1, 2… announcements. */
  readonly announcements: Record<number, number>;
  readonly finals: Partial<Record<FinalState, number>>;
  /** Requests with a thread reply posted twice (the same text). */
  readonly repeatedReplies: number;
}

export function tally(fates: readonly Fate[]): Tally {
  const acked = fates.filter((f) => isQueued(f.ack));
  const count = <K extends string | number>(keys: K[]) =>
    keys.reduce<Partial<Record<K, number>>>((all, k) => ({ ...all, [k]: (all[k] ?? 0) + 1 }), {});
  return {
    acked: acked.length,
    lost: acked.filter(isLost).length,
    doubled: acked.filter(isDoubled).length,
    silent: acked.filter(isSilent).length,
    unfinished: acked.filter(isUnfinished).length,
    announcements: count(acked.map((f) => f.announcements)) as Record<number, number>,
    finals: count(acked.map((f) => f.final)),
    repeatedReplies: acked.filter((f) => new Set(f.replies).size < f.replies.length).length,
  };
}

/** Everything about one request, for a failure message: its ack, its commits, and every Slack call it caused. */
export function explain(fate: Fate, slack: FakeSlack): string {
  const { request } = fate.ack;
  const calls = slack.calls
    .filter((c) => c.body['channel'] === request.channel || c.method === `response_url:${request.id}`)
    .map(
      (c) =>
        `    ${c.method}${c.body['thread_ts'] ? ' (thread)' : ''}${c.body['ts'] ? ` ts=${String(c.body['ts'])}` : ''}: ${text(c).slice(0, 200)}`,
    );
  return [
    `request ${request.id} (${request.app} → ${request.image}, ${request.channel}): ack ${fate.ack.status} "${fate.ack.text.slice(0, 120)}"`,
    `  commits: ${fate.commits.join(', ') || 'none'}; announcements: ${fate.announcements}; final: ${fate.final}`,
    `  Slack calls:`,
    ...calls,
  ].join('\n');
}

/** The failure message of a scenario: the figures, each failing request, the remote's log and Kanaria's output. */
export function report(
  title: string,
  fates: readonly Fate[],
  bad: (f: Fate) => boolean,
  slack: FakeSlack,
  remote: GitRemote,
  outputs: string,
): string {
  const failing = fates.filter(bad);
  const log = remote
    .log()
    .map(
      (c) => `  ${c.sha.slice(0, 7)} ${c.author}: ${c.subject} ${/^Kanaria-Request: (.+)$/m.exec(c.body)?.[1] ?? ''}`,
    );
  return [
    `${title}: ${failing.length} of ${fates.length} requests`,
    ...failing.slice(0, 8).map((f) => explain(f, slack)),
    failing.length > 8 ? `… and ${failing.length - 8} more` : '',
    `remote log (newest first):`,
    ...log.slice(0, 80),
    `Kanaria's output:`,
    outputs,
  ].join('\n');
}

/** One line of figures per scenario step, in the test output (the issue's closing note quotes them). */
export function printFigures(title: string, figures: Tally, extra: Record<string, unknown> = {}): void {
  const { acked, lost, doubled, silent, unfinished, announcements, finals, repeatedReplies } = figures;
  console.log(
    `[fault] ${title}: ${JSON.stringify({ acked, lost, doubled, silent, unfinished, announcements, finals, repeatedReplies, ...extra })}`,
  );
}

/** When each request's commit first showed on the remote (polled), to time a recovery without asserting on it. */
export function clockCommits(
  remote: GitRemote,
  everyMs = 50,
): { readonly seen: ReadonlyMap<string, number>; stop(): void } {
  const seen = new Map<string, number>();
  const look = () => {
    for (const id of commitsByRequest(remote).keys()) if (!seen.has(id)) seen.set(id, Date.now());
  };
  look();
  const timer = setInterval(look, everyMs);
  return { seen, stop: () => clearInterval(timer) };
}
