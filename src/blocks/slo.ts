import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import { shortSha } from '../domain/commits.js';
import type { OverrideRecord } from '../domain/slo/override-log.js';
import type { AlertName, BurnWindow, SloStatus } from '../domain/slo/types.js';
import { ALERT_RULES } from '../domain/slo/windows.js';
import type { Words } from '../i18n/index.js';
import { clip, escape, section } from './gitops.js';

/** What was read for one SLO: its status, or why Prometheus could not be asked. */
export type SloReport =
  | {
      readonly kind: 'read';
      readonly status: SloStatus;
      /** Seconds the `1h` burn window stands for when the SLO window is sped up (design.md); absent for 28d and more. */
      readonly spedUpHour?: number;
    }
  | { readonly kind: 'unavailable'; readonly slo: string; readonly reason: string };

/** A fraction of the budget as a percent with one decimal: 0.8734 → "87.3". */
export const percentOf = (fraction: number): string => String(Number((fraction * 100).toFixed(1)));
/** A small fraction of the budget with two significant digits: 0.000123 → "0.012". */
const costPercent = (fraction: number): string => String(Number((fraction * 100).toPrecision(2)));
/** A burn rate with three significant digits: 0.52341 → "0.523". */
const rateText = (rate: number): string => String(Number(rate.toPrecision(3)));

/** An instant (unix seconds) in the reader's language, in UTC, named: "Dec 3, 2026, 15:44 UTC". */
export const instantText = (t: Words, unixSeconds: number): string =>
  `${new Intl.DateTimeFormat(t.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
    hourCycle: 'h23',
  }).format(new Date(unixSeconds * 1000))} UTC`;

const alertWords = (t: Words, alerts: readonly AlertName[]): string[] =>
  alerts.map((a) => t(`slo.command.report.alert.${a}`));

function burnLine(t: Words, status: SloStatus): string {
  const rate = (w: BurnWindow): string => {
    const value = status.burnRates[w];
    return value === undefined
      ? t('slo.command.report.noData')
      : t('slo.command.report.rate', { rate: rateText(value) });
  };
  // Shown in the Workbook's pairs, the alerts' long and short windows.
  const pairs = ALERT_RULES.map(({ long, short }) =>
    t('slo.command.report.pair', { long, short, longRate: rate(long), shortRate: rate(short) }),
  );
  return t('slo.command.report.burnRates', { pairs: pairs.join(' · ') });
}

function budgetLine(t: Words, status: SloStatus): string {
  const left = status.budgetRemaining;
  if (left === undefined) return t('slo.command.report.budgetNoData');
  if (left <= 0) return t('slo.command.report.budgetSpent', { percent: percentOf(left) });
  return t('slo.command.report.budget', {
    percent: percentOf(left),
    outage: Math.round((status.outageMinutesLeft ?? 0) * 60),
  });
}

function exhaustLine(t: Words, status: SloStatus): string {
  if (status.exhaustsAt === undefined) return t('slo.command.report.exhaustsUnknown');
  if (status.exhaustsAt === null) return t('slo.command.report.exhaustsNever');
  return t('slo.command.report.exhaustsAt', { when: instantText(t, status.exhaustsAt) });
}

/** One SLO's section of the `/slo` report: never "healthy" for what was not measured. */
export function sloSection(t: Words, report: SloReport): string {
  if (report.kind === 'unavailable')
    return t('slo.command.report.unavailable', { slo: report.slo, reason: escape(report.reason) });
  const { status } = report;
  const lines = [
    t('slo.command.report.heading', {
      slo: status.slo.name,
      objective: status.slo.objective,
      window: t('common.elapsed', { seconds: status.slo.windowSeconds }),
    }),
    budgetLine(t, status),
    burnLine(t, status),
  ];
  if (status.firing.length > 0) lines.push(t('slo.command.report.firing', { alerts: alertWords(t, status.firing) }));
  if (status.undecided.length > 0)
    lines.push(t('slo.command.report.undecided', { alerts: alertWords(t, status.undecided) }));
  if (status.firing.length === 0 && status.undecided.length === 0) lines.push(t('slo.command.report.quiet'));
  // A spent budget has run out already: its line says so.
  if (!(status.budgetRemaining !== undefined && status.budgetRemaining <= 0)) lines.push(exhaustLine(t, status));
  if (report.spedUpHour !== undefined) lines.push(t('slo.command.report.spedUp', { hour: report.spedUpHour }));
  return lines.join('\n');
}

