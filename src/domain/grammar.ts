import { Refusal } from './errors.js';

/** The words of a slash command's text, with `--flags` split off. Quotes group words ("a b"). */
export interface Words {
  readonly args: readonly string[];
  readonly flags: ReadonlySet<string>;
  /** Options that take a value (`--override "P0 fix"`), by name; only those the grammar names as such. */
  readonly options: ReadonlyMap<string, string>;
}

/**
 * Splits a command's text. `valued` names the options that take the next word as their value (a quoted
 * reason); one given without a value is kept as a flag, and checkWords says what is missing.
 */
export function splitWords(text: string, valued: readonly string[] = []): Words {
  const args: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string>();
  // Slack sends smart quotes when the client auto-formats; treat them as plain quotes.
  const normalised = text.replace(/[\u201C\u201D]/g, '"').replace(/[\u2018\u2019]/g, "'");
  let awaiting: string | undefined;
  for (const match of normalised.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const word = match[1] ?? match[2] ?? match[3] ?? '';
    const flag = match[3] !== undefined && /^--?[a-z][a-z-]*$/.test(word) ? word.replace(/^-+/, '') : undefined;
    if (awaiting !== undefined && flag === undefined) {
      options.set(awaiting, word);
      awaiting = undefined;
    } else if (flag !== undefined) {
      awaiting = valued.includes(flag) ? flag : undefined;
      flags.add(flag);
    } else args.push(word);
  }
  // An option with a value is not also a bare flag.
  for (const name of options.keys()) flags.delete(name);
  return { args, flags, options };
}

export interface Grammar {
  /** e.g. `/deploy <app> <image[:tag|@digest]> [--dry-run]` */
  readonly usage: string;
  readonly example: string;
  readonly min: number;
  readonly max: number;
  readonly flags: readonly string[];
  /** Options that take a value (`--override "<reason>"`). */
  readonly options?: readonly string[];
}

/**
 * A command typed against its grammar: the key names what is wrong (`grammar.missingArgument`, …), the facts
 * carry the usage and example quoted in the hint. Counted as `bad-arguments` in kanaria_commands_total.
 */
export class UsageRefusal extends Refusal {
  override readonly name = 'UsageRefusal';
  readonly code = 'bad-arguments';
}

/** How many unknown options a refusal names; the rest are counted. */
const NAMED_OPTIONS = 3;

/** Checks the count of arguments and the flags against the grammar; an unknown option is named first. */
export function checkWords(words: Words, grammar: Grammar): void {
  const usage = { usage: grammar.usage, example: grammar.example };
  const valued = grammar.options ?? [];
  const unknown = [...words.flags]
    .filter((f) => !grammar.flags.includes(f) && !valued.includes(f))
    .map((f) => `--${f}`);
  if (unknown.length > NAMED_OPTIONS) {
    const more = unknown.length - NAMED_OPTIONS;
    throw new UsageRefusal('grammar.unknownOptions', { ...usage, options: unknown.slice(0, NAMED_OPTIONS), more });
  }
  if (unknown.length > 0) throw new UsageRefusal('grammar.unknownOption', { ...usage, options: unknown });
  const bare = valued.find((name) => words.flags.has(name) || words.options.get(name)?.trim() === '');
  if (bare !== undefined) throw new UsageRefusal('grammar.optionNeedsValue', { ...usage, option: `--${bare}` });
  if (words.args.length < grammar.min) {
    throw new UsageRefusal('grammar.missingArgument', { ...usage, count: grammar.min - words.args.length });
  }
  if (words.args.length > grammar.max) {
    throw new UsageRefusal('grammar.tooManyArguments', { ...usage, extra: words.args.slice(grammar.max).join(' ') });
  }
}

/** A whole number written plainly (no 1e3, no 0x10, no 5.0). */
export function parseWholeNumber(word: string): number | undefined {
  return /^\d{1,9}$/.test(word) ? Number(word) : undefined;
}
