import type { Subcommand } from '../src/dispatch/index.js';
import { reclaimListJobId, type ReclaimJob } from '../src/queues/gpu-reclaim.js';

/** `/gpu idle`: the idle GPU candidates of the opted-in namespaces (gpu.reclaim), told privately by the job. */
export const gpuIdle: Subcommand = {
  grammar: { usage: '/gpu idle', example: '/gpu idle', min: 0, max: 0, flags: [] },

  async run({ request, deps, t }) {
    const requester = await deps.directory.identify(request.userId);
    const job: ReclaimJob = {
      kind: 'list',
      channel: request.channel,
      requester,
      ...(request.responseUrl !== undefined && { responseUrl: request.responseUrl }),
    };
    const { duplicate } = await deps.queues.reclaim.add(reclaimListJobId(request.requestId), job);
    return { text: t(duplicate ? 'commands.alreadyReceived' : 'commands.gpu.reading') };
  },
};