/** `/slo <app>`: one section per SLO of the app (the charts follow as files in the reply's thread or channel). */
export function sloMessage(t: Words, app: string, reports: readonly SloReport[]): Message {
  const title = t('slo.command.report.title', { app });
  const sections = reports.map((r) => sloSection(t, r));
  const blocks: KnownBlock[] = [section(title), ...sections.map((s) => section(clip(s, 3000)))];
  return { text: [title, ...sections].join('\n\n'), blocks };
}

/** The chart's title (Slack shows it above the image; the PNG has no text). */
export const sloChartTitle = (t: Words, app: string, slo: string): string =>
  t('slo.command.report.chartTitle', { app, slo });

/** What `/status` shows of an SLO: as `/slo` read it, or that there is no Prometheus to ask. */
export type SloStatusLine = SloReport | { readonly kind: 'no-prometheus'; readonly slo: string };

/** `/status`: one line per SLO (budget left and firing alerts, or why there is no number). */
export function sloStatusLine(t: Words, line: SloStatusLine): string {
  if (line.kind === 'no-prometheus') return t('slo.status.noPrometheus', { slo: line.slo });
  if (line.kind === 'unavailable') return t('slo.status.unavailable', { slo: line.slo });
  const { status } = line;
  const left = status.budgetRemaining;
  const firing = status.firing.length > 0 ? t('slo.status.firing', { alerts: alertWords(t, status.firing) }) : '';
  if (left === undefined) return `${t('slo.status.noData', { slo: status.slo.name })}${firing}`;
  const facts = { slo: status.slo.name, percent: percentOf(left) };
  return `${left <= 0 ? t('slo.status.spent', facts) : t('slo.status.line', facts)}${firing}`;
}

/** How many overrides `/slo <app> overrides` lists. */
export const MAX_OVERRIDES = 20;

/**
 * A person as a trailer names them: a Slack user id (`U0BOB`, or Kanaria's `Bob Stone <bob@…> (Slack user U0BOB)`)
 * is mentioned, so Slack shows their current name; anything else is shown as written.
 */
function personText(t: Words, who: string | undefined): string {
  if (who === undefined) return t('slo.overrides.nobody');
  const id = /^([UW][A-Z0-9]+)$/.exec(who)?.[1] ?? /\(Slack user ([UW][A-Z0-9]+)\)$/.exec(who)?.[1];
  return id ? `<@${id}>` : escape(who);
}

/** `/slo <app> overrides`: the break-glass changes, newest first. */
export function overridesMessage(t: Words, app: string, branch: string, overrides: readonly OverrideRecord[]): Message {
  if (overrides.length === 0) return { text: t('slo.overrides.none', { app, branch }) };
  const lines = overrides.map((o) =>
    t('slo.overrides.line', {
      // Slack writes the date in each reader's own language and time zone.
      when: `<!date^${Math.floor(Date.parse(o.date) / 1000)}^{date_short_pretty} {time}|${o.date}>`,
      sha: shortSha(o.sha),
      subject: escape(o.subject),
      who: personText(t, o.requester),
      approver: personText(t, o.approvedBy),
      reason: escape(o.reason),
    }),
  );
  const text = `${t('slo.overrides.title', { app, max: MAX_OVERRIDES })}\n${lines.join('\n')}`;
  return { text, blocks: [section(clip(text, 3000))] };
}

/** The budget spent after a release went live and over the same length of time before (fractions of the budget). */
export interface ReleaseCost {
  readonly slo: string;
  readonly after?: number;
  readonly before?: number;
}

/** A commit as its short id; a Rollout's revision (`rollout-31`) as it is. */
const revisionText = (revision: string): string => (/^[0-9a-f]{40}$/.test(revision) ? shortSha(revision) : revision);

/** The cost of a release, posted in the change's thread 1 h and 1 d (scaled) after it went live. */
export function releaseCostMessage(
  t: Words,
  view: { readonly seconds: number; readonly revision: string; readonly costs: readonly ReleaseCost[] },
): Message {
  const lines = view.costs.map((c) => {
    if (c.after === undefined || c.before === undefined) {
      const which =
        c.after === undefined && c.before === undefined
          ? t('slo.cost.both')
          : c.after === undefined
            ? t('slo.cost.after')
            : t('slo.cost.before');
      return t('slo.cost.lineNoData', { slo: c.slo, which });
    }
    return t('slo.cost.line', { slo: c.slo, after: costPercent(c.after), before: costPercent(c.before) });
  });
  const title = t('slo.cost.title', { seconds: view.seconds, revision: revisionText(view.revision) });
  const text = [title, ...lines].join('\n');
  return { text, blocks: [section(clip(text, 3000))] };
}

/** Prometheus did not answer when the cost was due. */
export const releaseCostUnavailable = (t: Words, seconds: number, reason: string): Message => ({
  text: t('slo.cost.unavailable', { seconds, reason: escape(reason) }),
});
