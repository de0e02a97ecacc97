import { z } from 'zod';
import type { Direction, MetricInput } from './verdict.js';

/** `30m`, `15s`, `1h`, `90` (seconds). */

export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h)?$/.exec(text);
  if (!match) throw new RangeError(`not a duration: ${text}`);
  const n = Number(match[1]);
  return { ms: n / 1000, s: n, m: n * 60, h: n * 3600, '': n }[match[2] ?? ''] as number;
}

/** PromQL; `{{hash}}` becomes the canary's or the stable's pod template hash. */
const query = z
  .string()
  .min(1)
  .refine(
    (q) => q.includes('{{hash}}'),
    'must contain {{hash}} (the pod template hash): without it canary and stable run the same query and always agree',
  );

/** At least a second: `interval: 100ms` would judge ten times a second, `step: 0` no points at all. */
const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h)?$/, 'must be a duration such as 15s, 30m or 1h')
  .refine((d) => parseDuration(d) >= 1, 'must be at least 1s');

const metric = z
  .object({
    query,
    direction: z.enum(['increase', 'decrease', 'either']).optional(),
    critical: z.boolean().optional(),
    weight: z.number().positive().optional(),
    allowedIncrease: z.number().positive().optional(),
    allowedDecrease: z.number().positive().optional(),
    /** Shown over the metric's panel in the chart (`s`, `ms`, `req/s`, `%`). */
    unit: z.string().min(1).max(16).optional(),
  })
  .strict();

/**
 * `apps.<app>.analysis`: metrics by name (a PromQL string, or an object with the query and how to judge
 * it) beside a few settings. The settings' names are reserved.
 */
export const analysisSchema = z
  .object({
    window: duration.optional(),
    step: duration.optional(),
    /** While a canary runs, judge it again this often (off when absent). */
    interval: duration.optional(),
    autopilot: z
      .object({ enabled: z.boolean().default(false), passes: z.number().int().min(1).max(20).default(3) })
      .strict()
      .optional(),
  })
  .catchall(z.union([query, metric]));

export type AnalysisConfig = z.infer<typeof analysisSchema>;

export interface AnalysisMetric extends Omit<MetricInput, 'canary' | 'stable'> {
  readonly query: string;
  readonly unit?: string;
}

export interface AnalysisSettings {
  readonly windowSeconds: number;
  readonly stepSeconds: number;
  readonly intervalSeconds?: number;
  readonly autopilot: { readonly enabled: boolean; readonly passes: number };
  readonly metrics: readonly AnalysisMetric[];
}

const SETTINGS = new Set(Object.keys(analysisSchema.shape));

/** Which way is bad when the configuration does not say: success and availability falling, anything else rising. */
export const defaultDirection = (name: string): Direction =>
  /success|availab|throughput|apdex|hit.?rate/i.test(name) ? 'decrease' : 'increase';

/** The analysis of an app with every default filled in. */
export function analysisSettings(config: AnalysisConfig): AnalysisSettings {
  const metrics = Object.entries(config)
    .filter(([name]) => !SETTINGS.has(name))
    .map(([name, value]): AnalysisMetric => {
      const spec = typeof value === 'string' ? { query: value } : (value as z.infer<typeof metric>);
      return { name, ...spec, direction: spec.direction ?? defaultDirection(name) };
    });
  return {
    windowSeconds: parseDuration(config.window ?? '30m'),
    stepSeconds: parseDuration(config.step ?? '15s'),
    ...(config.interval && { intervalSeconds: parseDuration(config.interval) }),
    autopilot: { enabled: config.autopilot?.enabled ?? false, passes: config.autopilot?.passes ?? 3 },
    metrics,
  };
}
