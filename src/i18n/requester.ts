import type { Directory } from '../domain/chat.js';
import { chooseLocale, type Locale, type LocaleDefaults } from './locale.js';

/**
 * The language of a private reply to the person who asked: their Slack locale, else the channel's default in
 * kanaria.yaml, else the workspace's, else English. The lookup is the directory's (cached with the person); when it
 * fails the defaults answer, since a reply in the wrong language beats none.
 */
export async function requesterLocale(
  directory: Directory,
  defaults: LocaleDefaults | undefined,
  where: { readonly user: string; readonly channel: string },
): Promise<Locale> {
  const person = await directory.identify(where.user).catch(() => undefined);
  return chooseLocale(defaults, { channel: where.channel, user: person?.locale });
}
