import type { Config } from '../domain/config.js';
import { pipelineOf } from '../domain/pipeline.js';
import { jobId, type JobQueue } from './queue.js';
import type { ReadJob } from './reads.js';

/** Whoever moved a stage without asking for the card (the Rollout watch): no channel, so nothing is whispered. */
const NOBODY: Pick<ReadJob, 'requester' | 'channel'> = { requester: { id: 'kanaria', groups: [] }, channel: '' };

/**
 * After a stage moved (a change pushed, a canary stepped, a lock taken or lifted): a refresh of the card of the
 * app's pipeline wherever it is posted (jobs/pipeline.ts), once per pipeline and `moment` (the commit, the rollout's
 * position, the request). Never fails what moved the stage: a refresh not queued is logged.
 */
export async function refreshPipelineCard(
  deps: {
    readonly config: Config;
    readonly queues: { readonly reads: JobQueue<ReadJob> };
    readonly logger: { warn(facts: object, message: string): void };
  },
  app: string,
  moment: string,
  origin: Pick<ReadJob, 'requester' | 'channel'> = NOBODY,
): Promise<void> {
  const pipeline = pipelineOf(deps.config, app);
  if (!pipeline) return;
  const id = jobId('pipeline-card', pipeline.name, moment);
  await deps.queues.reads
    .add(id, {
      read: { kind: 'pipeline', pipeline: pipeline.name, app, refresh: true },
      requester: origin.requester,
      channel: origin.channel,
      requestId: id,
      requestedAt: Date.now(),
    })
    .catch((error: unknown) =>
      deps.logger.warn({ err: error, pipeline: pipeline.name }, 'pipeline card refresh not queued'),
    );
}
