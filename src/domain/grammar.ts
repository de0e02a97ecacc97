import { UserFacingError } from './errors.js';
import { quote } from './quote.js';

/** The words of a slash command's text, with `--flags` split off. Quotes group words ("a b"). */
export interface Words {
  readonly args: readonly string[];
  readonly flags: ReadonlySet<string>;
}

export function splitWords(text: string): Words {
  const args: string[] = [];
  const flags = new Set<string>();
  // Slack sends smart quotes when the client auto-formats; treat them as plain quotes.
  const normalised = text.replace(/[\u201C\u201D]/g, '"').replace(/[\u2018\u2019]/g, "'");
  for (const match of normalised.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const word = match[1] ?? match[2] ?? match[3] ?? '';
    if (match[3] !== undefined && /^--?[a-z][a-z-]*$/.test(word)) flags.add(word.replace(/^-+/, ''));
    else args.push(word);
  }
  return { args, flags };
}

export interface Grammar {
  /** e.g. `/deploy <app> <image[:tag|@digest]> [--dry-run]` */
  readonly usage: string;
  readonly example: string;
  readonly min: number;
  readonly max: number;
  readonly flags: readonly string[];
}

/** Checks the count of arguments and the flags against the grammar; errors quote the usage. */
export function checkWords(words: Words, grammar: Grammar): void {
  const usage = `Usage: \`${grammar.usage}\`, e.g. \`${grammar.example}\``;
  const unknown = [...words.flags].filter((f) => !grammar.flags.includes(f));
  if (unknown.length > 0) {
    throw new UserFacingError(
      'bad-arguments',
      `Unknown option ${unknown
        .slice(0, 3)
        .map((f) => quote(`--${f}`))
        .join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}.`,
      usage,
    );
  }
  if (words.args.length < grammar.min) {
    throw new UserFacingError(
      'bad-arguments',
      `Missing argument${grammar.min - words.args.length > 1 ? 's' : ''}.`,
      usage,
    );
  }
  if (words.args.length > grammar.max) {
    throw new UserFacingError(
      'bad-arguments',
      `Too many arguments: ${quote(words.args.slice(grammar.max).join(' '))}.`,
      usage,
    );
  }
}

/** A whole number written plainly (no 1e3, no 0x10, no 5.0). */
export function parseWholeNumber(word: string): number | undefined {
  return /^\d{1,9}$/.test(word) ? Number(word) : undefined;
}
