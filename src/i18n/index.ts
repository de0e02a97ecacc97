import i18next from 'i18next';
import { quote } from '../domain/quote.js';
import { durationParts } from './duration.js';
import { en } from './en/index.js';
import { ja } from './ja/index.js';
import type { Locale } from './locale.js';
export { requesterLocale } from './requester.js';
import type { MessageKey } from './shape.js';

export {
  chooseLocale,
  environmentLocale,
  localeFromEnvironment,
  toLocale,
  LOCALES,
  DEFAULT_LOCALE,
  type Locale,
  type LocaleDefaults,
} from './locale.js';

/** A key of the catalog, e.g. `common.or`. */
export type Key = MessageKey<typeof en>;
/** Facts that fill a message's `{{placeholders}}`; `count` chooses the plural form. */
export type Params = Readonly<Record<string, unknown>>;
/** Words in one language: `t('deploy.queued', { app })`. */
export type Words = ((key: Key, params?: Params) => string) & { readonly locale: Locale };

export const catalogs = { en, ja } as const;

/**
 * One i18next instance for the process, initialised synchronously (the catalogs are modules, nothing to load).
 * Values are not HTML-escaped: messages are Slack mrkdwn, and what people typed is escaped where it is quoted.
 */
const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  lng: 'en',
  fallbackLng: 'en',
  resources: { en: { translation: en }, ja: { translation: ja } },
  interpolation: { escapeValue: false },
  returnNull: false,
});
// `{{seconds, duration}}`: "1 hr 5 min", "1時間5分" (Node 20 has no Intl.DurationFormat; the units are in the catalog).
i18n.services.formatter?.add('duration', (value: unknown, lng: string | undefined) => {
  const t = i18n.getFixedT(lng ?? 'en');
  const parts = durationParts(Number(value)).map(({ unit, count }) => t(`common.duration.${unit}`, { count }));
  return new Intl.ListFormat(lng, { type: 'unit', style: 'narrow' }).format(parts);
});

// `{{typed, quote}}`: what someone typed, shown back as inline code that cannot mention anyone (domain/quote.ts);
// a list is quoted item by item. Joined with ", " in every language: Slack renders a code span only where a space
// or ASCII punctuation follows it, so not "、".
i18n.services.formatter?.add('quote', (value: unknown) =>
  Array.isArray(value) ? value.map((item) => quote(String(item))).join(', ') : quote(String(value)),
);

// `{{names, alternatives}}`: choices offered as code spans, "`a` or `b`" ("`a` または `b`").
i18n.services.formatter?.add('alternatives', (value: unknown, lng: string | undefined) =>
  (Array.isArray(value) ? value : [value]).map((item) => quote(String(item))).join(i18n.t('common.or', { lng })),
);

// `{{names, words}}`: a list of plain words, "a, b" ("a、b").
i18n.services.formatter?.add('words', (value: unknown, lng: string | undefined) =>
  (Array.isArray(value) ? value : [value]).map(String).join(i18n.t('common.listSeparator', { lng })),
);

const cache = new Map<Locale, Words>();

/** The words of one language. A key missing from the catalog fails the type check, not the user. */
export function wordsFor(locale: Locale): Words {
  let words = cache.get(locale);
  if (!words) {
    const fixed = i18n.getFixedT(locale);
    words = Object.assign((key: Key, params?: Params) => fixed(key, params as Record<string, unknown>) as string, {
      locale,
    });
    cache.set(locale, words);
  }
  return words;
}

/** A compact duration as chat lines show it: "90 s", "3 min" ("90秒", "3分"); minutes from two on, rounded. */
export const shortDuration = (t: Words, seconds: number): string =>
  seconds < 120
    ? t('common.shortDuration.seconds', { count: seconds })
    : t('common.shortDuration.minutes', { count: Math.round(seconds / 60) });

/** What a refusal or an infrastructure error says to a person: its message, and what they can do, if anything. */
export interface Explanation {
  readonly message: string;
  readonly hint?: string;
}

/**
 * Words for an error that carries a catalog key and its facts (Refusal, TransientError). The key names a group
 * with `message` and an optional `hint`: `errors.git.unreachable.message`, `errors.git.unreachable.hint`.
 */
export function explain(t: Words, error: { readonly key: string; readonly params: Params }): Explanation {
  const message = t(`${error.key}.message` as Key, error.params);
  const hintKey = `${error.key}.hint`;
  return i18n.exists(hintKey, { lng: t.locale }) ? { message, hint: t(hintKey as Key, error.params) } : { message };
}
