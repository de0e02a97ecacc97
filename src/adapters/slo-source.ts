import { BURN_WINDOWS, type BurnWindow, type SloReadings, type SloSpec } from '../domain/slo/types.js';
import type { SloConfig } from '../domain/slo-config.js';
import { burnWindowSeconds, parseDuration, promDuration } from '../domain/slo/windows.js';
import { PrometheusTooManySeries, type Prometheus, type VectorSample } from './prometheus.js';

/*
 * Reads an SLO's error ratios from Prometheus: one instant query per burn window and one for the whole SLO
 * window, in parallel. Recording rules (Sloth's, Pyrra's, or any named by a template) are asked first when
 * configured; a window whose rule has no series falls back to the raw SLI queries, and each reading says which
 * answered.
 */

/** One `slos:` entry of kanaria.yaml as the schema (slo-config.ts) has checked it: an errors/total pair or a ratio. */
export type SloDefinition = Pick<SloConfig, 'objective' | 'window' | 'sli' | 'rules'>;

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
  const windowSeconds = parseDuration(slo.window);
  if (windowSeconds === undefined) throw new Error(`slos.${name}.window: "${slo.window}" is not a duration`);
  return { name, objective: slo.objective, windowSeconds };
}

const withRange = (template: string, range: string): string => template.replaceAll('{{window}}', range);

const quoted = (value: string) => JSON.stringify(value);

/** The raw error ratio over `range`: no error series yet (a counter never incremented) counts as no errors. */
export function rawRatioQuery(slo: SloDefinition, range: string): string {
  const { errors, total, errorRatio } = slo.sli;
  if (errorRatio !== undefined) return withRange(errorRatio, range);
  return `((${withRange(errors ?? '', range)}) or on() vector(0)) / (${withRange(total ?? '', range)})`;
}

/**
 * Prometheus' own text for a duration (prommodel.Duration), which Sloth uses in its rule names: weeks and years
 * only when exact (28d → `4w`, 30d → `30d`, 12h → `12h`).
 */
export function prometheusDurationName(seconds: number): string {
  let left = Math.round(seconds);
  let text = '';
  for (const [unit, size, exact] of [
    ['y', 365 * 86_400, true],
    ['w', 7 * 86_400, true],
    ['d', 86_400, false],
    ['h', 3_600, false],
    ['m', 60, false],
    ['s', 1, false],
  ] as const) {
    if (left < size || (exact && left % size !== 0)) continue;
    text += `${Math.floor(left / size)}${unit}`;
    left %= size;
  }
  return text || '0s';
}

/**
 * The recording rule's series for a Workbook window, or for the whole SLO window (`whole` seconds); undefined
 * when that generator records nothing for it.
 * - Sloth: `slo:sli_error:ratio_rate<w>{sloth_id="…"}`, the SLO window's named as Prometheus prints it (`30d`, `4w`).
 * - Pyrra: `<metric>:burnrate<w>{slo="…"}` (whatever the metric); its windows are the Workbook's only for a
 *   28-day SLO and only up to 1d (it records 4d, not 3d), so 3d and the whole window come from the raw queries.
 * - A template: `{{window}}` replaced by the window's name.
 */
export function ruleQuery(
  rules: NonNullable<SloDefinition['rules']>,
  window: BurnWindow | { readonly whole: number },
): string | undefined {
  const name = typeof window === 'string' ? window : prometheusDurationName(window.whole);
  if (rules.sloth !== undefined) return `slo:sli_error:ratio_rate${name}{sloth_id=${quoted(rules.sloth)}}`;
  if (rules.pyrra !== undefined)
    return typeof window === 'string' && window !== '3d'
      ? `{__name__=~".+:burnrate${window}",slo=${quoted(rules.pyrra)}}`
      : undefined;
  if (rules.errorRatio !== undefined) return withRange(rules.errorRatio, name);
  return undefined;
}

/** One number from an instant vector: empty → undefined (no series), NaN/±Inf → undefined (no events). */
function oneValue(query: string, samples: readonly VectorSample[]): number | undefined {
  if (samples.length > 1)
    throw new PrometheusTooManySeries(
      query,
      samples.map(
        (s) =>
          `{${Object.entries(s.labels)
            .map(([k, v]) => `${k}="${v}"`)
            .join(',')}}`,
      ),
    );
  const value = samples[0]?.value;
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

export class PrometheusSloSource implements SloSource {
  constructor(private readonly prometheus: Prometheus) {}

  async read(name: string, slo: SloDefinition, now = Math.floor(Date.now() / 1000)): Promise<SourcedReadings> {
    const spec = sloSpec(name, slo);
    const [windowReading, ...burnReadings] = await Promise.all([
      this.readOne(slo, { whole: spec.windowSeconds }, promDuration(spec.windowSeconds), now),
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
    const remaining = (ratio: string) => `1 - (${ratio}) / ${(1 - slo.objective / 100).toPrecision(15)}`;
    const rule = slo.rules && ruleQuery(slo.rules, { whole: spec.windowSeconds });
    if (rule !== undefined) {
      const points = await this.prometheus.rangeSeries(remaining(rule), start, end, stepSeconds);
      if (points.length > 0) return points.map(([t, v]) => [t, v]);
    }
    const points = await this.prometheus.rangeSeries(
      remaining(rawRatioQuery(slo, promDuration(spec.windowSeconds))),
      start,
      end,
      stepSeconds,
    );
    return points.map(([t, v]) => [t, v]);
  }

  /** The rule's series when it has one, else the raw queries over `range`. */
  private async readOne(
    slo: SloDefinition,
    window: BurnWindow | { readonly whole: number },
    range: string,
    now: number,
  ): Promise<{ ratio: number | undefined; source: ReadingSource }> {
    const rule = slo.rules && ruleQuery(slo.rules, window);
    if (rule !== undefined) {
      const samples = await this.prometheus.instantVector(rule, now);
      if (samples.length > 0) return { ratio: oneValue(rule, samples), source: 'rules' };
    }
    const query = rawRatioQuery(slo, range);
    return { ratio: oneValue(query, await this.prometheus.instantVector(query, now)), source: 'queries' };
  }
}
