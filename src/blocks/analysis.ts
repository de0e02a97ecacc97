import type { KnownBlock } from '@slack/types';
import type { AnalysisRun } from '../domain/analysis-run.js';
import type { Message } from '../domain/chat.js';
import type { RolloutState } from '../domain/rollout.js';
import type { MetricResult } from '../domain/verdict.js';
import { actionButtons } from './canary.js';
import type { Words } from '../i18n/index.js';
import { clip, escape } from './gitops.js';
import { metricReason, verdictReason } from './verdict.js';

const ICON = { pass: ':white_check_mark:', fail: ':x:', nodata: ':grey_question:' } as const;
const VERDICT_ICON = { pass: ':white_check_mark:', fail: ':x:', inconclusive: ':grey_question:' } as const;

/** Numbers as people read them: 4 significant digits. */
const num = (value: number | undefined): string =>
  value === undefined ? '–' : Number.isFinite(value) ? String(Number(value.toPrecision(4))) : '∞';

function metricLine(t: Words, m: MetricResult): string {
  const head = `${ICON[m.result]} *${escape(m.name)}*${m.critical ? ` ${t('blocks.analysis.critical')}` : ''}`;
  if (m.result === 'nodata')
    return `${head}: ${t('blocks.analysis.noVerdict')} — ${escape(clip(metricReason(t, m.reason), 300))}`;
  const points = { canary: m.points.canary, stable: m.points.stable };
  const sample =
    m.blockSize && m.blockSize > 1
      ? t('blocks.analysis.pointsInBlocks', { ...points, size: m.blockSize })
      : t('blocks.analysis.points', points);
  const measured = t('blocks.analysis.metric', {
    canary: num(m.canaryMedian),
    stable: num(m.stableMedian),
    ratio: num(m.ratio),
    shift: num(m.estimate),
    lower: num(m.lower),
    upper: num(m.upper),
    p: num(m.pValue),
    sample,
  });
  return `${head}: ${measured} — ${escape(metricReason(t, m.reason))}`;
}

/**
 * The verdict card: per metric the medians, ratio and the measured values behind the result, the overall
 * verdict and score, and the canary's Promote / Abort buttons (same checks as on the canary card).
 */
export function verdictMessage(
  t: Words,
  app: string,
  run: AnalysisRun,
  state: RolloutState | undefined,
  note?: string,
): Message {
  const { verdict, window } = run;
  const said = `${VERDICT_ICON[verdict.verdict]} ${t(`blocks.analysis.verdict.${verdict.verdict}`)}`;
  const facts = { app, verdict: said, score: verdict.score };
  const title = state?.revision
    ? t('blocks.analysis.titleRevision', { ...facts, revision: state.revision })
    : t('blocks.analysis.title', facts);
  // Whole minutes from 30 s on (a 1m window reads "1 min"), seconds below.
  const seconds = window.end - window.start;
  const minutes = Math.round(seconds / 60);
  const span =
    minutes >= 1
      ? t('common.shortDuration.minutes', { count: minutes })
      : t('common.shortDuration.seconds', { count: seconds });
  const measured = t('blocks.analysis.window', { window: span, step: window.step });
  const reason = verdictReason(t, verdict.reason);
  const context = `${measured} · ${escape(reason)}`;
  const lines = verdict.metrics.slice(0, 20).map((m) => metricLine(t, m));
  if (verdict.metrics.length > 20) lines.push(t('blocks.analysis.moreMetrics', { count: verdict.metrics.length - 20 }));
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(`*${title}*\n${lines.join('\n')}`, 3000) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: clip(context, 2000) }] },
  ];
  if (note) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(note, 3000) } });
  const buttons = state ? actionButtons(t, app, state).filter((b) => /promote|abort/.test(b.action_id ?? '')) : [];
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return { text: `${title.replace(/:[a-z_]+: /, '')} — ${reason}`, blocks };
}
