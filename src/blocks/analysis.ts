import type { KnownBlock } from '@slack/types';
import type { AnalysisRun } from '../domain/analysis-run.js';
import type { Message } from '../chat.js';
import type { RolloutState } from '../domain/rollout.js';
import type { MetricResult } from '../domain/verdict.js';
import { actionButtons } from './canary.js';
import { clip, escape } from './gitops.js';

const ICON = { pass: ':white_check_mark:', fail: ':x:', nodata: ':grey_question:' } as const;
const VERDICT = {
  pass: ':white_check_mark: PASS',
  fail: ':x: FAIL',
  inconclusive: ':grey_question: INCONCLUSIVE',
} as const;

/** Numbers as people read them: 4 significant digits. */
const num = (value: number | undefined): string =>
  value === undefined ? '–' : Number.isFinite(value) ? String(Number(value.toPrecision(4))) : '∞';

function metricLine(m: MetricResult): string {
  const head = `${ICON[m.result]} *${escape(m.name)}*${m.critical ? ' (critical)' : ''}`;
  if (m.result === 'nodata') return `${head}: no verdict — ${escape(clip(m.reason, 300))}`;
  const shift = `shift ${num(m.estimate)} [${num(m.lower)}, ${num(m.upper)}]`;
  const sample = `${m.points.canary}/${m.points.stable} points${m.blockSize && m.blockSize > 1 ? ` in blocks of ${m.blockSize}` : ''}`;
  return `${head}: canary ${num(m.canaryMedian)} vs stable ${num(m.stableMedian)} (median), ratio ${num(m.ratio)}, ${shift}, p ${num(m.pValue)}, ${sample} — ${escape(m.reason)}`;
}

/**
 * The verdict card: per metric the medians, ratio and the measured values behind the result, the overall
 * verdict and score, and the canary's Promote / Abort buttons (same checks as on the canary card).
 */
export function verdictMessage(app: string, run: AnalysisRun, state: RolloutState | undefined, note?: string): Message {
  const { verdict, window } = run;
  const minutes = Math.round((window.end - window.start) / 60);
  const title = `Canary analysis of \`${app}\`${state?.revision ? ` (revision ${state.revision})` : ''}: ${VERDICT[verdict.verdict]} · score ${verdict.score}`;
  const context = `last ${minutes >= 1 ? `${minutes} min` : `${window.end - window.start} s`} at ${window.step} s steps · ${escape(verdict.reason)}`;
  const lines = verdict.metrics.slice(0, 20).map(metricLine);
  if (verdict.metrics.length > 20) lines.push(`… and ${verdict.metrics.length - 20} more metrics`);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(`*${title}*\n${lines.join('\n')}`, 3000) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: clip(context, 2000) }] },
  ];
  if (note) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(note, 3000) } });
  const buttons = state ? actionButtons(app, state).filter((b) => /promote|abort/.test(b.action_id ?? '')) : [];
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return { text: `${title.replace(/:[a-z_]+: /, '')} — ${verdict.reason}`, blocks };
}
