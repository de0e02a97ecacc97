import type { KnownBlock } from '@slack/types';
import type { Message } from '../chat.js';
import { shortSha } from '../domain/commits.js';
import type { ApplicationState, FailedResource, Verdict } from '../domain/argocd.js';
import type { NotifyJob } from '../reconcile.js';
import { clip, context, escape, section } from './gitops.js';

/** The steps a change goes through on its way to the cluster, in order. */
const STEPS = ['committed', 'refresh requested', 'syncing', 'synced', 'healthy'] as const;

export type Ending =
  | { readonly kind: 'healthy' }
  | {
      readonly kind: 'degraded' | 'missing' | 'failed';
      readonly message?: string;
      readonly resources: readonly FailedResource[];
    }
  | { readonly kind: 'timeout'; readonly afterSeconds: number }
  | { readonly kind: 'superseded'; readonly by: string }
  | { readonly kind: 'error'; readonly message: string; readonly hint?: string }
  | { readonly kind: 'retrying'; readonly message: string; readonly attempt: number; readonly attempts: number };

export interface ReconcileView {
  readonly app: string;
  /** namespace/name of the Argo CD Application. */
  readonly application: string;
  /** Empty when the job stopped before it knew which commit to take (e.g. /sync without cluster access). */
  readonly revision: string;
  /** How many of STEPS are done. */
  readonly reached: number;
  /** Argo CD syncs by itself (automated policy): Kanaria only refreshed. */
  readonly automated: boolean;
  readonly state?: ApplicationState;
  readonly ending?: Ending;
}

/** Steps done according to what Argo CD reports (never fewer than already shown). */
export function stepsReached(verdict: Verdict, shown: number): number {
  // Degraded or Missing: synced, but not healthy. A failed operation: the sync itself failed.
  const reached = verdict.done
    ? { healthy: 5, degraded: 4, missing: 4, failed: 2 }[verdict.outcome]
    : { refreshing: 2, syncing: 3, progressing: 4 }[verdict.stage];
  return Math.max(shown, reached);
}

const headline: Record<Ending['kind'], string> = {
  healthy: ':white_check_mark: live and Healthy',
  degraded: ':x: Degraded',
  missing: ':x: resources Missing',
  failed: ':x: sync failed',
  timeout: ':hourglass: timed out',
  superseded: ':fast_forward: superseded',
  error: ':x: could not reconcile',
  retrying: ':warning: retrying',
};

const MAX_RESOURCES = 10;

export function resourceLines(resources: readonly FailedResource[]): string {
  const lines = resources
    .slice(0, MAX_RESOURCES)
    .map(
      (r) =>
        `• \`${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}\`${r.message ? `: ${escape(clip(r.message, 200))}` : ''}`,
    );
  if (resources.length > MAX_RESOURCES) lines.push(`… and ${resources.length - MAX_RESOURCES} more`);
  return lines.join('\n');
}

/** The one progress message of a reconcile, updated in place: commit → refresh → syncing → synced → healthy. */
export function reconcileMessage(view: ReconcileView): Message {
  const failed = view.ending && view.ending.kind !== 'healthy';
  const steps = STEPS.map((step, i) => {
    const label = i === 2 && view.automated ? 'auto-sync' : step;
    if (i < view.reached) return `:white_check_mark: ${label}`;
    if (i === view.reached) return `${failed ? ':x:' : ':hourglass_flowing_sand:'} ${label}`;
    return `:white_small_square: ${label}`;
  });
  // Without a revision nothing was committed or asked of Argo CD: no commit to name, no steps to tick.
  const title = `Argo CD \`${view.application}\`${view.revision ? ` ← \`${shortSha(view.revision)}\`` : ''}`;
  const status = view.ending ? headline[view.ending.kind] : 'in progress';
  const blocks: KnownBlock[] = [section(`*${title}*: ${status}${view.revision ? `\n${steps.join('  ')}` : ''}`)];
  const detail = view.ending && endingDetail(view.ending);
  if (detail) blocks.push(section(detail));
  if (view.state) {
    const op = view.state.operation;
    blocks.push(
      context(
        `sync ${view.state.sync}${view.state.revision ? ` at \`${shortSha(view.state.revision)}\`` : ''} · health ${view.state.health}${op ? ` · last operation ${op.phase}` : ''}`,
      ),
    );
  }
  return { text: `${title}: ${status}`, blocks };
}

const duration = (seconds: number): string => (seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`);

function endingDetail(ending: Ending): string | undefined {
  switch (ending.kind) {
    case 'healthy':
      return undefined;
    case 'degraded':
    case 'missing':
    case 'failed': {
      const resources = resourceLines(ending.resources);
      return (
        [ending.message && `Argo CD: ${escape(clip(ending.message, 800))}`, resources].filter(Boolean).join('\n') ||
        undefined
      );
    }
    case 'timeout':
      return `Not live after ${duration(ending.afterSeconds)}; Kanaria stopped following it. Argo CD may still get there: check \`/status\`.`;
    case 'superseded':
      return `A newer change \`${shortSha(ending.by)}\` was pushed; its progress is followed in its own thread.`;
    case 'error':
      return `${escape(ending.message)}${ending.hint ? `\n${escape(ending.hint)}` : ''}`;
    case 'retrying':
      return `${escape(ending.message)} (attempt ${ending.attempt} of ${ending.attempts} failed; trying again).`;
  }
}

const noticeText: Record<NotifyJob['notice'], string> = {
  drift: ':warning: is *OutOfSync* with Git, and no Kanaria change is in flight (drift or an outside commit)',
  degraded: ':x: is *Degraded*',
  healthy: ':white_check_mark: is *Healthy* again',
};

/** A channel notice from the Application watch. */
export function noticeMessage(notice: NotifyJob): Message {
  const text = `Argo CD \`${notice.application}\` (${notice.app}) ${noticeText[notice.notice]}${notice.revision ? ` at \`${shortSha(notice.revision)}\`` : ''}.`;
  const lines = [
    notice.message && `Argo CD: ${escape(clip(notice.message, 800))}`,
    notice.resources?.length ? resourceLines(notice.resources) : undefined,
  ].filter(Boolean);
  return {
    text,
    blocks: [
      section(text),
      ...(lines.length ? [section(lines.join('\n'))] : []),
      context(`\`/status ${notice.app}\` for details · \`/sync ${notice.app}\` to sync now`),
    ],
  };
}
