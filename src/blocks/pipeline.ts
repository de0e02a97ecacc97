import type { Button, KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import type { Words } from '../i18n/index.js';
import { clip, context, escape, section } from './gitops.js';

/** A stage's Promote to <next> button: it re-enters as `/promote <pipeline> <stage> <next>` as the presser. */
export const PROMOTE_STAGE_ACTION = 'kanaria:pipeline:promote';

/** What is known of one stage, each part only when it could be read; `unchecked` where the cluster was not asked. */
export interface StageRow {
  readonly stage: string;
  readonly app: string;
  /** The image as written in the stage's manifest; undefined when it could not be read. */
  readonly image?: string;
  /** The last commit touching the stage's files. */
  readonly commit?: { readonly sha: string; readonly author: string; readonly at: number };
  /** Argo CD's view, when the app names an Application. */
  readonly argocd?: { readonly sync: string; readonly health: string } | 'unchecked';
  /** The canary, when the app names a Rollout: its phase and step k/n (none for a Rollout without steps). */
  readonly canary?:
    | {
        readonly phase: string;
        readonly step?: number;
        readonly steps?: number;
        /** The last analysis of the revision now running, when there was one. */
        readonly verdict?: { readonly verdict: 'pass' | 'fail' | 'inconclusive'; readonly score: number };
      }
    | 'unchecked';
  readonly lock?: { readonly holder: string; readonly reason: string };
}

export interface PipelineView {
  readonly pipeline: string;
  /** First stage first. */
  readonly rows: readonly StageRow[];
}

/** A date every Slack client shows in its reader's time zone ("3 hours ago"); the ISO text elsewhere. */
const ago = (ms: number): string => `<!date^${Math.floor(ms / 1000)}^{ago}|${new Date(ms).toISOString()}>`;

function rowLines(t: Words, row: StageRow): string[] {
  const lines = [
    t('pipeline.card.stage', { stage: row.stage, app: row.app }),
    row.image !== undefined
      ? t('pipeline.card.image', { image: escape(clip(row.image, 200)) })
      : t('pipeline.card.noImage'),
  ];
  if (row.commit)
    lines.push(
      t('pipeline.card.commit', {
        sha: row.commit.sha.slice(0, 7),
        author: escape(clip(row.commit.author, 80)),
        ago: ago(row.commit.at),
      }),
    );
  if (row.argocd === 'unchecked') lines.push(t('pipeline.card.argocdUnchecked'));
  else if (row.argocd) lines.push(t('pipeline.card.argocd', row.argocd));
  if (row.canary === 'unchecked') lines.push(t('pipeline.card.canaryUnchecked'));
  else if (row.canary) {
    const { phase, step, steps, verdict } = row.canary;
    const state =
      step !== undefined && steps !== undefined
        ? t('pipeline.card.canaryStep', { phase, step, steps })
        : t('pipeline.card.canary', { phase });
    const judged =
      verdict &&
      t('pipeline.card.canaryVerdict', {
        verdict: t(`blocks.analysis.verdict.${verdict.verdict}`),
        score: verdict.score,
      });
    lines.push(judged ? `${state} · ${judged}` : state);
  }
  if (row.lock)
    lines.push(
      row.lock.reason
        ? t('pipeline.card.lockedWhy', { holder: row.lock.holder, reason: escape(clip(row.lock.reason, 200)) })
        : t('pipeline.card.locked', { holder: row.lock.holder }),
    );
  return lines;
}

function promoteButton(t: Words, pipeline: string, from: string, to: string): Button {
  return {
    type: 'button',
    // Unique within its block, as Slack asks: each button has its own actions block.
    action_id: PROMOTE_STAGE_ACTION,
    text: { type: 'plain_text', text: t('pipeline.card.promote', { to }) },
    value: JSON.stringify({ pipeline, from, to }),
  };
}

/** The pipeline card: a row per stage, first to last, and a Promote to <next> button under each stage but the last. */
export function pipelineCard(t: Words, view: PipelineView): Message {
  const title = t('pipeline.card.title', { pipeline: view.pipeline });
  const blocks: KnownBlock[] = [section(`*${title}*`)];
  view.rows.forEach((row, index) => {
    blocks.push(section(clip(rowLines(t, row).join('\n'), 3000)));
    const next = view.rows[index + 1];
    if (next) blocks.push({ type: 'actions', elements: [promoteButton(t, view.pipeline, row.stage, next.stage)] });
  });
  blocks.push(context(t('pipeline.card.footer', { pipeline: view.pipeline })));
  const summary = view.rows.map((row) => `${row.stage}: ${escape(clip(row.image ?? '?', 200))}`).join(' · ');
  return { text: `${title}: ${summary}`, blocks };
}
