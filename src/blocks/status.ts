import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import { shortSha, TRAILER, type CommitInfo } from '../domain/commits.js';
import type { ApplicationState } from '../domain/argocd.js';
import { lockFacts, type Lock } from '../domain/locks.js';
import type { Words } from '../i18n/index.js';
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
  /** One line per SLO of the app (src/blocks/slo.ts sloStatusLine). */
  readonly slos?: readonly string[];
  /** Who holds the app (`/lock`), when someone does. */
  readonly lock?: Lock;
}

const healthIcon: Record<string, string> = {
  Healthy: ':large_green_circle:',
  Progressing: ':large_blue_circle:',
  Degraded: ':red_circle:',
  Suspended: ':double_vertical_bar:',
  Missing: ':black_circle:',
  Unknown: ':white_circle:',
};

/** How the revision Argo CD synced compares with the Git head, when both are known. */
function against(t: Words, view: StatusView, revision: string): string | undefined {
  const { head, last } = view.git;
  if (!head) return undefined;
  if (revision === head) return t('blocks.status.against.head');
  if (view.containsLastChange === true) return t('blocks.status.against.includes', { head: shortSha(head) });
  if (view.containsLastChange === false)
    return t('blocks.status.against.behind', { last: shortSha(last?.sha ?? ''), head: shortSha(head) });
  return t('blocks.status.against.unknown', { head: shortSha(head) });
}

/** `/status`: where an app stands in Argo CD and in Git. */
export function statusMessage(t: Words, view: StatusView): Message {
  const lines: string[] = [];
  const { state, git } = view;
  if (state && view.application) {
    const autoSync = state.automated ? ` · ${t('blocks.status.autoSync')}` : '';
    lines.push(`*${view.app}* · Argo CD \`${view.application}\`${autoSync}`);
    const sync = state.revision
      ? t('blocks.status.syncAt', { status: state.sync, sha: shortSha(state.revision) })
      : t('blocks.status.sync', { status: state.sync });
    const compared = state.revision ? against(t, view, state.revision) : undefined;
    lines.push(compared ? `${sync} — ${compared}` : sync);
    lines.push(
      `${t('blocks.status.health')} ${healthIcon[state.health] ?? ''} *${state.health}*${state.healthMessage ? ` — ${escape(state.healthMessage)}` : ''}`,
    );
    const op = state.operation;
    if (state.operationPending)
      lines.push(
        state.pendingRevision
          ? t('blocks.status.operationPendingTo', { sha: shortSha(state.pendingRevision) })
          : t('blocks.status.operationPending'),
      );
    else if (op) {
      const last = op.revision
        ? t('blocks.status.lastOperationAt', { phase: op.phase, sha: shortSha(op.revision) })
        : t('blocks.status.lastOperation', { phase: op.phase });
      lines.push(`${last}${op.message ? ` — ${escape(op.message)}` : ''}`);
    }
    if (state.failedResources.length > 0) lines.push(resourceLines(t, state.failedResources));
  } else {
    lines.push(`*${view.app}* · ${view.unavailable ? escape(view.unavailable) : t('blocks.status.notConfigured')}`);
    if (git.head) lines.push(t('blocks.status.gitHead', { sha: shortSha(git.head) }));
  }
  if (git.last) {
    const who = git.last.trailers[TRAILER.slackUser]
      ? `<@${git.last.trailers[TRAILER.slackUser]}>`
      : escape(git.last.authorName);
    lines.push(t('blocks.status.lastChange', { sha: shortSha(git.last.sha), subject: escape(git.last.subject), who }));
  }
  lines.push(...(view.slos ?? []));
  if (view.lock) lines.push(t('locks.status', lockFacts(view.lock)));
  if (view.inFlight) lines.push(`:hourglass_flowing_sand: ${t('blocks.status.inFlight')}`);
  const text = lines.join('\n');
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  return { text, blocks };
}
