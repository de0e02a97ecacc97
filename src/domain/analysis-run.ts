import type { Point, Verdict } from './verdict.js';

/** One analysis of a canary against stable: the verdict, and what was judged (for the chart). */
export interface AnalysisRun {
  readonly verdict: Verdict;
  /** What was judged, for the chart. */
  readonly series: readonly {
    readonly name: string;
    readonly canary: readonly Point[];
    readonly stable: readonly Point[];
  }[];
  readonly window: { readonly start: number; readonly end: number; readonly step: number };
}
