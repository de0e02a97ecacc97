import { z } from 'zod';
import { readRrule } from './slo/rrule.js';
import { parseWallTime } from './slo/wall-clock.js';
import { parseDuration } from './slo/windows.js';
import { timeZone } from './time-zone.js';

/** The `slos:` and `freezes:` parts of kanaria.yaml (issue 14). */

const duration = (example: string) =>
  z
    .string()
    .refine(
      (text) => parseDuration(text) !== undefined,
      `is not a duration: a number and a unit (s, m, h, d, w), e.g. ${example}`,
    );

/** PromQL with `{{window}}` where the range goes: one query serves every burn window. */
const windowed = z
  .string()
  .min(1)
  .refine(
    (query) => query.includes('{{window}}'),
    'must contain {{window}} where the range goes, e.g. sum(rate(http_requests_total[{{window}}]))',
  );

const sli = z
  .object({ errors: windowed.optional(), total: windowed.optional(), errorRatio: windowed.optional() })
  .strict()
  .superRefine((s, ctx) => {
    const pair = s.errors !== undefined || s.total !== undefined;
    if (s.errorRatio !== undefined && pair)
      ctx.addIssue({ code: 'custom', message: 'give either errors and total, or errorRatio, not both' });
    else if (s.errorRatio === undefined && (s.errors === undefined || s.total === undefined))
      ctx.addIssue({
        code: 'custom',
        message: pair
          ? `${s.errors === undefined ? 'errors' : 'total'} is missing: errors and total go together`
          : 'needs errors and total (bad and all events), or errorRatio',
      });
  });

/** Recording rules that already compute the error ratio per window (used first; the raw sli is the fallback). */
const rules = z
  .object({
    /** Sloth's `slo:sli_error:ratio_rate<window>{sloth_id="<value>"}`. */
    sloth: z.string().min(1).optional(),
    /** A template of the ratio series, `{{window}}` standing for the Workbook window's name (5m, 1h, …). */
    errorRatio: windowed.optional(),
    /** Pyrra's recording rules for the SLO of that name. */
    pyrra: z.string().min(1).optional(),
  })
  .strict()
  .refine(
    (r) => [r.sloth, r.errorRatio, r.pyrra].filter((x) => x !== undefined).length === 1,
    'name one of sloth, errorRatio or pyrra',
  );

export const sloSchema = z
  .object({
    /** Percent of good events, strictly between 0 and 100: 100 leaves no budget, 0 needs no SLO. */
    objective: z
      .number({ error: 'must be a number between 0 and 100, e.g. 99.9' })
      .gt(0, 'must be between 0 and 100, e.g. 99.9')
      .lt(100, 'must be between 0 and 100, e.g. 99.9'),
    /** 28d or 30d in production; shorter windows are sped-up 30-day windows (slo/windows.ts). */
    window: duration('30d or 28d'),
    sli,
    rules: rules.optional(),
  })
  .strict();

export type SloConfig = z.infer<typeof sloSchema>;

export const freezeSchema = z
  .object({
    name: z.string().min(1),
    kind: z.enum(['deny', 'allow']).default('deny'),
    /** Local wall-clock time in `timezone` of the first occurrence. */
    start: z
      .string()
      .refine(
        (text) => parseWallTime(text) !== undefined,
        'must be a local time YYYY-MM-DDTHH:MM, e.g. "2026-01-02T18:00"',
      ),
    rrule: z
      .string()
      .superRefine((text, ctx) => {
        const read = readRrule(text);
        if ('error' in read)
          ctx.addIssue({ code: 'custom', message: `is not an RRULE (${read.error}), e.g. "FREQ=WEEKLY;BYDAY=FR"` });
      })
      .optional(),
    duration: duration('63h or 1h30m'),
    timezone: timeZone,
    environments: z.array(z.string().min(1)).min(1).optional(),
    apps: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

/** An app's `slo:` as a list of names. */
export const sloNamesOf = (slo: string | readonly string[] | undefined): string[] =>
  slo === undefined ? [] : typeof slo === 'string' ? [slo] : [...slo];
