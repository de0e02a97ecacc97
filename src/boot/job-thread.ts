import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { configSchema } from '../domain/config.js';
import { connectRedis } from '../adapters/redis.js';
import { RedisLink } from '../adapters/redis-link.js';
import { createSlackAdapters } from '../adapters/slack.js';
import { closeQueues, jobQueues, type JobSettings } from './jobs-in-thread.js';
import { startJobsHere } from './jobs.js';
import { RedisReconcileRegistry } from '../adapters/reconcile-registry.js';
import { createLogger } from './logger.js';
import { createMetrics } from '../adapters/metrics.js';

/** Entry of the job thread (see startJobsInThread): builds its own adapters from plain settings. */
async function run(): Promise<void> {
  const handed = workerData as JobSettings;
  // Copying to a thread gives records their usual prototype back; parsed again, apps and policies are
  // null-prototype records here too, so a name like `constructor` finds nothing.
  const settings: JobSettings = { ...handed, config: configSchema.parse(handed.config) };
  // Background work yields the CPU to Slack's acks: on Linux the nice value is per thread, this call lowers
  // only this thread, and the git processes it starts inherit it.
  try {
    setPriority(10);
  } catch {
    // Not permitted here: run at normal priority.
  }
  const port = parentPort;
  if (!port || !settings.slack) throw new Error('job-thread runs as a worker thread with Slack settings');
  const logger = createLogger(settings.logLevel).child({ thread: 'jobs' });
  const metrics = createMetrics({ processMetrics: false });
  // Not waited for: without Redis the thread starts anyway, reports it through `problems`, and resumes when it is back.
  const redis = connectRedis(settings.redisUrl, 'client');
  const link = new RedisLink(redis, logger, 'job queues');
  const { chat, directory } = createSlackAdapters(settings.config, settings.slack, (method) =>
    metrics.slackRateLimited.inc({ method }),
  );
  const queues = jobQueues(settings, redis);
  const registry = new RedisReconcileRegistry(redis);
  const host = await startJobsHere(
    settings,
    { config: settings.config, logger, chat, directory, metrics, queues, registry },
    queues,
  );

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
        .then(() => closeQueues(queues))
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
