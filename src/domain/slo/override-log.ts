import { TRAILER, type CommitInfo } from '../commits.js';

/** One break-glass change as Git records it (issue 14 item 4): the commit and its override trailers. */
export interface OverrideRecord {
  readonly sha: string;
  /** ISO 8601 author date. */
  readonly date: string;
  readonly subject: string;
  /** Who asked: the Slack user id of the Slack-User trailer. */
  readonly requester?: string;
  /** Who approved: the Approved-by trailer as written. */
  readonly approvedBy?: string;
  readonly reason: string;
}

/** The overrides among `commits` (newest first, as git log gives them), at most `limit`. */
export function overridesOf(commits: readonly CommitInfo[], limit: number): OverrideRecord[] {
  return commits
    .filter((c) => c.trailers[TRAILER.overrideReason])
    .slice(0, limit)
    .map((c) => {
      const requester = c.trailers[TRAILER.slackUser];
      const approvedBy = c.trailers[TRAILER.approvedBy];
      return {
        sha: c.sha,
        date: c.date,
        subject: c.subject,
        reason: c.trailers[TRAILER.overrideReason] ?? '',
        ...(requester !== undefined && { requester }),
        ...(approvedBy !== undefined && { approvedBy }),
      };
    });
}
