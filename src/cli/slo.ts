/**
 * `npm run -s slo -- <file.json>`: the error-budget arithmetic of Kanaria's gate and `/slo`, offline. The input is
 * `{"objective": 99.9, "windowDays": 30, "now": <unix s>, "requests": [[ts, counter], …], "errors": [[ts, counter], …]}`
 * (cumulative counters as Prometheus scrapes them, resets included); the output one JSON object with the budget
 * left, the burn rate per Workbook window (null: no data), the alerts firing and when the budget runs out.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { sloStatus } from '../domain/slo/budget.js';
import { readingsFromCounters } from '../domain/slo/counters.js';
import { BURN_WINDOWS } from '../domain/slo/types.js';
import { localeFromEnvironment, wordsFor, type Words } from '../i18n/index.js';

/** Bad input is 64, EX_USAGE of sysexits.h, as for the other tools. */
const BAD_INPUT = 64;
const USAGE = 'npm run -s slo -- <file.json>';

const counter = z.array(z.tuple([z.number(), z.number()])).superRefine((samples, ctx) => {
  const at = samples.findIndex((sample, i) => i > 0 && sample[0] <= samples[i - 1]![0]);
  if (at > 0) ctx.addIssue({ code: 'custom', path: [at, 0], message: 'unsorted' });
});

const input = z
  .object({
    objective: z.number().gt(0, 'must be between 0 and 100, e.g. 99.9').lt(100, 'must be between 0 and 100, e.g. 99.9'),
    windowDays: z.number().positive(),
    now: z.number(),
    requests: counter,
    errors: counter,
  })
  .strict();

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
      process.stdout.write(`${usage}\n\n${t('cli.slo.help')}`);
      return 0;
    }
    if (positionals.length > 1) return refuse(t('cli.slo.tooManyFiles', { count: positionals.length }), usage);
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
    // zod's own words say what is wrong at each place, but for the order of samples, which is ours.
    const faults = parsed.error.issues.map((i) =>
      t('cli.slo.fault', {
        path: i.path.join('.') || t('cli.slo.root'),
        problem: i.message === 'unsorted' ? t('cli.slo.unsorted') : i.message,
      }),
    );
    return refuse(`${file}: ${faults.join(t('cli.slo.faultSeparator'))}`);
  }
  const { spec, readings } = readingsFromCounters(parsed.data);
  const status = sloStatus(spec, readings);
  const output = {
    budgetRemaining: status.budgetRemaining ?? null,
    burnRates: Object.fromEntries(BURN_WINDOWS.map((w) => [w, status.burnRates[w] ?? null])),
    alerts: status.firing,
    // Whole seconds; null both when nothing burns and when there is no data to tell.
    exhaustsAt: typeof status.exhaustsAt === 'number' ? Math.round(status.exhaustsAt) : null,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
  return 0;
}

/** Bad input: its lines on stderr, nothing on stdout. */
function refuse(...lines: string[]): number {
  process.stderr.write(lines.map((line) => `${line}\n`).join(''));
  return BAD_INPUT;
}

// Refusals and --help speak the language of LANG (LC_ALL, LC_MESSAGES); the JSON does not change.
process.exitCode = main(process.argv.slice(2), wordsFor(localeFromEnvironment(process.env)));
