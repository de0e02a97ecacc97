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
import { localeFromEnvironment, wordsFor, type Words } from '../i18n/index.js';

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

const USAGE = 'npm run -s verdict -- <file.json>';

function main(argv: readonly string[], t: Words): number {
  const usage = t('cli.usage', { command: USAGE });
  let file: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(`${usage}\n\n${t('cli.verdict.help')}`);
      return 0;
    }
    if (positionals.length > 1) return refuse(t('cli.verdict.tooManyFiles', { count: positionals.length }), usage);
    file = positionals[0];
  } catch (error) {
    // Node's own words (parseArgs) name the option.
    return refuse((error as Error).message, usage);
  }
  if (!file) return refuse(usage);
  let raw: unknown;
  try {
    raw = JSON.parse(file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8'));
  } catch (error) {
    // Node's own words say why the file could not be read or parsed.
    return refuse(`${file}: ${(error as Error).message}`);
  }
  const parsed = input.safeParse(raw);
  if (!parsed.success) {
    // zod's own words say what is wrong at each place.
    const faults = parsed.error.issues.map((i) =>
      t('cli.verdict.fault', { path: i.path.join('.') || t('cli.verdict.root'), problem: i.message }),
    );
    return refuse(`${file}: ${faults.join(t('cli.verdict.faultSeparator'))}`);
  }
  const verdict = judge(parsed.data.metrics, parsed.data.options ?? {});
  // Reasons in the terminal's language (LANG); JSON has no Infinity: a ratio over a stable mean of 0 prints as null.
  const worded = wordedVerdict(t, verdict);
  process.stdout.write(
    `${JSON.stringify(worded, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`,
  );
  return EXIT[verdict.verdict];
}

/** Bad input: its lines on stderr, nothing on stdout, and the exit code apart from every verdict. */
function refuse(...lines: string[]): number {
  process.stderr.write(lines.map((line) => `${line}\n`).join(''));
  return BAD_INPUT;
}

// Refusals and --help speak the language of LANG (LC_ALL, LC_MESSAGES); the JSON and the exit codes do not change.
process.exitCode = main(process.argv.slice(2), wordsFor(localeFromEnvironment(process.env)));
