import type { AppConfig, Config } from './config.js';
import { UserFacingError } from './errors.js';
import { ECHO_LIMIT, quote } from './quote.js';
import { closest } from './suggest.js';

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
  throw new UserFacingError(
    'unknown-app',
    `There is no app ${quote(name)} in Kanaria's configuration.${near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?` : ''}`,
    names.length
      ? `Known apps: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ` and ${names.length - 20} more` : ''}.`
      : 'No apps are configured yet: add them under `apps:` in kanaria.yaml.',
  );
}
