import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { Words } from '../i18n/index.js';

/** Bad input is 64, EX_USAGE of sysexits.h, apart from every answer a tool gives. */
export const BAD_INPUT = 64;

/** A tool that reads one JSON document (a file, or - for standard input) and prints one JSON line. */
export interface JsonTool<T> {
  /** e.g. `npm run -s verdict -- <file.json>` */
  readonly command: string;
  /** Its words: `cli.<area>.help` (after the usage line) and `cli.<area>.tooManyFiles`. */
  readonly area: 'verdict' | 'slo';
  readonly schema: z.ZodType<T>;
  /** A fault the schema words with a key of the tool's own (e.g. `unsorted`), in the reader's words. */
  readonly problem?: (message: string, t: Words) => string | undefined;
}

/**
 * The tool's input, checked by its schema; or the exit code once --help was printed or bad input was refused on
 * stderr (nothing on stdout). Node's own words (parseArgs, the file system, JSON) and zod's stay as they are.
 */
export function readJsonInput<T>(argv: readonly string[], t: Words, tool: JsonTool<T>): { data: T } | { exit: number } {
  const usage = t('cli.usage', { command: tool.command });
  let file: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(`${usage}\n\n${t(`cli.${tool.area}.help`)}`);
      return { exit: 0 };
    }
    if (positionals.length > 1) return refuse(t(`cli.${tool.area}.tooManyFiles`, { count: positionals.length }), usage);
    file = positionals[0];
  } catch (error) {
    return refuse((error as Error).message, usage);
  }
  if (!file) return refuse(usage);
  let raw: unknown;
  try {
    raw = JSON.parse(file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8'));
  } catch (error) {
    return refuse(`${file}: ${(error as Error).message}`);
  }
  const parsed = tool.schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data };
  const faults = parsed.error.issues.map((i) =>
    t('cli.input.fault', {
      path: i.path.join('.') || t('cli.input.root'),
      problem: tool.problem?.(i.message, t) ?? i.message,
    }),
  );
  return refuse(`${file}: ${faults.join(t('cli.input.faultSeparator'))}`);
}

/** Bad input: its lines on stderr, nothing on stdout. */
function refuse(...lines: string[]): { exit: number } {
  process.stderr.write(lines.map((line) => `${line}\n`).join(''));
  return { exit: BAD_INPUT };
}
