import { describe, it, expect } from 'vitest';
import { checkWords, parseWholeNumber, splitWords, UsageRefusal, type Grammar } from '../../src/domain/grammar.js';
import { explain, wordsFor } from '../../src/i18n/index.js';

describe('splitWords', () => {
  it.each<[string, string[], string[]]>([
    ['', [], []],
    ['   ', [], []],
    ['llm-api nginx:1.27.0', ['llm-api', 'nginx:1.27.0'], []],
    ['  llm-api \t  nginx:1.27.0  ', ['llm-api', 'nginx:1.27.0'], []],
    // Flags, long and short, anywhere on the line.
    ['llm-api nginx:1.27.0 --dry-run', ['llm-api', 'nginx:1.27.0'], ['dry-run']],
    ['--dry-run llm-api -f', ['llm-api'], ['dry-run', 'f']],
    // Quotes group words; the quotes themselves are not part of the word.
    ['llm-api "two words" \'and three more\'', ['llm-api', 'two words', 'and three more'], []],
    ['"a \'quoted\' word"', ["a 'quoted' word"], []],
    ['""', [''], []],
    // Slack's smart quotes (the client auto-formats "…" into “…” and '…' into ‘…’).
    ['llm-api \u201Ctwo words\u201D', ['llm-api', 'two words'], []],
    ['llm-api \u2018two words\u2019', ['llm-api', 'two words'], []],
    // A quoted flag is an argument, not an option.
    ['llm-api "--dry-run"', ['llm-api', '--dry-run'], []],
    // Things that look like flags but are not: negative numbers, capitals, a lone dash, `---x`.
    ['scale llm-api -1', ['scale', 'llm-api', '-1'], []],
    ['llm-api --Force', ['llm-api', '--Force'], []],
    ['llm-api - --', ['llm-api', '-', '--'], []],
    ['llm-api ---x', ['llm-api', '---x'], []],
    // An apostrophe inside a word does not open a quote.
    ["it's fine", ["it's", 'fine'], []],
  ])('%j → args %j, flags %j', (text, args, flags) => {
    const words = splitWords(text);
    expect(words.args).toEqual(args);
    expect([...words.flags]).toEqual(flags);
  });

  it('counts a repeated flag once', () => {
    expect([...splitWords('a --dry-run --dry-run').flags]).toEqual(['dry-run']);
  });
});

describe('checkWords', () => {
  const deploy: Grammar = {
    usage: '/deploy <app> <image[:tag|@digest]> [--dry-run]',
    example: '/deploy llm-api ghcr.io/acme/llm-api:1.2.3',
    min: 2,
    max: 2,
    flags: ['dry-run'],
  };
  const history: Grammar = {
    usage: '/history <app> [count]',
    example: '/history llm-api 5',
    min: 1,
    max: 2,
    flags: [],
  };

  /** The refusal, worded in English as the person reads it. */
  function rejection(text: string, grammar: Grammar, locale: 'en' | 'ja' = 'en') {
    try {
      checkWords(splitWords(text), grammar);
    } catch (error) {
      if (error instanceof UsageRefusal) return { code: error.code, ...explain(wordsFor(locale), error) };
      throw error;
    }
    throw new Error(`expected \`${text}\` to be refused`);
  }

  it.each<[string, Grammar]>([
    ['llm-api nginx:1', deploy],
    ['llm-api nginx:1 --dry-run', deploy],
    ['llm-api', history],
    ['llm-api 5', history],
  ])('accepts %j', (text, grammar) => {
    expect(() => checkWords(splitWords(text), grammar)).not.toThrow();
  });

  it.each<[string, Grammar, string]>([
    ['llm-api', deploy, 'Missing argument.'],
    ['', deploy, 'Missing arguments.'],
    ['', history, 'Missing argument.'],
    ['llm-api nginx:1 extra words', deploy, 'Too many arguments: `extra words`.'],
    ['llm-api 5 6', history, 'Too many arguments: `6`.'],
    ['llm-api nginx:1 --force', deploy, 'Unknown option `--force`.'],
    ['llm-api nginx:1 --force --yes', deploy, 'Unknown option `--force`, `--yes`.'],
    ['llm-api --dry-run', history, 'Unknown option `--dry-run`.'],
  ])('refuses %j: %s', (text, grammar, message) => {
    const error = rejection(text, grammar);
    expect(error.code).toBe('bad-arguments');
    expect(error.message).toBe(message);
    expect(error.hint).toBe(`Usage: \`${grammar.usage}\`, e.g. \`${grammar.example}\``);
  });

  it('reports an unknown option before a wrong count, so the usage explains both', () => {
    expect(rejection('--force', deploy).message).toBe('Unknown option `--force`.');
  });

  it('names three unknown options and counts the rest', () => {
    expect(rejection('a b --w --x --y --z', deploy).message).toBe('Unknown option `--w`, `--x`, `--y` and 1 more.');
  });

  it('quotes what was typed so that it cannot mention anyone', () => {
    expect(rejection('llm-api 5 <!channel>', history).message).toBe('Too many arguments: `&lt;!channel&gt;`.');
  });

  it.each<[string, Grammar, string]>([
    ['llm-api', deploy, '引数が足りません。'],
    ['llm-api nginx:1 extra words', deploy, '引数が多すぎます: `extra words` は不要です。'],
    ['llm-api nginx:1 --force --yes', deploy, '`--force`, `--yes` というオプションはありません。'],
  ])('refuses %j in Japanese: %s', (text, grammar, message) => {
    const error = rejection(text, grammar, 'ja');
    expect(error.message).toBe(message);
    expect(error.hint).toBe(`使い方: \`${grammar.usage}\` 例: \`${grammar.example}\``);
  });
});

