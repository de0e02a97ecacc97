import type { Logger } from 'pino';
import type { Rollouts } from '../adapters/rollouts.js';
import type { CanaryJob } from '../canary.js';
import type { Config } from '../domain/config.js';
import { observeRollout, type RolloutMemory } from '../domain/rollout.js';
import type { JobQueue } from '../queue.js';

export interface RolloutWatchDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly rollouts: Rollouts;
  readonly canary: JobQueue<CanaryJob>;
}

/**
 * Watches the configured Rollouts (one watch per namespace) and turns what they do into canary notice jobs:
 * the card when one waits for a person, alerts on abort or Degraded, a final line when Healthy, card
 * updates as it moves. Every replica watches; the job id (app, notice, resourceVersion) makes each once.
 */
export function watchRollouts(deps: RolloutWatchDeps, signal: AbortSignal, retryMs = 5_000): Promise<void> {
  // Rollout name → the apps that name it (usually one), per namespace.
  const byNamespace = new Map<string, Map<string, string[]>>();
  for (const [app, settings] of Object.entries(deps.config.apps)) {
    if (!settings.rollout) continue;
    const apps = byNamespace.get(settings.rollout.namespace) ?? new Map<string, string[]>();
    apps.set(settings.rollout.name, [...(apps.get(settings.rollout.name) ?? []), app]);
    byNamespace.set(settings.rollout.namespace, apps);
  }
  return Promise.all([...byNamespace].map(([namespace, apps]) => watchNamespace(deps, namespace, apps, signal, retryMs))).then(() => undefined);
}

async function watchNamespace(deps: RolloutWatchDeps, namespace: string, apps: Map<string, string[]>, signal: AbortSignal, retryMs: number): Promise<void> {
  const memory = new Map<string, RolloutMemory>();
  while (!signal.aborted) {
    try {
      for await (const seen of deps.rollouts.observe(namespace, signal)) {
        const names = apps.get(seen.name);
        if (!names) continue;
        if (seen.kind === 'deleted') {
          memory.delete(seen.name);
          continue;
        }
        const { memory: next, notice } = observeRollout(memory.get(seen.name), seen.state);
        memory.set(seen.name, next);
        if (!notice) continue;
        for (const app of names) await deps.canary.add(`rollout-${app}-${notice}-${seen.resourceVersion ?? Date.now()}`, { kind: 'notice', app, notice });
      }
    } catch (error) {
      if (signal.aborted) break;
      deps.logger.warn({ err: error, namespace }, 'Argo Rollouts watch failed; retrying');
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}
