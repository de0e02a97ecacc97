import type { AppConfig, Config } from './config.js';
import { CodedRefusal } from './errors.js';
import { ECHO_LIMIT } from './quote.js';
import { closest } from './suggest.js';

/** How many known apps a refusal lists; the rest are counted. */
const LISTED_APPS = 20;

/**
 * No app of that name in kanaria.yaml. Facts: the `name` typed, the closest `suggestions` (`count`), up to
 * LISTED_APPS known `apps` and how many `more`; the hint's context says whether that list is cut or empty.
 */
export class UnknownApp extends CodedRefusal {
  override readonly name = 'UnknownApp';
  constructor(typed: string, suggestions: readonly string[], known: readonly string[]) {
    const more = Math.max(0, known.length - LISTED_APPS);
    super('unknown-app', 'refusals.unknownApp', {
      name: typed,
      suggestions,
      count: suggestions.length,
      apps: known.slice(0, LISTED_APPS),
      more,
      ...(known.length === 0 ? { context: 'none' } : more > 0 ? { context: 'more' } : {}),
    });
  }
}

/**
 * The app's configuration, or a refusal that suggests the closest names. Commands check it when asked; jobs
 * again when they run, since the configuration may have changed since the job was queued.
 */
export function requireApp(deps: { readonly config: Config }, name: string): AppConfig {
  const app = deps.config.apps[name];
  if (app) return app;
  const names = Object.keys(deps.config.apps);
  // Suggestions cost an edit distance per app: not worth it for text far longer than any name.
  const near = name.length <= ECHO_LIMIT ? closest(name, names) : [];
  throw new UnknownApp(name, near, names);
}
