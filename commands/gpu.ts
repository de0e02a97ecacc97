import type { CommandDef } from '../src/dispatch/index.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { gpuJobId, type GpuReportJob } from '../src/queues/gpu.js';

const KINDS = ['pool', 'node', 'namespace'] as const;
type Kind = (typeof KINDS)[number];
const EXAMPLE: Record<Kind, string> = { pool: 'a100', node: 'gpu-node-7', namespace: 'ml-research' };
/** Kubernetes names and label values fit in 253 characters; Slack's control characters and backticks are never part of one. */
const SCOPE_NAME = /^[^<>&`\p{Cc}]{1,253}$/u;
const isKind = (word: string | undefined): word is Kind => KINDS.includes(word as Kind);

/** `/gpu [pool|node|namespace <name>]`: GPU capacity, what is free, what is waiting. */
export const gpu: CommandDef = {
  name: 'gpu',
  grammar: { usage: '/gpu [pool|node|namespace <name>]', example: '/gpu pool a100', min: 0, max: 2, flags: [] },

  async run({ request, args: [kind, name], deps, t }) {
    let scope: GpuReportJob['scope'];
    if (kind !== undefined) {
      if (!isKind(kind)) throw new CodedRefusal('bad-arguments', 'commands.gpu.badScope', { kind });
      if (name === undefined) throw new CodedRefusal('bad-arguments', 'commands.gpu.nameMissing', { kind });
      if (!SCOPE_NAME.test(name))
        throw new CodedRefusal('bad-arguments', 'commands.gpu.badName', { name, kind, example: EXAMPLE[kind] });
      scope = { kind, name };
    }
    const requester = await deps.directory.identify(request.userId);
    const job: GpuReportJob = {
      channel: request.channel,
      requester,
      ...(scope && { scope }),
      ...(request.responseUrl !== undefined && { responseUrl: request.responseUrl }),
    };
    const { duplicate } = await deps.queues.gpu.add(gpuJobId(request.requestId), job);
    if (duplicate) return { text: t('commands.alreadyReceived') };
    return {
      text: scope ? t('commands.gpu.readingScope', { kind: scope.kind, name: scope.name }) : t('commands.gpu.reading'),
    };
  },
};
