/**
 * `npm run -s slo -- <file.json>`: the error-budget arithmetic of Kanaria's gate and `/slo`, offline. The input is
 * `{"objective": 99.9, "windowDays": 30, "now": <unix s>, "requests": [[ts, counter], …], "errors": [[ts, counter], …]}`
 * (cumulative counters as Prometheus scrapes them, resets included); the output one JSON object with the budget
 * left, the burn rate per Workbook window (null: no data), the alerts firing and when the budget runs out.
 */
import { z } from 'zod';
import { sloStatus } from '../domain/slo/budget.js';
import { readingsFromCounters } from '../domain/slo/counters.js';
import { BURN_WINDOWS } from '../domain/slo/types.js';
import { localeFromEnvironment, wordsFor, type Words } from '../i18n/index.js';
import { readJsonInput } from './json-input.js';

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
  const read = readJsonInput(argv, t, {
    command: USAGE,
    area: 'slo',
    schema: input,
    // The order of samples is ours to word; zod's words say the rest.
    problem: (message, t) => (message === 'unsorted' ? t('cli.slo.unsorted') : undefined),
  });
  if ('exit' in read) return read.exit;
  const { spec, readings } = readingsFromCounters(read.data);
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

// Refusals and --help speak the language of LANG (LC_ALL, LC_MESSAGES); the JSON does not change.
process.exitCode = main(process.argv.slice(2), wordsFor(localeFromEnvironment(process.env)));
