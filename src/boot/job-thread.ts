import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createMetrics } from '../adapters/metrics.js';
import { configSchema } from '../domain/config.js';
import { buildDeps, closeQueues } from './build-deps.js';
import { startJobs } from './jobs.js';
import { createLogger } from './logger.js';
import { logProgress } from './progress.js';
import { openRedis } from './redis.js';
import type { Settings } from './settings.js';

/** Entry of the job thread (see startJobsInThread): builds its deps with the same builders, from the settings handed. */
async function run(): Promise<void> {
  const handed = workerData as Settings;
  // Copying to a thread gives records their usual prototype back; parsed again, apps and policies are
  // null-prototype records here too, so a name like `constructor` finds nothing.
  const settings: Settings = { ...handed, config: configSchema.parse(handed.config) };
  // Background work yields the CPU to Slack's acks: on Linux the nice value is per thread, this call lowers
  // only this thread, and the git processes it starts inherit it.
  try {
    setPriority(10);
  } catch {
    // Not permitted here: run at normal priority.
  }
  const port = parentPort;
  if (!port || !settings.slack) throw new Error('job-thread runs as a worker thread with Slack settings');
  const logger = createLogger(settings.logLevel ?? 'info').child({ thread: 'jobs' });
  const metrics = createMetrics({ processMetrics: false });
  // Not waited for: without Redis the thread starts anyway, reports it through `problems`, and resumes when it is back.
  const { redis, link } = await openRedis(settings.redisUrl, 'client', logger, 'job queues');
  const deps = buildDeps(settings, { logger, metrics, redis });
  const host = await startJobs(settings, deps, logProgress(logger));

  port.on('message', (message: { type: string; id?: number }) => {
    if (message.type === 'metrics')
      void metrics.registry
        .getMetricsAsJSON()
        .then((data) => port.postMessage({ type: 'answer', id: message.id, data }));
    if (message.type === 'problems')
      void host
        .problems()
        .then((found) => [link.problem(), ...found].filter((p) => p !== undefined))
        .then((data) => port.postMessage({ type: 'answer', id: message.id, data }));
    if (message.type === 'stop') {
      void host
        .close()
        .then(() => closeQueues(deps.queues))
        .finally(() => {
          redis.disconnect();
          process.exit(0);
        });
    }
  });
  port.postMessage({ type: 'ready' });
}

run().catch((error: unknown) => {
  parentPort?.postMessage({ type: 'failed', error: String(error) });
  process.exit(1);
});
