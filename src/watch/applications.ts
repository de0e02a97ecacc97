import type { Logger } from 'pino';
import type { ArgoApplications } from '../adapters/argocd.js';
import { observeApplication, type Watched } from '../domain/argocd.js';
import type { Config } from '../domain/config.js';
import type { JobQueue } from '../queue.js';
import type { NotifyJob, ReconcileRegistry } from '../reconcile.js';

export interface ApplicationWatchDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly argo: ArgoApplications;
  readonly registry: ReconcileRegistry;
  readonly notify: JobQueue<NotifyJob>;
}

/**
 * Watches the Applications of the configured apps (one watch per namespace) and turns drift, Degraded and
 * back-to-Healthy into notify jobs. Every replica watches; the job id (app, notice, resourceVersion) is
 * the same in each, so a notice is posted once.
 */
export function watchApplications(deps: ApplicationWatchDeps, signal: AbortSignal, retryMs = 5_000): Promise<void> {
  // Application name → the apps that name it (usually one), per namespace.
  const byNamespace = new Map<string, Map<string, string[]>>();
  for (const [app, settings] of Object.entries(deps.config.apps)) {
    if (!settings.argocd || !settings.channel) continue;
    const apps = byNamespace.get(settings.argocd.namespace) ?? new Map<string, string[]>();
    apps.set(settings.argocd.application, [...(apps.get(settings.argocd.application) ?? []), app]);
    byNamespace.set(settings.argocd.namespace, apps);
  }
  return Promise.all([...byNamespace].map(([namespace, apps]) => watchNamespace(deps, namespace, apps, signal, retryMs))).then(() => undefined);
}

async function watchNamespace(deps: ApplicationWatchDeps, namespace: string, apps: Map<string, string[]>, signal: AbortSignal, retryMs: number): Promise<void> {
  const memory = new Map<string, Watched>();
  while (!signal.aborted) {
    try {
      for await (const seen of deps.argo.observe({ namespace }, signal)) {
        const names = apps.get(seen.name);
        if (!names) continue;
        if (seen.kind === 'deleted') {
          memory.delete(seen.name);
          continue;
        }
        const inFlight = seen.state.sync === 'OutOfSync' ? (await Promise.all(names.map((app) => deps.registry.inFlight(app)))).some(Boolean) : false;
        const { watched, notice } = observeApplication(memory.get(seen.name), seen.state, inFlight);
        memory.set(seen.name, watched);
        if (!notice) continue;
        const bad = notice === 'degraded';
        for (const app of names) await deps.notify.add(`notify-${app}-${notice}-${seen.state.resourceVersion ?? Date.now()}`, {
          app,
          notice,
          application: `${namespace}/${seen.name}`,
          ...(seen.state.revision && { revision: seen.state.revision }),
          ...(bad && seen.state.healthMessage && { message: seen.state.healthMessage }),
          ...(bad && { resources: seen.state.failedResources }),
        });
      }
    } catch (error) {
      if (signal.aborted) break;
      deps.logger.warn({ err: error, namespace }, 'Argo CD Application watch failed; retrying');
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}
