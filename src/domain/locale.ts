// Which languages Kanaria speaks and which one to answer in: pure decisions (tests: test/unit/i18n-catalog.test.ts).

/** The languages Kanaria speaks. English is the source of every message; Japanese is a full translation. */
export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/**
 * A Kanaria locale from a BCP 47 tag or a POSIX locale name: Slack's `ja-JP`, `LANG=ja_JP.UTF-8`, or `en`.
 * Anything Kanaria does not speak gives undefined, so the next default in line applies.
 */
export function toLocale(tag: string | undefined): Locale | undefined {
  const language = tag
    ?.trim()
    .toLowerCase()
    .split(/[-_.@]/)[0];
  return language && isLocale(language) ? language : undefined;
}

/**
 * The language the environment asks for, as POSIX programs choose it: LC_ALL, then LC_MESSAGES, then LANG.
 * Undefined when that is none Kanaria speaks (`C`, `POSIX`, `fr_FR`), so kanaria.yaml's defaults apply.
 */
export function environmentLocale(env: Readonly<Record<string, string | undefined>>): Locale | undefined {
  const tag = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((value) => value !== undefined && value !== '');
  return toLocale(tag);
}

/** The terminal's language: the environment's, else English. */
export function localeFromEnvironment(env: Readonly<Record<string, string | undefined>>): Locale {
  return environmentLocale(env) ?? DEFAULT_LOCALE;
}

/** The locale defaults of kanaria.yaml (`locale:`): the workspace's, and per channel id. */
export interface LocaleDefaults {
  readonly default?: Locale;
  readonly channels?: Readonly<Record<string, Locale>>;
}

/**
 * Which language to answer in. A private reply follows the person (their Slack locale); a message for a whole
 * channel follows the channel's default, then the workspace's. Leave `user` out for channel messages.
 */
export function chooseLocale(
  defaults: LocaleDefaults | undefined,
  where: { readonly channel?: string; readonly user?: string },
): Locale {
  const channel = where.channel === undefined ? undefined : defaults?.channels?.[where.channel];
  return toLocale(where.user) ?? channel ?? defaults?.default ?? DEFAULT_LOCALE;
}
