import { describe, expect, it } from 'vitest';
import {
  catalogs,
  chooseLocale,
  environmentLocale,
  localeFromEnvironment,
  toLocale,
  wordsFor,
} from '../../src/i18n/index.js';

type Tree = { readonly [key: string]: string | Tree };

/** Every message of a catalog by its dotted key. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** The placeholders (`{{name}}`, `{{name, format}}`) and nested keys (`$t(key)`) a message uses. */
const slots = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([^}]+?)\s*\}\}|\$t\(([^)]+)\)/g)]
    .map((m) => (m[1] ?? `$t:${m[2]}`).replace(/\s+/g, ''))
    .sort();

/** What is left of a message for people to read once code, placeholders, links and emoji are taken out. */
const prose = (text: string): string =>
  text
    .replace(/\{\{[^}]*\}\}|\$t\([^)]*\)/g, '')
    .replace(/```[\s\S]*?```|`[^`]*`/g, '')
    .replace(/<[^>]*>|:[a-z0-9_+-]+:/g, '');

const en = flatten(catalogs.en);
const ja = flatten(catalogs.ja);

describe('the message catalog', () => {
  it('has every key in both English and Japanese', () => {
    expect(
      [...ja.keys()].filter((k) => !en.has(k)),
      'in Japanese only',
    ).toEqual([]);
    expect(
      [...en.keys()].filter((k) => !ja.has(k)),
      'missing in Japanese',
    ).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const differ = [...en].filter(([key, text]) => slots(text).join() !== slots(ja.get(key) ?? '').join());
    expect(differ.map(([key]) => key)).toEqual([]);
  });

  it('has no empty message, and no Japanese message left in English', () => {
    expect([...en, ...ja].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
    const untranslated = [...ja].filter(([key, text]) => text === en.get(key) && /[A-Za-z]{3,}/.test(prose(text)));
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });

  it('fills placeholders and chooses plural forms per language', () => {
    expect(wordsFor('en')('common.duration.day', { count: 1 })).toBe('1 day');
    expect(wordsFor('en')('common.duration.day', { count: 2 })).toBe('2 days');
    expect(wordsFor('ja')('common.duration.day', { count: 2 })).toBe('2日');
  });
});

describe('durations', () => {
  it.each([
    [0, 'en', '0 sec'],
    [90_009, 'en', '1 day 1 hr'],
    [59, 'en', '59 sec'],
    [3_900, 'en', '1 hr 5 min'],
    [3_600, 'en', '1 hr'],
    [90_061, 'en', '1 day 1 hr'],
    [172_800 + 60, 'en', '2 days'],
    [3_900, 'ja', '1時間5分'],
    [45, 'ja', '45秒'],
  ] as const)('%d s in %s is %s', (seconds, locale, expected) => {
    expect(wordsFor(locale)('common.elapsed', { seconds })).toBe(expected);
  });
});

describe('choosing the language', () => {
  it.each([
    ['ja-JP', 'ja'],
    ['ja_JP.UTF-8', 'ja'],
    ['en-US', 'en'],
    ['fr-FR', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('reads %j as %j', (tag, locale) => {
    expect(toLocale(tag)).toBe(locale);
  });

  it.each([
    [{ LANG: 'ja_JP.UTF-8' }, 'ja'],
    [{ LANG: 'ja_JP.UTF-8', LC_ALL: 'C' }, 'en'],
    [{ LANG: 'en_US.UTF-8', LC_MESSAGES: 'ja_JP.UTF-8' }, 'ja'],
    [{}, 'en'],
  ])('the terminal with %j speaks %s', (env, locale) => {
    expect(localeFromEnvironment(env)).toBe(locale);
  });

  it.each([
    [{ LANG: 'C.UTF-8' }, undefined],
    [{ LANG: 'ja_JP.UTF-8', LC_ALL: 'POSIX' }, undefined],
    [{ LANG: 'ja_JP.UTF-8' }, 'ja'],
  ])("the terminal with %j asks for %s (none: kanaria.yaml's defaults apply)", (env, locale) => {
    expect(environmentLocale(env)).toBe(locale);
  });

  const defaults = { default: 'ja', channels: { C_EN: 'en' } } as const;
  it.each([
    [{ user: 'en-US', channel: 'C_OTHER' }, 'en', 'a person is answered in their own Slack language'],
    [{ user: 'fr-FR', channel: 'C_EN' }, 'en', 'a language Kanaria lacks falls back to the channel'],
    [{ channel: 'C_EN' }, 'en', "a channel message follows the channel's default"],
    [{ channel: 'C_OTHER' }, 'ja', "then the workspace's"],
  ] as const)('%j → %s (%s)', (where, locale, _why) => {
    expect(chooseLocale(defaults, where)).toBe(locale);
  });
  it('speaks English when nothing is configured', () => {
    expect(chooseLocale(undefined, { channel: 'C1' })).toBe('en');
  });
});
