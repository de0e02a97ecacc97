import type { CommandContext, Subcommand } from '../src/dispatch/index.js';
import type { Message } from '../src/domain/chat.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { USAGE_PERIODS, type UsagePeriodName } from '../src/domain/gpu-usage.js';
import { gpuJobId, type GpuUsageJob } from '../src/queues/gpu.js';

/** A namespace or pool name (as `/gpu`'s scopes): at most 253 characters, no Slack control characters or backticks. */
const NAME = /^[^<>&`\p{Cc}\s]{1,253}$/u;

/** A word meant as a period (`9d`, `24h`, `2w`): refused unless it is one of USAGE_PERIODS, never a namespace. */
const PERIOD_LIKE = /^\d+[a-z]$/i;
const isPeriod = (word: string): word is UsagePeriodName => Object.hasOwn(USAGE_PERIODS, word);

/** The words after `/gpu usage`: `[<namespace>|pool <name>] [7d|30d]`. */
export function parseUsageArgs(args: readonly string[]): Pick<GpuUsageJob, 'scope' | 'period'> {
  const words = [...args];
  let period: UsagePeriodName = '7d';
  const last = words.at(-1);
  if (last !== undefined && PERIOD_LIKE.test(last)) {
    if (!isPeriod(last)) throw new CodedRefusal('bad-arguments', 'usage.badPeriod', { period: last });
    period = last;
    words.pop();
  }
  if (words.length === 0) return { period };
  const [first, second, ...rest] = words;
  const pool = first === 'pool';
  if (pool && second === undefined) throw new CodedRefusal('bad-arguments', 'usage.poolMissing');
  const name = pool ? second : first;
  // A period in the middle (`/gpu usage 30d ml`), or a word too many.
  const extra = pool ? rest[0] : second;
  if (extra !== undefined) {
    if (PERIOD_LIKE.test(extra) || isPeriod(name ?? ''))
      throw new CodedRefusal('bad-arguments', 'usage.badPeriod', { period: isPeriod(name ?? '') ? name : extra });
    throw new CodedRefusal('bad-arguments', 'usage.badName', { name: words.join(' ') });
  }
  if (name === undefined || !NAME.test(name))
    throw new CodedRefusal('bad-arguments', 'usage.badName', { name: name ?? '' });
  return { period, scope: { kind: pool ? 'pool' : 'namespace', name } };
}

/** `/gpu usage [<namespace>|pool <name>] [7d|30d]`: showback in GPU-hours, a job on the gpu-report queue. */
export const usage: Subcommand = {
  grammar: {
    usage: '/gpu usage [<namespace>|pool <name>] [7d|30d]',
    example: '/gpu usage ml-research 30d',
    min: 0,
    max: 3,
    flags: [],
  },

  async run({ request, args, deps, t }: CommandContext): Promise<Message> {
    const { scope, period } = parseUsageArgs(args);
    const requester = await deps.directory.identify(request.userId);
    const job: GpuUsageJob = {
      kind: 'usage',
      period,
      channel: request.channel,
      requester,
      ...(scope && { scope }),
      ...(request.responseUrl !== undefined && { responseUrl: request.responseUrl }),
    };
    const { duplicate } = await deps.queues.gpu.add(gpuJobId(request.requestId), job);
    if (duplicate) return { text: t('commands.alreadyReceived') };
    const covers = scope ? t(`usage.scope.${scope.kind}`, { name: scope.name }) : t('usage.scope.cluster');
    return { text: t('usage.reading', { scope: covers, days: USAGE_PERIODS[period] }) };
  },
};
