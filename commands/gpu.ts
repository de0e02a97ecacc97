import type { CommandContext, CommandDef, Subcommand } from '../src/dispatch/index.js';
import type { Message } from '../src/domain/chat.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { checkWords, type Grammar } from '../src/domain/grammar.js';
import { gpuJobId, type GpuCapacityJob, type GpuReportJob } from '../src/queues/gpu.js';
import { gpuIdle } from './gpu-idle.js';
import { gpuKeep } from './gpu-keep.js';
import { gpuRelease } from './gpu-release.js';
import { usage } from './gpu-usage.js';
import { gpuWhy } from './gpu-why.js';

const KINDS = ['pool', 'node', 'namespace'] as const;
type Kind = (typeof KINDS)[number];
const EXAMPLE: Record<Kind, string> = { pool: 'a100', node: 'gpu-node-7', namespace: 'ml-research' };
/** Kubernetes names and label values fit in 253 characters; Slack's control characters and backticks are never part of one. */
export const SCOPE_NAME = /^[^<>&`\p{Cc}]{1,253}$/u;
const isKind = (word: string | undefined): word is Kind => KINDS.includes(word as Kind);

/** `/gpu <word> …` where the word is not a scope kind: each in its own file, commands/gpu-*.ts. */
const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  idle: gpuIdle,
  keep: gpuKeep,
  release: gpuRelease,
  usage,
  why: gpuWhy,
};

const REPORT: Grammar = {
  usage: '/gpu [pool|node|namespace <name>]',
  example: '/gpu pool a100',
  min: 0,
  max: 2,
  flags: [],
};

/** `/gpu [pool|node|namespace <name>]`: GPU capacity, what is free, what is waiting. */
async function report({ request, args: [kind, name], deps, t }: CommandContext): Promise<Message> {
  let scope: GpuCapacityJob['scope'];
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
}

/** `/gpu`: the capacity report, or one of the subcommands. */
export const gpu: CommandDef = {
  name: 'gpu',
  // Loose on purpose: the report's grammar or the subcommand's checks the words (every flag any of them takes).
  grammar: {
    usage:
      '/gpu [pool|node|namespace <name>] | idle | usage [<namespace>|pool <name>] [7d|30d] | why <namespace>/<pod>',
    example: REPORT.example,
    min: 0,
    max: 5,
    flags: [],
  },

  run(context) {
    const [word, ...rest] = context.args;
    const subcommand = word !== undefined && Object.hasOwn(SUBCOMMANDS, word) ? SUBCOMMANDS[word] : undefined;
    const [grammar, args] = subcommand ? [subcommand.grammar, rest] : [REPORT, context.args];
    checkWords({ ...context, args }, grammar);
    return subcommand ? subcommand.run({ ...context, args }) : report(context);
  },
};
