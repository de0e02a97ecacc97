/**
 * `npm run -s verdict -- <file.json>`: judges a canary offline, as Kanaria's analysis job does, and prints
 * the verdict as one JSON object. The input is `{"metrics":[{"name","direction","critical","canary":[[ts,v],…],
 * "stable":[[ts,v],…]}]}` (values may be numbers or Prometheus' strings, e.g. "NaN").
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { judge } from '../domain/verdict.js';

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

function main(args: readonly string[]): number {
  const file = args[0];
  if (!file) {
    process.stderr.write('usage: npm run -s verdict -- <file.json>\n');
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const parsed = input.safeParse(raw);
  if (!parsed.success) {
    process.stderr.write(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}\n`,
    );
    return 2;
  }
  const verdict = judge(parsed.data.metrics, parsed.data.options ?? {});
  // JSON has no Infinity: a ratio over a stable mean of 0 prints as null.
  process.stdout.write(
    `${JSON.stringify(verdict, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
