import type { CommandDef } from '../src/dispatch/index.js';
import { UserFacingError } from '../src/domain/errors.js';
import { quote } from '../src/domain/quote.js';
import { gpuJobId, type GpuReportJob } from '../src/queues/gpu.js';

const KINDS = ['pool', 'node', 'namespace'] as const;
const EXAMPLE: Record<(typeof KINDS)[number], string> = { pool: 'a100', node: 'gpu-node-7', namespace: 'ml-research' };
/** Kubernetes names and label values fit in 253 characters; Slack's control characters and backticks are never part of one. */
const SCOPE_NAME = /^[^<>&`\p{Cc}]{1,253}$/u;

/** `/gpu [pool|node|namespace <name>]`: GPU capacity, what is free, what is waiting. */
export const gpu: CommandDef = {
  name: 'gpu',
  summary: 'Report GPUs per product and node pool: capacity, requested, free, pending GPU pods, top namespaces',
  grammar: { usage: '/gpu [pool|node|namespace <name>]', example: '/gpu pool a100', min: 0, max: 2, flags: [] },

  async run(request, { args: [kind, name] }, deps) {
    let scope: GpuReportJob['scope'];
    if (kind !== undefined) {
      if (!KINDS.includes(kind as (typeof KINDS)[number]) || name === undefined) {
        throw new UserFacingError(
          'bad-arguments',
          kind && KINDS.includes(kind as (typeof KINDS)[number])
            ? `Which ${kind}? Give its name.`
            : `${quote(kind)} is not a scope: use pool, node or namespace.`,
          'e.g. `/gpu`, `/gpu pool a100`, `/gpu node gpu-node-7`, `/gpu namespace ml-research`',
        );
      }
      scope = { kind: kind as (typeof KINDS)[number], name };
      if (!SCOPE_NAME.test(name))
        throw new UserFacingError(
          'bad-arguments',
          `${quote(name)} is not a ${kind} name.`,
          `Give its name as Kubernetes shows it, e.g. \`/gpu ${kind} ${EXAMPLE[scope.kind]}\`.`,
        );
    }
    const requester = await deps.directory.identify(request.userId);
    const job: GpuReportJob = {
      channel: request.channel,
      requester,
      ...(scope && { scope }),
      ...(request.responseUrl !== undefined && { responseUrl: request.responseUrl }),
    };
    const { duplicate } = await deps.queues.gpu.add(gpuJobId(request.requestId), job);
    return {
      text: duplicate
        ? 'This request was already received.'
        : `Reading GPU capacity${scope ? ` for ${scope.kind} ${quote(scope.name)}` : ''}; the report follows in this channel.`,
    };
  },
};
