import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import { sourceSummary } from '../domain/gpu-usage-sources.js';
import type { NamespaceUsage, UsagePeriod, UsageReport, UsageRow } from '../domain/gpu-usage.js';
import type { Words } from '../i18n/index.js';
import { codeBlock, context, escape, section } from './gitops.js';

/** Namespaces and rows shown in the message; the CSV has them all. */
const MAX_NAMESPACES = 15;
const MAX_ROWS = 25;
/** A table's escaped text within its code block (codeBlock clips beyond this, mid-row). */
const TABLE_CHARS = 2980;

/** Numbers for the reader's locale: hours with one decimal, efficiency as a whole percent, cost in its currency. */
export function usageFormats(t: Words, currency?: string) {
  const hours = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 0 });
  const money = currency ? new Intl.NumberFormat(t.locale, { style: 'currency', currency }) : undefined;
  return {
    hours: (h: number) => hours.format(h),
    /** Unknown stays a dash, never 0. */
    percent: (x: number | undefined) => (x === undefined ? '-' : percent.format(x)),
    busy: (h: number | undefined) => (h === undefined ? '-' : hours.format(h)),
    cost: (x: number | undefined) => (x === undefined || !money ? '-' : money.format(x)),
  };
}

const utcDay = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');

/** Columns as identifiers (like kubectl's): CJK words would break the alignment of a code block. */
function table(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The table, escaped, with as many whole rows as fit (at most `max`), then how many more the CSV has. */
function fittedTable(t: Words, header: readonly string[], rows: readonly string[][], max: number): string {
  for (let shown = Math.min(max, rows.length); ; shown--) {
    const more = rows.length - shown;
    const text =
      escape(table(header, rows.slice(0, shown))) + (more > 0 ? `\n${t('common.andMore', { count: more })}` : '');
    if (text.length <= TABLE_CHARS || shown === 0) return text;
  }
}

function migText(t: Words, fmt: ReturnType<typeof usageFormats>, ns: NamespaceUsage): string {
  const parts = Object.entries(ns.migHours).map(([profile, h]) => `${profile} ${fmt.hours(h)}`);
  return parts.length ? parts.join(t('common.listSeparator')) : '-';
}

/** Per namespace: GPU-equivalent hours, busy, efficiency, cost; then whole GPUs, MIG by profile and replicas apart. */
function namespaceTable(t: Words, report: UsageReport, fmt: ReturnType<typeof usageFormats>): string {
  const priced = report.currency !== undefined;
  const header = ['NAMESPACE', 'GPU-EQ-H', 'BUSY-H', 'EFF', ...(priced ? ['COST'] : []), 'GPU-H', 'SHARED-H', 'MIG-H'];
  const rows = report.namespaces.map((ns) => [
    ns.namespace,
    fmt.hours(ns.equivalentHours),
    fmt.busy(ns.busyHours),
    fmt.percent(ns.efficiency),
    ...(priced ? [fmt.cost(ns.cost)] : []),
    fmt.hours(ns.gpuHours),
    fmt.hours(ns.sharedHours),
    migText(t, fmt, ns),
  ]);
  return fittedTable(t, header, rows, MAX_NAMESPACES);
}

/** Per namespace, product and resource: the units' own hours beside GPU-equivalent hours. */
function rowTable(t: Words, report: UsageReport, fmt: ReturnType<typeof usageFormats>): string {
  const priced = report.currency !== undefined;
  const header = [
    'NAMESPACE',
    'PRODUCT',
    'RESOURCE',
    'KIND',
    'ALLOC-H',
    'GPU-EQ-H',
    'BUSY-H',
    'EFF',
    ...(priced ? ['COST'] : []),
  ];
  const rows = report.rows.map((r: UsageRow) => [
    r.namespace,
    r.product,
    r.resource,
    r.kind,
    fmt.hours(r.allocatedHours),
    fmt.hours(r.equivalentHours),
    fmt.busy(r.busyHours),
    fmt.percent(r.efficiency),
    ...(priced ? [fmt.cost(r.cost)] : []),
  ]);
  return fittedTable(t, header, rows, MAX_ROWS);
}

/** What the showback covers, in the message and the chart. */
export const usageScopeWords = (t: Words, scope: UsageReport['scope']): string =>
  scope ? t(`usage.scope.${scope.kind}`, { name: scope.name }) : t('usage.scope.cluster');

/**
 * Where the allocation came from: one sentence when one source covered every day, else how many days each
 * covered; and the days without allocation data (nothing counted for them), if any.
 */
function allocationWords(t: Words, report: UsageReport): { sources: string; noData?: string } {
  const { kanaria, ksm, noData } = sourceSummary(report.days);
  const whole = report.days.length;
  const sources =
    kanaria === whole
      ? t('usage.source.kanaria')
      : ksm === whole
        ? t('usage.source.ksm')
        : t('usage.source.days', {
            parts: [
              ...(kanaria > 0 ? [t('usage.source.kanariaDays', { count: kanaria })] : []),
              ...(ksm > 0 ? [t('usage.source.ksmDays', { count: ksm })] : []),
            ],
          });
  return { sources, ...(noData.length > 0 && { noData: t('usage.source.noData', { days: noData }) }) };
}

/**
 * The showback in Slack: the totals in the title, the period (UTC) and the sources, a table per namespace and
 * one per namespace and product/resource (code blocks, so they line up), and what a reader needs to read them.
 */
export function gpuUsageMessage(t: Words, report: UsageReport): Message {
  const fmt = usageFormats(t, report.currency);
  const scope = usageScopeWords(t, report.scope);
  const totals = report.totals;
  const title = t(report.currency ? 'usage.titleCost' : 'usage.title', {
    scope,
    days: report.period.days,
    hours: fmt.hours(totals.equivalentHours),
    efficiency:
      totals.efficiency === undefined
        ? t('usage.efficiencyUnknown')
        : t('usage.efficiency', { value: fmt.percent(totals.efficiency) }),
    cost: fmt.cost(totals.cost),
  });
  const period = t('usage.period', { start: utcDay(report.period.start), end: utcDay(report.period.end) });
  const allocation = allocationWords(t, report);
  const sources = [allocation.sources, t(report.noBusy ? 'usage.source.noBusy' : 'usage.source.busy')].join(' ');
  // Days without data change what the figures mean: said beside the period, not in the small print.
  const heading = [period, ...(allocation.noData ? [allocation.noData] : [])].join(' ');
  const blocks: KnownBlock[] = [
    section(`*${escape(title)}*\n${escape(heading)}`),
    section(codeBlock(namespaceTable(t, report, fmt))),
    section(codeBlock(rowTable(t, report, fmt))),
    context(escape(`${t('usage.legend')} ${sources}`)),
  ];
  return { text: title, blocks };
}

/** The showback had nothing to count in the period. */
export function gpuUsageEmptyMessage(t: Words, period: UsagePeriod, scope: UsageReport['scope']): Message {
  const text = t('usage.empty', {
    scope: usageScopeWords(t, scope),
    start: utcDay(period.start),
    end: utcDay(period.end),
  });
  return { text, blocks: [section(escape(text))] };
}
