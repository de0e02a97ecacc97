import type { KnownBlock } from '@slack/types';
import type { Message } from '../chat.js';
import { shortSha, TRAILER, type CommitInfo } from '../domain/commits.js';
import type { ApplicationState } from '../domain/argocd.js';
import { escape } from './gitops.js';
import { resourceLines } from './reconcile.js';

export interface StatusView {
  readonly app: string;
  readonly application?: string;
  readonly state?: ApplicationState;
  readonly git: { readonly head: string; readonly last?: CommitInfo };
  /** Whether the revision Argo CD synced contains the app's last commit (undefined: unknown). */
  readonly containsLastChange?: boolean;
  readonly inFlight: boolean;
  /** Why Argo CD could not be asked. */
  readonly unavailable?: string;
}

const healthIcon: Record<string, string> = {
  Healthy: ':large_green_circle:',
  Progressing: ':large_blue_circle:',
  Degraded: ':red_circle:',
  Suspended: ':double_vertical_bar:',
  Missing: ':black_circle:',
  Unknown: ':white_circle:',
};

/** `/status`: where an app stands in Argo CD and in Git. */
export function statusMessage(view: StatusView): Message {
  const lines: string[] = [];
  const { state, git } = view;
  if (state && view.application) {
    lines.push(`*${view.app}* · Argo CD \`${view.application}\`${state.automated ? ' · auto-sync' : ''}`);
    const at = state.revision ? ` at \`${shortSha(state.revision)}\`` : '';
    let against = '';
    if (state.revision && git.head) {
      if (state.revision === git.head) against = ' — the Git head';
      else if (view.containsLastChange === true)
        against = ` — includes the app's last change (Git head \`${shortSha(git.head)}\` changed only other apps)`;
      else if (view.containsLastChange === false)
        against = ` — *behind*: the app's last change \`${shortSha(git.last?.sha ?? '')}\` is not in it (Git head \`${shortSha(git.head)}\`)`;
      else against = ` — Git head is \`${shortSha(git.head)}\``;
    }
    lines.push(`Sync: *${state.sync}*${at}${against}`);
    lines.push(
      `Health: ${healthIcon[state.health] ?? ''} *${state.health}*${state.healthMessage ? ` — ${escape(state.healthMessage)}` : ''}`,
    );
    const op = state.operation;
    if (state.operationPending)
      lines.push(
        `Operation: requested${state.pendingRevision ? ` (sync to \`${shortSha(state.pendingRevision)}\`)` : ''}, not finished yet`,
      );
    else if (op)
      lines.push(
        `Last operation: *${op.phase}*${op.revision ? ` at \`${shortSha(op.revision)}\`` : ''}${op.message ? ` — ${escape(op.message)}` : ''}`,
      );
    if (state.failedResources.length > 0) lines.push(resourceLines(state.failedResources));
  } else {
    lines.push(
      `*${view.app}* · ${view.unavailable ? escape(view.unavailable) : 'no Argo CD Application configured (apps.&lt;app&gt;.argocd in kanaria.yaml)'}`,
    );
    if (git.head) lines.push(`Git head: \`${shortSha(git.head)}\``);
  }
  if (git.last) {
    const who = git.last.trailers[TRAILER.slackUser]
      ? `<@${git.last.trailers[TRAILER.slackUser]}>`
      : escape(git.last.authorName);
    lines.push(`Last change: \`${shortSha(git.last.sha)}\` ${escape(git.last.subject)} (${who})`);
  }
  if (view.inFlight) lines.push(':hourglass_flowing_sand: A Kanaria change to this app is being reconciled.');
  const text = lines.join('\n');
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  return { text, blocks };
}
