import type { KnownBlock } from '@slack/types';
import type { Message } from '../chat.js';
import { shortSha, TRAILER, type CommitInfo } from '../domain/commits.js';
import { clip, escape } from '../domain/quote.js';

// Slack escapes, and shortening text for a block (a section holds at most 3000 characters).
export { clip, escape };

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
export const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
/** A code block of mrkdwn within `max` characters: the text inside is cut, never the closing fence. */
export const codeBlock = (text: string, max = 2990): string => `\`\`\`\n${clip(text, max - 8)}\n\`\`\``;

export type ChangeState = 'queued' | 'pushed' | 'unchanged' | 'failed' | 'retrying';
const icon: Record<ChangeState, string> = {
  queued: ':hourglass_flowing_sand:',
  pushed: ':white_check_mark:',
  unchanged: ':ballot_box_with_check:',
  failed: ':x:',
  retrying: ':warning:',
};

/** The in-channel message of a change, updated in place as it moves. */
export function announcement(who: string, description: string, state: ChangeState, status: string): Message {
  const text = `${icon[state]} <@${who}> asked to ${description}: ${status}`;
  return { text, blocks: [section(`${icon[state]} <@${who}> asked to ${description}`), context(status)] };
}

export const ROLLBACK_ACTION = 'kanaria:rollback';

/** The thread reply once pushed, with a button to undo it. */
export function pushedMessage(app: string, branch: string, sha: string, change: string, canRollBack: boolean): Message {
  const text = `Pushed \`${shortSha(sha)}\` to \`${branch}\`: ${change}`;
  const blocks: KnownBlock[] = [section(`:white_check_mark: ${text}`)];
  if (canRollBack) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ROLLBACK_ACTION,
          text: { type: 'plain_text', text: 'Roll back' },
          style: 'danger',
          value: JSON.stringify({ app, commit: sha }),
          confirm: {
            title: { type: 'plain_text', text: `Roll back ${app}?` },
            text: { type: 'mrkdwn', text: `This commits a \`git revert\` of \`${shortSha(sha)}\` to \`${branch}\`.` },
            confirm: { type: 'plain_text', text: 'Roll back' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
      ],
    });
  }
  return { text, blocks };
}

export const failedMessage = (reason: string, hint?: string): Message => ({
  text: `:x: ${reason}${hint ? `\n${hint}` : ''}`,
});

export function dryRunMessage(description: string, diff: string): Message {
  // From the first `--- a/…` line: git's `diff --git`/`index` header says nothing to a person.
  const patch = diff.slice(Math.max(0, diff.indexOf('\n--- ') + 1)).trimEnd();
  const shown = patch.length > 2800 ? `${patch.slice(0, 2800)}\n… (diff truncated)` : patch;
  const body =
    patch === '' ? 'Nothing would change: the repo already is as asked.' : `\`\`\`\n${escape(shown)}\n\`\`\``;
  return { text: `Dry run, nothing committed: ${description}\n${body}` };
}

export function historyMessage(app: string, branch: string, commits: readonly CommitInfo[]): Message {
  if (commits.length === 0) return { text: `No commits touch \`${app}\` on \`${branch}\`.` };
  const lines = commits.map((c) => {
    const who = c.trailers[TRAILER.slackUser] ? `<@${c.trailers[TRAILER.slackUser]}>` : escape(c.authorName);
    const when = `<!date^${Math.floor(Date.parse(c.date) / 1000)}^{date_short_pretty} {time}|${c.date}>`;
    return `\`${shortSha(c.sha)}\` ${when} ${who}: ${escape(c.subject)}`;
  });
  const text = `Recent commits of \`${app}\` on \`${branch}\`:\n${lines.join('\n')}`;
  return { text, blocks: [section(text)] };
}
