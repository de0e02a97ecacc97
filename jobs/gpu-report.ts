import { UnrecoverableError, type Job } from 'bullmq';
import { gpuReportMessage } from '../src/blocks/gpu.js';
import { failedMessage } from '../src/blocks/gitops.js';
import { gpuReport, type NodeSummary, type PodUsage } from '../src/domain/gpu.js';
import { UserFacingError } from '../src/domain/errors.js';
import { closest } from '../src/domain/suggest.js';
import type { JobDeps } from '../src/deps.js';
import { GPU_QUEUE, type GpuReportJob } from '../src/gpu-job.js';
import { quietly as quietlyFor } from '../src/quietly.js';

export { GPU_QUEUE };

export const DEFAULT_POOL_LABEL = 'cloud.google.com/gke-nodepool';

/** Narrows the inventory to one pool, node or namespace; an unknown name is refused with the closest ones. */
export function scoped(nodes: NodeSummary[], pods: PodUsage[], scope: GpuReportJob['scope']): { nodes: NodeSummary[]; pods: PodUsage[] } {
  if (!scope) return { nodes, pods };
  const known = scope.kind === 'pool' ? [...new Set(nodes.map((n) => n.pool))] : scope.kind === 'node' ? nodes.map((n) => n.name) : [...new Set(pods.map((p) => p.namespace))];
  if (!known.includes(scope.name)) {
    const near = closest(scope.name, known);
    throw new UserFacingError(
      'bad-arguments',
      `There is no ${scope.kind} \`${scope.name}\` with GPUs${near.length ? `. Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?` : '.'}`,
      known.length ? `Known: ${known.slice(0, 15).join(', ')}${known.length > 15 ? ` and ${known.length - 15} more` : ''}.` : undefined,
    );
  }
  if (scope.kind === 'namespace') {
    const mine = pods.filter((p) => p.namespace === scope.name);
    const hosts = new Set(mine.map((p) => p.node));
    return { nodes: nodes.filter((n) => hosts.has(n.name)), pods: mine };
  }
  const chosen = nodes.filter((n) => (scope.kind === 'pool' ? n.pool : n.name) === scope.name);
  const names = new Set(chosen.map((n) => n.name));
  return { nodes: chosen, pods: pods.filter((p) => p.node !== undefined && names.has(p.node)) };
}

/** The gpu-report queue's processor: read the cluster in pages, aggregate, post the report. */
export function gpuReportProcessor(deps: JobDeps) {
  const quietly = quietlyFor(deps);
  return async (job: Job<GpuReportJob>): Promise<string> => {
    const data = job.data;
    try {
      if (!deps.gpu) throw new UserFacingError('not-configured', 'Kanaria has no access to the Kubernetes API, so it cannot read GPU capacity.', 'Run it in the cluster with its ServiceAccount, or set KUBECONFIG.');
      const poolLabel = deps.config.gpu?.poolLabel ?? DEFAULT_POOL_LABEL;
      const inventory = await deps.gpu.read(poolLabel);
      const { nodes, pods } = scoped(inventory.nodes, inventory.pods, data.scope);
      const report = gpuReport(nodes, pods, Date.now());
      const scope = data.scope ? `${data.scope.kind} ${data.scope.name}` : 'whole cluster';
      await deps.chat.post(data.channel, gpuReportMessage(report, scope, inventory.podsMissing));
      return 'posted';
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      if (data.requester) await quietly('whisper', () => deps.chat.whisper({ channel: data.channel, user: data.requester!.id, ...(data.responseUrl && { responseUrl: data.responseUrl }) }, failedMessage(error.message, error.hint)));
      throw new UnrecoverableError(error.message);
    }
  };
}
