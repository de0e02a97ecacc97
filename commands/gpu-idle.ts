import type { CommandContext } from '../src/dispatch/index.js';
import type { Message } from '../src/domain/chat.js';
import type { Grammar } from '../src/domain/grammar.js';
import { reclaimListJobId, type ReclaimJob } from '../src/queues/gpu-reclaim.js';

/** `/gpu idle`: the idle GPU candidates of the opted-in namespaces (gpu.reclaim), told privately by the job. */
/** A GpuSubcommand (commands/gpu.ts), typed by shape: importing that file from here would be a cycle. */
export const gpuIdle: { readonly grammar: Grammar; run(context: CommandContext): Promise<Message> } = {
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
