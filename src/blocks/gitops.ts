import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import { isWebhookRequester } from '../domain/build-webhook.js';
import { reclaimPolicyNamespace } from '../domain/gpu-reclaim.js';
import { shortSha, TRAILER, type CommitInfo } from '../domain/commits.js';
import { clip, escape } from '../domain/quote.js';
import type { Words } from '../i18n/index.js';

// Slack escapes, and shortening text for a block (a section holds at most 3000 characters).
export { clip, escape };

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
export const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
/** A code block of mrkdwn within `max` characters: the text inside is cut, never the closing fence. */
export const codeBlock = (text: string, max = 2990): string => `\`\`\`\n${clip(text, max - 8)}\n\`\`\``;

/** Where a change stands, as its announcement says. */
export type ChangeStatus =
  | { readonly kind: 'committing'; readonly attempt: number }
  | { readonly kind: 'unchanged'; readonly summary: string }
  | { readonly kind: 'pushed'; readonly sha: string; readonly branch: string }
  | { readonly kind: 'retrying'; readonly reason: string; readonly attempt: number; readonly attempts: number }
  | { readonly kind: 'failed'; readonly reason: string }
  /** Inside a freeze, with `--when-open`: applied at `until` (unix ms), shown in `zone`. */
  | { readonly kind: 'waiting'; readonly windows: readonly string[]; readonly until: number; readonly zone: string }
  | { readonly kind: 'superseded'; readonly app: string }
  | { readonly kind: 'awaiting-approval' }
  /** Quorum approvals (policies.<env>.approvals): waiting for them, or ended without a commit. */
  | { readonly kind: 'awaiting-approvals'; readonly min: number }
  | { readonly kind: 'rejected'; readonly by: string; readonly reason: string }
  | { readonly kind: 'expired' };

const icon: Record<ChangeStatus['kind'], string> = {
  committing: ':hourglass_flowing_sand:',
  pushed: ':white_check_mark:',
  unchanged: ':ballot_box_with_check:',
  failed: ':x:',
  retrying: ':warning:',
  waiting: ':hourglass:',
  superseded: ':fast_forward:',
  'awaiting-approval': ':rotating_light:',
  'awaiting-approvals': ':raised_hand:',
  rejected: ':no_entry_sign:',
  expired: ':hourglass:',
};

function statusText(t: Words, status: ChangeStatus): string {
  switch (status.kind) {
    case 'committing':
      return status.attempt > 1
        ? t('blocks.gitops.status.requeued', { attempt: status.attempt })
        : t('blocks.gitops.status.committing');
    case 'pushed':
      return t('blocks.gitops.status.pushed', { sha: shortSha(status.sha), branch: status.branch });
    case 'waiting':
      return t('gate.status.waiting', {
        windows: status.windows,
        until: status.until,
        zone: status.zone,
        formatParams: { until: { timeZone: status.zone } },
      });
    case 'superseded':
      return t('gate.status.superseded', { app: status.app });
    case 'awaiting-approval':
      return t('gate.status.awaitingApproval');
    case 'awaiting-approvals':
      return t('approvals.status.awaiting', { count: status.min });
    case 'rejected':
      return t('approvals.status.rejected', { by: status.by, reason: escape(status.reason).replace(/\n/g, ' ') });
    case 'expired':
      return t('approvals.status.expired');
    default:
      return t(`blocks.gitops.status.${status.kind}`, status);
  }
}

/** The in-channel message of a change, updated in place as it moves. */
export function announcement(t: Words, who: string, description: string, status: ChangeStatus): Message {
  const asked = `${icon[status.kind]} ${
    isWebhookRequester({ id: who })
      ? t('webhook.asked', { description })
      : reclaimPolicyNamespace({ id: who }) !== undefined
        ? t('reclaim.policyAsked', { namespace: reclaimPolicyNamespace({ id: who }), description })
        : t('blocks.gitops.asked', { who, description })
  }`;
  const said = statusText(t, status);
  return { text: `${asked}: ${said}`, blocks: [section(asked), context(said)] };
}

export const ROLLBACK_ACTION = 'kanaria:rollback';

/** The thread reply once pushed, with a button to undo it. */
export function pushedMessage(
  t: Words,
  app: string,
  branch: string,
  sha: string,
  change: string,
  canRollBack: boolean,
): Message {
  const text = t('blocks.gitops.pushed', { sha: shortSha(sha), branch, change });
  const blocks: KnownBlock[] = [section(`:white_check_mark: ${text}`)];
  if (canRollBack) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ROLLBACK_ACTION,
          text: { type: 'plain_text', text: t('blocks.gitops.rollBack.button') },
          style: 'danger',
          value: JSON.stringify({ app, commit: sha }),
          confirm: {
            title: { type: 'plain_text', text: t('blocks.gitops.rollBack.title', { app }) },
            text: { type: 'mrkdwn', text: t('blocks.gitops.rollBack.text', { sha: shortSha(sha), branch }) },
            confirm: { type: 'plain_text', text: t('blocks.gitops.rollBack.button') },
            deny: { type: 'plain_text', text: t('common.cancel') },
          },
        },
      ],
    });
  }
  return { text, blocks };
}

/** A failure in the change's thread: its words come from whoever explained the error. */
export const failedMessage = (reason: string, hint?: string): Message => ({
  text: `:x: ${reason}${hint ? `\n${hint}` : ''}`,
});

export function dryRunMessage(t: Words, description: string, diff: string): Message {
  // From the first `--- a/…` line: git's `diff --git`/`index` header says nothing to a person.
  const patch = diff.slice(Math.max(0, diff.indexOf('\n--- ') + 1)).trimEnd();
  const shown = patch.length > 2800 ? `${patch.slice(0, 2800)}\n${t('blocks.gitops.dryRun.truncated')}` : patch;
  const body = patch === '' ? t('blocks.gitops.dryRun.unchanged') : `\`\`\`\n${escape(shown)}\n\`\`\``;
  return { text: `${t('blocks.gitops.dryRun.title', { description })}\n${body}` };
}

export function historyMessage(t: Words, app: string, branch: string, commits: readonly CommitInfo[]): Message {
  if (commits.length === 0) return { text: t('blocks.gitops.history.none', { app, branch }) };
  const lines = commits.map((c) => {
    const who = c.trailers[TRAILER.slackUser] ? `<@${c.trailers[TRAILER.slackUser]}>` : escape(c.authorName);
    // Slack writes the date in each reader's own language and time zone.
    const when = `<!date^${Math.floor(Date.parse(c.date) / 1000)}^{date_short_pretty} {time}|${c.date}>`;
    return `\`${shortSha(c.sha)}\` ${when} ${who}: ${escape(c.subject)}`;
  });
  const text = `${t('blocks.gitops.history.title', { app, branch })}\n${lines.join('\n')}`;
  return { text, blocks: [section(text)] };
}
