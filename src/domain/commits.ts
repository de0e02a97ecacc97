/** Commit messages Kanaria writes and reads: trailers make each change traceable to its Slack request. */

export const TRAILER = {
  slackUser: 'Slack-User',
  slackRequest: 'Slack-Request',
  app: 'Kanaria-App',
  request: 'Kanaria-Request',
  reverts: 'Kanaria-Reverts',
  /** A promotion: the stage it was copied from and that stage's last commit (`staging 1a2b3c…`). */
  promotedFrom: 'Promoted-From',
  /** A break-glass change: why it went ahead despite the error budget or a freeze, and who approved it. */
  overrideReason: 'Override-Reason',
  approvedBy: 'Approved-by',
  /** A change no person asked for: the policy that made it (`gpu.reclaim/<namespace>`). */
  policy: 'Kanaria-Policy',
} as const;

export interface CommitInfo {
  readonly sha: string;
  readonly authorName: string;
  readonly authorEmail: string;
  /** ISO 8601 author date. */
  readonly date: string;
  readonly subject: string;
  readonly trailers: Readonly<Record<string, string>>;
  /** The sha named by "This reverts commit <sha>." or a Kanaria-Reverts trailer. */
  readonly reverts?: string;
}

/** Trailers are `Key: value` lines in the message's last paragraph (git interpret-trailers' rule, simplified). */
export function parseTrailers(message: string): Record<string, string> {
  const paragraphs = message.trim().split(/\n\s*\n/);
  const last = paragraphs.length > 1 ? (paragraphs.at(-1) ?? '') : '';
  const trailers: Record<string, string> = {};
  for (const line of last.split('\n')) {
    const match = /^([A-Za-z0-9-]+):\s*(.+)$/.exec(line.trim());
    if (match?.[1] && match[2]) trailers[match[1]] = match[2].trim();
  }
  return trailers;
}

export function revertedSha(message: string, trailers: Readonly<Record<string, string>>): string | undefined {
  return trailers[TRAILER.reverts] ?? /This reverts commit ([0-9a-f]{7,40})/.exec(message)?.[1];
}

export interface CommitMessage {
  readonly subject: string;
  readonly body?: string;
  /** One line per value: a key given a list repeats (one `Approved-by:` per approver). */
  readonly trailers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** Renders subject, body and trailers; trailer values are kept on one line, empty ones left out. */
export function renderCommitMessage({ subject, body, trailers }: CommitMessage): string {
  const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();
  const trailerLines = Object.entries(trailers).flatMap(([k, v]) =>
    (typeof v === 'string' ? [v] : (v ?? [])).filter((one) => one !== '').map((one) => `${k}: ${oneLine(one)}`),
  );
  return [oneLine(subject), body?.trim(), trailerLines.join('\n')].filter((part) => part).join('\n\n') + '\n';
}

/**
 * The change `/rollback <app>` undoes: the newest Kanaria change of the app that is neither a revert nor
 * already reverted, so repeated rollbacks walk back one change at a time.
 * `history` is newest first.
 */
export function lastRevertible(history: readonly CommitInfo[], app: string): CommitInfo | undefined {
  const reverted = new Set(history.flatMap((c) => (c.reverts ? [c.reverts] : [])));
  const isReverted = (sha: string): boolean => [...reverted].some((r) => sha.startsWith(r));
  return history.find((c) => c.trailers[TRAILER.app] === app && c.reverts === undefined && !isReverted(c.sha));
}

export const shortSha = (sha: string): string => sha.slice(0, 7);
