import type { Logger } from 'pino';
import type { Rollouts } from '../adapters/rollouts.js';
import { rolloutNoticeJobId, type CanaryJob } from '../queues/canary.js';
import type { AppConfig, Config } from '../domain/config.js';
import { personMove } from '../domain/outside.js';
import { noticeOnceKey, observeRollout, type RolloutMemory } from '../domain/rollout.js';
import type { JobQueue } from '../queues/queue.js';
import { watchEachNamespace } from './each-namespace.js';

export interface RolloutWatchDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly rollouts: Rollouts;
  readonly canary: JobQueue<CanaryJob>;
}

/**
 * Watches the configured Rollouts (one watch per namespace) and turns what they do into canary notice jobs:
 * the card when one waits for a person, alerts on abort or Degraded, a final line when Healthy, card
 * updates as it moves. Every replica watches; the job id (app, notice, and the resourceVersion, or the
 * revision for a Degraded alert: see noticeOnceKey) makes each once.
 */
export function watchRollouts(deps: RolloutWatchDeps, signal: AbortSignal, retryMs = 5_000): Promise<void> {
  const options = {
    config: deps.config,
    logger: deps.logger,
    what: 'Argo Rollouts',
    refOf: (app: AppConfig) => app.rollout,
    signal,
    retryMs,
  };
  return watchEachNamespace(options, (namespace, apps) => {
    const memory = new Map<string, RolloutMemory>();
    return async () => {
      for await (const seen of deps.rollouts.observe(namespace, signal)) {
        const names = apps.get(seen.name);
        if (!names) continue;
        if (seen.kind === 'deleted') {
          memory.delete(seen.name);
          continue;
        }
        const previous = memory.get(seen.name);
        const observed = observeRollout(previous, seen.state);
        const move = personMove(previous, seen.state);
        // A pause cleared by hand is not yet a new position, but is worth a notice: a person promoted it.
        const notice = observed.notice ?? (move && 'moved');
        const next = observed.memory;
        if (notice) {
          const once = noticeOnceKey(notice, seen.state, seen.resourceVersion ?? String(Date.now()));
          for (const app of names)
            await deps.canary.add(rolloutNoticeJobId(app, notice, once), {
              kind: 'notice',
              app,
              notice,
              ...(move && { move }),
            });
        }
        // Remembered once queued: if Redis refused, the watch starts again and the relist finds the change anew.
        memory.set(seen.name, next);
      }
    };
  });
}
