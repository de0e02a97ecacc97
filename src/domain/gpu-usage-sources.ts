/**
 * Which allocation series counts, day by day (pure). Kanaria's own gauges may exist for only part of a period
 * (recorded since it was deployed, or since `gpu.alerts` was turned on): choosing one source for the whole
 * period would count the other days as 0. So each UTC day takes the source that saw it:
 * - Kanaria's, when its readings cover the whole day, or at least as much of it as kube-state-metrics' do;
 * - else kube-state-metrics', when it has samples that day;
 * - else none: the day has no allocation data (said in the message, never silently 0).
 * A day's coverage is how many of its 5-minute steps a source had a sample at (a whole day is 288).
 */

/** A period of whole UTC days (Unix seconds). */
export interface UsagePeriod {
  readonly start: number;
  readonly end: number;
  readonly days: number;
}

/** One series of daily sums from Prometheus: its labels, and `[day end, sum]` points. */
export interface DailySeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: readonly (readonly [number, number])[];
}

export type AllocationSource = 'kanaria' | 'ksm';

/** One UTC day of the period: its end (unix s), its start (`YYYY-MM-DD`) and the source that counts for it. */
export interface DaySource {
  readonly end: number;
  readonly day: string;
  readonly source?: AllocationSource;
}

const DAY = 86_400;
/** Seconds between the samples Prometheus sums (the subquery's resolution). */
export const RESOLUTION_SECONDS = 300;
/** 5-minute steps in a whole day. */
export const STEPS_PER_DAY = DAY / RESOLUTION_SECONDS;

/** The steps of each day a source covered, by day end (the largest where several series answer). */
function coverageByDay(series: readonly DailySeries[]): Map<number, number> {
  const steps = new Map<number, number>();
  for (const s of series)
    for (const [t, n] of s.points) if (Number.isFinite(n)) steps.set(t, Math.max(steps.get(t) ?? 0, n));
  return steps;
}

/** Every day of the period, oldest first, with the source that counts for it. */
export function chooseSources(
  period: UsagePeriod,
  coverage: { readonly kanaria: readonly DailySeries[]; readonly ksm: readonly DailySeries[] },
): DaySource[] {
  const kanaria = coverageByDay(coverage.kanaria);
  const ksm = coverageByDay(coverage.ksm);
  return Array.from({ length: period.days }, (_, i) => {
    const end = period.start + (i + 1) * DAY;
    const day = new Date((end - DAY) * 1000).toISOString().slice(0, 10);
    const k = kanaria.get(end) ?? 0;
    const s = ksm.get(end) ?? 0;
    const source: AllocationSource | undefined =
      k > 0 && (k >= STEPS_PER_DAY || k >= s) ? 'kanaria' : s > 0 ? 'ksm' : undefined;
    return { end, day, ...(source && { source }) };
  });
}

/** Every day of the period from one source (a period one source covers whole). */
export const allDays = (period: UsagePeriod, source: AllocationSource): DaySource[] =>
  chooseSources(period, {
    kanaria: [],
    ksm: [],
    [source]: [
      {
        labels: {},
        points: Array.from({ length: period.days }, (_, i) => [period.start + (i + 1) * DAY, STEPS_PER_DAY] as const),
      },
    ],
  });

/** How many days each source counted for, and the days without allocation data as ranges (`a – b`). */
export function sourceSummary(days: readonly DaySource[]): {
  kanaria: number;
  ksm: number;
  noData: string[];
} {
  const noData: string[] = [];
  let runStart: string | undefined;
  let runEnd: string | undefined;
  const close = () => {
    if (runStart) noData.push(runStart === runEnd ? runStart : `${runStart} – ${runEnd}`);
    runStart = runEnd = undefined;
  };
  for (const d of days) {
    if (d.source) close();
    else {
      runStart ??= d.day;
      runEnd = d.day;
    }
  }
  close();
  return {
    kanaria: days.filter((d) => d.source === 'kanaria').length,
    ksm: days.filter((d) => d.source === 'ksm').length,
    noData,
  };
}
