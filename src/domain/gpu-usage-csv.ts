/**
 * The showback as CSV for finance (RFC 4180: CRLF, fields with a comma, quote or line break quoted, quotes
 * doubled). Text cells that a spreadsheet would read as a formula (starting with = + - @, tab or CR) get a
 * leading apostrophe and are quoted. Numbers are plain (dot decimal, up to 4 places); unknown is empty, never 0.
 */
import type { UsageReport } from './gpu-usage.js';

/** The columns, in order (README "Showback" documents them). */
export const USAGE_CSV_COLUMNS = [
  'period_start_utc',
  'period_end_utc',
  'namespace',
  'product',
  'resource',
  'kind',
  'allocated_hours',
  'busy_gpu_hours',
  'gpu_equivalent_hours',
  'efficiency',
  'price_per_gpu_hour',
  'cost',
  'currency',
  // Last, so the columns before it keep their places: `kanaria`, `ksm` or `mixed` (days of both), empty for busy only.
  'source',
] as const;

export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvNumber = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? '' : String(Math.round(value * 10_000) / 10_000);

const utc = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

export function usageCsv(report: UsageReport): string {
  const lines = [USAGE_CSV_COLUMNS.join(',')];
  for (const row of report.rows) {
    lines.push(
      [
        utc(report.period.start),
        utc(report.period.end),
        csvText(row.namespace),
        csvText(row.product),
        csvText(row.resource),
        row.kind,
        csvNumber(row.allocatedHours),
        csvNumber(row.busyHours),
        csvNumber(row.equivalentHours),
        csvNumber(row.efficiency),
        csvNumber(row.pricePerGpuHour),
        csvNumber(row.cost),
        row.cost !== undefined && report.currency ? report.currency : '',
        row.source ?? '',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
