import { BURN_WINDOWS, type BurnWindow, type SloReadings, type SloSpec } from '../domain/slo/types.js';
import { PrometheusTooManySeries, type Prometheus, type VectorSample } from './prometheus.js';
import { burnWindowSeconds, parseDuration, promDuration } from './slo-window-text.js';

/*
 * Reads an SLO's error ratios from Prometheus: one instant query per burn window and one for the whole SLO
 * window, in parallel. Recording rules (Sloth's, or any named by a template) are asked first when configured;
 * a window whose rule has no series falls back to the raw SLI queries, and each reading says which answered.
 */

/** One `slos:` entry of kanaria.yaml, as much of it as reading needs (piece A's schema gives the rest). */
export interface SloDefinition {
  /** Percent, strictly between 0 and 100. */
  readonly objective: number;
  /** The SLO window as written (`30d`, or a sped-up `12h`); `windowSeconds` when the schema has parsed it. */
  readonly window: string;
  readonly windowSeconds?: number;
  /** PromQL with `{{window}}` where the range goes: bad and total events, or the error ratio itself. */
  readonly sli: { readonly errors: string; readonly total: string } | { readonly errorRatio: string };
  /** Recording rules already there: Sloth's by its SLO id, or a template (`{{window}}` = the Workbook name). */
  readonly rules?: { readonly sloth: string } | { readonly errorRatio: string };
}

/** Which query answered a window: the recording rule, or the raw SLI queries. */
export type ReadingSource = 'rules' | 'queries';

export interface SourcedReadings extends SloReadings {
  /** Per burn window, and `window` for the whole SLO window: where the number (or the lack of one) came from. */
  readonly sources: Partial<Record<BurnWindow | 'window', ReadingSource>>;
}

export interface SloSource {
  /** The error ratios of SLO `name` at `now` (unix seconds, default now); a window without data is absent. */
  read(name: string, slo: SloDefinition, now?: number): Promise<SourcedReadings>;
  /** `[unix seconds, budget remaining (fraction, may be negative)]` over [start, end], for the chart. */
  budgetSeries(
    name: string,
    slo: SloDefinition,
    start: number,
    end: number,
    stepSeconds: number,
  ): Promise<[number, number][]>;
}

/** The arithmetic's view of an SLO definition; its window must be a duration (the schema has checked it). */
export function sloSpec(name: string, slo: SloDefinition): SloSpec {
  const windowSeconds = slo.windowSeconds ?? parseDuration(slo.window);
  if (windowSeconds === undefined) throw new Error(`slos.${name}.window: "${slo.window}" is not a duration`);
  return { name, objective: slo.objective, windowSeconds };
}

const withRange = (template: string, range: string): string => template.replaceAll('{{window}}', range);

/** The raw error ratio over `range`: no error series yet (a counter never incremented) counts as no errors. */
export function rawRatioQuery(slo: SloDefinition, range: string): string {
  if ('errorRatio' in slo.sli) return withRange(slo.sli.errorRatio, range);
  return `((${withRange(slo.sli.errors, range)}) or on() vector(0)) / (${withRange(slo.sli.total, range)})`;
}

/** The recording rule's series for a Workbook window name (or the SLO window's, e.g. `30d`). */
export function ruleQuery(rules: NonNullable<SloDefinition['rules']>, windowName: string): string {
  if ('sloth' in rules)
    return `slo:sli_error:ratio_rate${windowName}{sloth_id="${rules.sloth.replaceAll('"', '\\"')}"}`;
  return withRange(rules.errorRatio, windowName);
}

/** One number from an instant vector: empty → undefined (no series), NaN/±Inf → undefined (no events). */
function oneValue(query: string, samples: readonly VectorSample[]): number | undefined {
  if (samples.length > 1)
    throw new PrometheusTooManySeries(
      query,
      samples.map((s) => `{${Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`)}}`),
    );
  const value = samples[0]?.value;
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

export class PrometheusSloSource implements SloSource {
  constructor(private readonly prometheus: Prometheus) {}

  async read(name: string, slo: SloDefinition, now = Math.floor(Date.now() / 1000)): Promise<SourcedReadings> {
    const spec = sloSpec(name, slo);
    const wholeWindow = promDuration(spec.windowSeconds);
    const [windowReading, ...burnReadings] = await Promise.all([
      this.readOne(slo, wholeWindow, wholeWindow, now),
      ...BURN_WINDOWS.map((w) => this.readOne(slo, w, promDuration(burnWindowSeconds(w, spec)), now)),
    ]);
    const ratios: Partial<Record<BurnWindow, number>> = {};
    const sources: Partial<Record<BurnWindow | 'window', ReadingSource>> = { window: windowReading!.source };
    BURN_WINDOWS.forEach((w, i) => {
      const reading = burnReadings[i]!;
      sources[w] = reading.source;
      if (reading.ratio !== undefined) ratios[w] = reading.ratio;
    });
    return {
      now,
      ratios,
      sources,
      ...(windowReading!.ratio !== undefined && { windowRatio: windowReading!.ratio }),
    };
  }

  async budgetSeries(
    name: string,
    slo: SloDefinition,
    start: number,
    end: number,
    stepSeconds: number,
  ): Promise<[number, number][]> {
    const spec = sloSpec(name, slo);
    const wholeWindow = promDuration(spec.windowSeconds);
    const remaining = (ratio: string) => `1 - (${ratio}) / ${(1 - slo.objective / 100).toPrecision(15)}`;
    if (slo.rules) {
      const points = await this.prometheus.rangeSeries(
        remaining(ruleQuery(slo.rules, wholeWindow)),
        start,
        end,
        stepSeconds,
      );
      if (points.length > 0) return points.map(([t, v]) => [t, v]);
    }
    const points = await this.prometheus.rangeSeries(
      remaining(rawRatioQuery(slo, wholeWindow)),
      start,
      end,
      stepSeconds,
    );
    return points.map(([t, v]) => [t, v]);
  }

  /** The rule's series when it has one, else the raw queries over `range`. */
  private async readOne(
    slo: SloDefinition,
    windowName: string,
    range: string,
    now: number,
  ): Promise<{ ratio: number | undefined; source: ReadingSource }> {
    if (slo.rules) {
      const query = ruleQuery(slo.rules, windowName);
      const samples = await this.prometheus.instantVector(query, now);
      if (samples.length > 0) return { ratio: oneValue(query, samples), source: 'rules' };
    }
    const query = rawRatioQuery(slo, range);
    return { ratio: oneValue(query, await this.prometheus.instantVector(query, now)), source: 'queries' };
  }
}
