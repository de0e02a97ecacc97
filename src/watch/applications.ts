import type { Logger } from 'pino';
import type { ArgoApplications } from '../adapters/argocd.js';
import { observeApplication, type Watched } from '../domain/argocd.js';
import type { AppConfig, Config } from '../domain/config.js';
import type { ReconcileRegistry } from '../adapters/reconcile-registry.js';
import { notifyJobId, type NotifyJob } from '../queues/notify.js';
import type { JobQueue } from '../queues/queue.js';
import { watchEachNamespace } from './each-namespace.js';

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
  // Notices need a channel: apps without one are not watched.
  const refOf = (app: AppConfig) =>
    app.argocd && app.channel ? { namespace: app.argocd.namespace, name: app.argocd.application } : undefined;
  return watchEachNamespace(
    { config: deps.config, logger: deps.logger, what: 'Argo CD Application', refOf, signal, retryMs },
    (namespace, apps) => {
      const memory = new Map<string, Watched>();
      return async () => {
        for await (const seen of deps.argo.observe({ namespace }, signal)) {
          const names = apps.get(seen.name);
          if (!names) continue;
          if (seen.kind === 'deleted') {
            memory.delete(seen.name);
            continue;
          }
          const inFlight =
            seen.state.sync === 'OutOfSync'
              ? (await Promise.all(names.map((app) => deps.registry.inFlight(app)))).some(Boolean)
              : false;
          const { watched, notice } = observeApplication(memory.get(seen.name), seen.state, inFlight);
          if (notice) {
            const bad = notice === 'degraded';
            for (const app of names) {
              await deps.notify.add(notifyJobId(app, notice, seen.state.resourceVersion ?? String(Date.now())), {
                app,
                notice,
                application: `${namespace}/${seen.name}`,
                ...(seen.state.revision && { revision: seen.state.revision }),
                ...(bad && seen.state.healthMessage && { message: seen.state.healthMessage }),
                ...(bad && { resources: seen.state.failedResources }),
              });
            }
          }
          // Remembered once queued: if Redis refused, the watch starts again and the relist finds the change anew.
          memory.set(seen.name, watched);
        }
      };
    },
  );
}
