import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import { shortSha } from '../domain/commits.js';
import type { ApplicationState, FailedResource, Verdict } from '../domain/argocd.js';
import type { NotifyJob } from '../queues/notify.js';
import { shortDuration, type Words } from '../i18n/index.js';
import { clip, context, escape, section } from './gitops.js';

/** The steps a change goes through on its way to the cluster, in order (Argo CD syncing by itself: autoSync). */
const STEPS = ['committed', 'refreshRequested', 'syncing', 'synced', 'healthy'] as const;

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

const headlineIcon: Record<Ending['kind'], string> = {
  healthy: ':white_check_mark:',
  degraded: ':x:',
  missing: ':x:',
  failed: ':x:',
  timeout: ':hourglass:',
  superseded: ':fast_forward:',
  error: ':x:',
  retrying: ':warning:',
};
const headline = (t: Words, kind: Ending['kind']): string =>
  `${headlineIcon[kind]} ${t(`blocks.reconcile.headline.${kind}`)}`;

const MAX_RESOURCES = 10;

export function resourceLines(t: Words, resources: readonly FailedResource[]): string {
  const lines = resources
    .slice(0, MAX_RESOURCES)
    .map(
      (r) =>
        `• \`${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}\`${r.message ? `: ${escape(clip(r.message, 200))}` : ''}`,
    );
  if (resources.length > MAX_RESOURCES) lines.push(t('common.andMore', { count: resources.length - MAX_RESOURCES }));
  return lines.join('\n');
}

/** The one progress message of a reconcile, updated in place: commit → refresh → syncing → synced → healthy. */
export function reconcileMessage(t: Words, view: ReconcileView): Message {
  const failed = view.ending && view.ending.kind !== 'healthy';
  const steps = STEPS.map((step, i) => {
    const label = t(`blocks.reconcile.steps.${i === 2 && view.automated ? 'autoSync' : step}`);
    if (i < view.reached) return `:white_check_mark: ${label}`;
    if (i === view.reached) return `${failed ? ':x:' : ':hourglass_flowing_sand:'} ${label}`;
    return `:white_small_square: ${label}`;
  });
  // Without a revision nothing was committed or asked of Argo CD: no commit to name, no steps to tick.
  const title = `Argo CD \`${view.application}\`${view.revision ? ` ← \`${shortSha(view.revision)}\`` : ''}`;
  const status = view.ending ? headline(t, view.ending.kind) : t('blocks.reconcile.inProgress');
  const blocks: KnownBlock[] = [section(`*${title}*: ${status}${view.revision ? `\n${steps.join('  ')}` : ''}`)];
  const detail = view.ending && endingDetail(t, view.ending);
  if (detail) blocks.push(section(detail));
  if (view.state) {
    const { sync, revision, health, operation } = view.state;
    const reported = [
      revision
        ? t('blocks.reconcile.state.syncAt', { status: sync, sha: shortSha(revision) })
        : t('blocks.reconcile.state.sync', { status: sync }),
      t('blocks.reconcile.state.health', { status: health }),
      operation && t('blocks.reconcile.state.operation', { phase: operation.phase }),
    ];
    blocks.push(context(reported.filter(Boolean).join(' · ')));
  }
  return { text: `${title}: ${status}`, blocks };
}

function endingDetail(t: Words, ending: Ending): string | undefined {
  switch (ending.kind) {
    case 'healthy':
      return undefined;
    case 'degraded':
    case 'missing':
    case 'failed': {
      const resources = resourceLines(t, ending.resources);
      return (
        [ending.message && `Argo CD: ${escape(clip(ending.message, 800))}`, resources].filter(Boolean).join('\n') ||
        undefined
      );
    }
    case 'timeout':
      return t('blocks.reconcile.timeout', { after: shortDuration(t, ending.afterSeconds) });
    case 'superseded':
      return t('blocks.reconcile.superseded', { sha: shortSha(ending.by) });
    case 'error':
      return `${escape(ending.message)}${ending.hint ? `\n${escape(ending.hint)}` : ''}`;
    case 'retrying':
      return t('blocks.reconcile.retrying', {
        message: escape(ending.message),
        attempt: ending.attempt,
        attempts: ending.attempts,
      });
  }
}

/** A channel notice from the Application watch. */
export function noticeMessage(t: Words, notice: NotifyJob): Message {
  const facts = { application: notice.application, app: notice.app };
  const text = notice.revision
    ? t(`blocks.reconcile.notice.${notice.notice}At`, { ...facts, sha: shortSha(notice.revision) })
    : t(`blocks.reconcile.notice.${notice.notice}`, facts);
  const lines = [
    notice.message && `Argo CD: ${escape(clip(notice.message, 800))}`,
    notice.resources?.length ? resourceLines(t, notice.resources) : undefined,
  ].filter(Boolean);
  return {
    text,
    blocks: [
      section(text),
      ...(lines.length ? [section(lines.join('\n'))] : []),
      context(t('blocks.reconcile.notice.footer', { app: notice.app })),
    ],
  };
}
