import type { Subcommand } from '../src/dispatch/index.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { gpuJobId, type GpuWhyJob } from '../src/queues/gpu.js';

/** `<namespace>/<name>`: a namespace is a DNS label; a pod or workload name a DNS subdomain. */
const TARGET = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)$/;

/** `/gpu why <namespace>/<pod|workload>`: why it waits for GPUs, answered privately by a job on the GPU queue. */
export const gpuWhy: Subcommand = {
  grammar: {
    usage: '/gpu why <namespace>/<pod|workload>',
    example: '/gpu why ml-research/train-0',
    min: 1,
    max: 1,
    flags: [],
  },

  async run({ request, args: [typed = ''], deps, t }) {
    const match = TARGET.exec(typed);
    if (!match) throw new CodedRefusal('bad-arguments', 'kueue.command.badTarget', { typed });
    const target = { namespace: match[1] as string, name: match[3] as string };
    const job: GpuWhyJob = {
      kind: 'why',
      target,
      channel: request.channel,
      requester: await deps.directory.identify(request.userId),
      ...(request.responseUrl !== undefined && { responseUrl: request.responseUrl }),
    };
    const { duplicate } = await deps.queues.gpu.add(gpuJobId(request.requestId), job);
    if (duplicate) return { text: t('commands.alreadyReceived') };
    return { text: t('kueue.why.reading', { target: `${target.namespace}/${target.name}` }) };
  },
};
