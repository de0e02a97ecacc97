/**
 * `npm run -s verdict -- <file.json>`: judges a canary offline, as Kanaria's analysis job does, and prints
 * the verdict as one JSON object. The input is `{"metrics":[{"name","direction","critical","canary":[[ts,v],…],
 * "stable":[[ts,v],…]}]}` (values may be numbers or Prometheus' strings, e.g. "NaN"). The exit code is the
 * verdict (see EXIT), so a CI pipeline can gate on it.
 */
import { z } from 'zod';
import { wordedVerdict } from '../blocks/verdict.js';
import { judge, type Verdict } from '../domain/verdict.js';
import { localeFromEnvironment, wordsFor, type Words } from '../i18n/index.js';
import { readJsonInput } from './json-input.js';

const value = z.union([z.number(), z.string().transform((s) => Number(s))]);
const series = z.array(z.tuple([z.number(), value]));
const input = z
  .object({
    metrics: z.array(
      z
        .object({
          name: z.string().min(1),
          direction: z.enum(['increase', 'decrease', 'either']),
          critical: z.boolean().default(false),
          weight: z.number().positive().optional(),
          allowedIncrease: z.number().positive().optional(),
          allowedDecrease: z.number().positive().optional(),
          canary: series,
          stable: series,
        })
        .strict(),
    ),
    options: z
      .object({
        confidence: z.number().gt(0).lt(1).optional(),
        tolerance: z.number().min(0).optional(),
        passScore: z.number().optional(),
        marginalScore: z.number().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The exit code per verdict; bad input is BAD_INPUT (json-input.ts), apart from every verdict. */
const EXIT: Readonly<Record<Verdict['verdict'], number>> = { pass: 0, fail: 1, inconclusive: 2 };

const USAGE = 'npm run -s verdict -- <file.json>';

function main(argv: readonly string[], t: Words): number {
  const read = readJsonInput(argv, t, { command: USAGE, area: 'verdict', schema: input });
  if ('exit' in read) return read.exit;
  const verdict = judge(read.data.metrics, read.data.options ?? {});
  // Reasons in the terminal's language (LANG); JSON has no Infinity: a ratio over a stable mean of 0 prints as null.
  const worded = wordedVerdict(t, verdict);
  process.stdout.write(
    `${JSON.stringify(worded, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`,
  );
  return EXIT[verdict.verdict];
}

// Refusals and --help speak the language of LANG (LC_ALL, LC_MESSAGES); the JSON and the exit codes do not change.
process.exitCode = main(process.argv.slice(2), wordsFor(localeFromEnvironment(process.env)));
