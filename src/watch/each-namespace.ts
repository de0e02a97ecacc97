import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { AppConfig, Config } from '../domain/config.js';

/** The object an app names in one namespace (its Argo CD Application, its Rollout), if any. */
export type RefOf = (app: AppConfig) => { readonly namespace: string; readonly name: string } | undefined;

/** Per namespace: object name → the apps that name it (usually one). */
function appsByNamespace(config: Config, refOf: RefOf): Map<string, Map<string, string[]>> {
  const byNamespace = new Map<string, Map<string, string[]>>();
  for (const [app, settings] of Object.entries(config.apps)) {
    const ref = refOf(settings);
    if (!ref) continue;
    const apps = byNamespace.get(ref.namespace) ?? new Map<string, string[]>();
    apps.set(ref.name, [...(apps.get(ref.name) ?? []), app]);
    byNamespace.set(ref.namespace, apps);
  }
  return byNamespace;
}

/**
 * One watch per namespace that holds objects the apps name, until `signal` aborts. `follow` is called
 * once per namespace (keep its memory there) and returns the watch loop; a loop that fails is logged
 * and started again after `retryMs`, with its memory kept.
 */
export function watchEachNamespace(
  options: { config: Config; logger: Logger; what: string; refOf: RefOf; signal: AbortSignal; retryMs: number },
  follow: (namespace: string, apps: Map<string, string[]>) => () => Promise<void>,
): Promise<void> {
  const { signal } = options;
  const watches = [...appsByNamespace(options.config, options.refOf)].map(async ([namespace, apps]) => {
    const loop = follow(namespace, apps);
    while (!signal.aborted) {
      try {
        await loop();
      } catch (error) {
        if (signal.aborted) break;
        options.logger.warn({ err: error, namespace }, `${options.what} watch failed; retrying`);
        // The pause ends early on shutdown.
        await sleep(options.retryMs, undefined, { signal }).catch(() => undefined);
      }
    }
  });
  return Promise.all(watches).then(() => undefined);
}
