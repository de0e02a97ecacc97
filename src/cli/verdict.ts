/**
 * `npm run -s verdict -- <file.json>`: judges a canary offline, as Kanaria's analysis job does, and prints
 * the verdict as one JSON object. The input is `{"metrics":[{"name","direction","critical","canary":[[ts,v],…],
 * "stable":[[ts,v],…]}]}` (values may be numbers or Prometheus' strings, e.g. "NaN"). The exit code is the
 * verdict (see EXIT), so a CI pipeline can gate on it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { wordedVerdict } from '../blocks/verdict.js';
import { judge, type Verdict } from '../domain/verdict.js';
import { localeFromEnvironment, wordsFor } from '../i18n/index.js';

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

/** The exit code per verdict; bad input is 64, EX_USAGE of sysexits.h, apart from every verdict. */
const EXIT: Readonly<Record<Verdict['verdict'], number>> = { pass: 0, fail: 1, inconclusive: 2 };
const BAD_INPUT = 64;

const USAGE = 'usage: npm run -s verdict -- <file.json>';
const HELP = `${USAGE}

Judges a recorded canary against stable, as Kanaria's analysis does, and prints the verdict as one JSON line.
<file.json> (or - for standard input):
  {"metrics":[{"name","direction":"increase|decrease|either","critical","weight","allowedIncrease",
    "allowedDecrease","canary":[[ts,value],…],"stable":[[ts,value],…]}],
   "options":{"confidence","tolerance","passScore","marginalScore"}}

Exit codes:
  0   the verdict is pass
  1   the verdict is fail
  2   the verdict is inconclusive (too little data, or a score below passScore that is not a fail)
  64  bad input: usage, a file that cannot be read, is not JSON or not the shape above (nothing on stdout)
`;

function main(argv: readonly string[]): number {
  let file: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length > 1)
      throw new Error(`${positionals.length} files given: the judge reads one file at a time`);
    file = positionals[0];
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return BAD_INPUT;
  }
  if (!file) {
    process.stderr.write(`${USAGE}\n`);
    return BAD_INPUT;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`${file}: ${(error as Error).message}\n`);
    return BAD_INPUT;
  }
  const parsed = input.safeParse(raw);
  if (!parsed.success) {
    process.stderr.write(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}\n`,
    );
    return BAD_INPUT;
  }
  const verdict = judge(parsed.data.metrics, parsed.data.options ?? {});
  // Reasons in the terminal's language (LANG); JSON has no Infinity: a ratio over a stable mean of 0 prints as null.
  const worded = wordedVerdict(wordsFor(localeFromEnvironment(process.env)), verdict);
  process.stdout.write(
    `${JSON.stringify(worded, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`,
  );
  return EXIT[verdict.verdict];
}

process.exitCode = main(process.argv.slice(2));