describe('parseWholeNumber', () => {
  it.each([
    ['0', 0],
    ['5', 5],
    ['007', 7],
    ['1000', 1000],
    ['999999999', 999_999_999],
  ])('%j → %d', (word, value) => {
    expect(parseWholeNumber(word)).toBe(value);
  });

  it.each([
    '',
    ' ',
    '1e3',
    '0x10',
    '0b1',
    '0o7',
    '5.0',
    '5.',
    '.5',
    '-1',
    '+5',
    ' 5',
    '5 ',
    '1_000',
    '1,000',
    'Infinity',
    'NaN',
    'five',
    '1234567890',
    '\uFF15',
  ])('rejects %j', (word) => {
    expect(parseWholeNumber(word)).toBeUndefined();
  });
});

describe('options with a value (--override "<reason>")', () => {
  const grammar: Grammar = {
    usage: '/deploy <app> <image> [--override "<reason>"]',
    example: '/deploy web nginx:1.27 --override "P0: checkout down"',
    min: 2,
    max: 2,
    flags: ['dry-run', 'when-open'],
    options: ['override'],
  };
  const split = (text: string) => splitWords(text, grammar.options);

  it.each<[string, string[], string | undefined, string[]]>([
    ['web nginx:1 --override "P0: checkout down"', ['web', 'nginx:1'], 'P0: checkout down', []],
    ['--override “smart quotes” web nginx:1', ['web', 'nginx:1'], 'smart quotes', []],
    ['web nginx:1 --override hotfix --when-open', ['web', 'nginx:1'], 'hotfix', ['when-open']],
    ['web nginx:1 --when-open', ['web', 'nginx:1'], undefined, ['when-open']],
  ])('%s', (text, args, reason, flags) => {
    const words = split(text);
    expect(words.args).toEqual(args);
    expect(words.options.get('override')).toBe(reason);
    expect([...words.flags]).toEqual(flags);
    expect(() => checkWords(words, grammar)).not.toThrow();
  });

  it.each(['web nginx:1 --override', 'web nginx:1 --override --when-open', 'web nginx:1 --override ""'])(
    '%s: the option is named, with the usage',
    (text) => {
      const error = (() => {
        try {
          checkWords(split(text), grammar);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(UsageRefusal);
      expect(explain(wordsFor('en'), error as UsageRefusal).message).toBe('`--override` needs a value in quotes.');
    },
  );

  it('a command whose grammar has no such option reads the word as an argument, as before', () => {
    expect(splitWords('web nginx:1 --override x').args).toEqual(['web', 'nginx:1', 'x']);
  });
});
