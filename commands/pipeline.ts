import { alreadyReceived, type CommandDef } from '../src/dispatch/index.js';
import { Refusal } from '../src/domain/errors.js';
import { pipelineNamed, pipelineOf } from '../src/domain/pipeline.js';
import { enqueueRead } from '../src/queues/reads.js';

/**
 * `/pipeline <pipeline|app>`: posts the pipeline's card in the channel, or updates it in place where it is posted
 * already (jobs/pipeline.ts). Needs only Git: what the cluster says is shown when it can be read.
 */
export const pipeline: CommandDef = {
  name: 'pipeline',
  grammar: { usage: '/pipeline <pipeline|app>', example: '/pipeline example', min: 1, max: 1, flags: [] },

  async run({ request, args: [typed = ''], deps, t }) {
    const found = pipelineNamed(deps.config, typed) ?? pipelineOf(deps.config, typed);
    if (!found) {
      const pipelines = Object.keys(deps.config.pipelines ?? {});
      throw pipelines.length === 0
        ? new Refusal('pipeline.noPipelines', { typed })
        : new Refusal('pipeline.unknown', { typed, pipelines });
    }
    const person = await deps.directory.identify(request.userId);
    const read = {
      kind: 'pipeline',
      pipeline: found.name,
      app: found.stages[0]?.app ?? typed,
      refresh: false,
    } as const;
    const { duplicate } = await enqueueRead(deps.queues.reads, request, read, person);
    if (duplicate) return alreadyReceived(t, t('pipeline.what', { pipeline: found.name }));
    return { text: t('pipeline.posting', { pipeline: found.name }) };
  },
};
