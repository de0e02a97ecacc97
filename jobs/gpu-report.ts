import { gpuAlertMessage, gpuReportMessage, gpuResolvedMessage } from '../src/blocks/gpu.js';
import { gpuChartSpec, gpuChartTitle } from '../src/blocks/gpu-chart.js';
import { kueueBlocks } from '../src/blocks/kueue.js';
import { renderChart } from '../src/charts/render.js';
import type { IdleSection } from '../src/blocks/gpu-text.js';
import { dcgmQueries, idleGpus } from '../src/domain/dcgm.js';
import {
  DEFAULT_POOL_LABEL,
  gpuAlertConditions,
  gpuReport,
  type GpuReport,
  type NodeSummary,
  type PodUsage,
} from '../src/domain/gpu.js';
import { noClusterAccess, Refusal } from '../src/domain/errors.js';
import { alertThresholds, scopeInventory } from '../src/domain/gpu-scope.js';
import { allocationSamples } from '../src/domain/gpu-allocation.js';
import { recordGpuAllocation } from '../src/adapters/metrics.js';
import { chooseLocale, explain, wordsFor } from '../src/i18n/index.js';
import type { JobDeps } from '../src/boot/deps.js';
import type { Job } from 'bullmq';
import type { GpuCapacityJob, GpuReportJob, GpuUsageJob } from '../src/queues/gpu.js';
import { gpuUsageProcessor } from './gpu-usage.js';
import { postOnce, uploadOnce } from './post-once.js';
import { gpuWhy } from './gpu-why.js';
import { kueueSection } from './kueue-section.js';
import type { Processor } from './run-job.js';

/** How many known names a refusal of an unknown scope lists. */
const KNOWN_SHOWN = 15;

/** The inventory narrowed to the job's scope (src/domain/gpu-scope.ts); an unknown name is refused with the closest ones. */
function scoped(
  nodes: NodeSummary[],
  pods: PodUsage[],
  scope: GpuCapacityJob['scope'],
): { nodes: NodeSummary[]; pods: PodUsage[] } {
  const decision = scopeInventory(nodes, pods, scope);
  if (decision.covered) return decision;
  const { scope: asked, near, known } = decision;
  const facts = {
    kind: asked.kind,
    name: asked.name,
    near,
    known: known.slice(0, KNOWN_SHOWN).join(', '),
    more: known.length - KNOWN_SHOWN,
    ...(near.length > 0 && { context: 'near' }),
  };
  if (known.length === 0) throw new Refusal('errorsJobs.noGpuScope', facts);
  throw new Refusal(known.length > KNOWN_SHOWN ? 'errorsJobs.noGpuScopeMany' : 'errorsJobs.noGpuScopeKnown', facts);
}

/** The alert check: posts the conditions that began since the last check, and those that ended (at least once). */
async function check(deps: JobDeps, report: GpuReport, channel: string): Promise<string> {
  const conditions = gpuAlertConditions(report, alertThresholds(deps.config.gpu?.alerts));
  const current = new Set(conditions.keys());
  const { raised, cleared } = await deps.alerts.changes(current);
  const t = wordsFor(chooseLocale(deps.config.locale, { channel }));
  const raisedAlerts = raised.flatMap((k) => conditions.get(k) ?? []);
  if (raised.length > 0) await deps.chat.post(channel, gpuAlertMessage(t, raisedAlerts));
  if (cleared.length > 0) await deps.chat.post(channel, gpuResolvedMessage(t, cleared));
  // Only now: a post that failed is retried with the job, and told then.
  await deps.alerts.record(current);
  return `${raised.length} raised, ${cleared.length} cleared`;
}

/**
 * Allocated but idle GPUs from dcgm-exporter's metrics in Prometheus, joined to `pods`; a note instead when
 * Prometheus has no DCGM data or cannot be asked (the report goes on without the section).
 */
async function idleSection(deps: JobDeps, pods: PodUsage[]): Promise<{ idle?: IdleSection; noDcgm?: true }> {
  if (!deps.prometheus) return {};
  const thresholdPercent = deps.config.gpu?.idle?.utilisationPercent ?? 5;
  const window = deps.config.gpu?.idle?.window ?? '1h';
  const queries = dcgmQueries(window);
  try {
    const [utilisation, memoryUsed] = await Promise.all([
      deps.prometheus.instantVector(queries.utilisation),
      deps.prometheus.instantVector(queries.memoryUsed),
    ]);
    if (utilisation.length === 0) return { noDcgm: true };
    return { idle: { gpus: idleGpus({ utilisation, memoryUsed }, pods, thresholdPercent), thresholdPercent, window } };
  } catch (error) {
    deps.logger.warn({ err: error }, 'gpu report: DCGM metrics unavailable');
    return { noDcgm: true };
  }
}

/** The gpu-report queue's processor: read the cluster in pages, aggregate, post the report. */
export const gpuReportProcessor: Processor<GpuReportJob, string> = async (context) => {
  const { data, deps, quietly, log } = context;
  if (data.kind === 'usage') return gpuUsageProcessor({ ...context, job: context.job as Job<GpuUsageJob>, data });
  if (data.kind === 'why') return await gpuWhy(context, data);
  if (!deps.gpu) throw noClusterAccess('readGpu');
  const poolLabel = deps.config.gpu?.poolLabel ?? DEFAULT_POOL_LABEL;
  const inventory = await deps.gpu.read(poolLabel);
  // Showback's own samples (kanaria_gpu_allocated*): the whole inventory, whatever the report's scope, read by the
  // scheduled alert check only: a gauge holds its value until the next reading, so a report read now and then (or
  // the weekday one) would count what it saw for every hour until the next. Not when pods could not be listed
  // (that would record nothing allocated).
  if (data.kind === 'check' && !inventory.podsMissing)
    recordGpuAllocation(deps.metrics, allocationSamples(inventory.nodes, inventory.pods), inventory.nodes, Date.now());
  const { nodes, pods } = scoped(inventory.nodes, inventory.pods, data.scope);
  const report = gpuReport(nodes, pods, Date.now());
  if (data.kind === 'check') return await check(deps, report, data.channel);
  // A namespace's report lists its own idle GPUs, not those of others sharing its nodes.
  const scope = data.scope;
  const dcgm = await idleSection(
    deps,
    scope?.kind === 'namespace' ? pods.filter((p) => p.namespace === scope.name) : pods,
  );
  // The report is for the channel it is posted in: its language, notes included.
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: data.channel }));
  const podsMissing = inventory.podsMissing && explain(t, inventory.podsMissing);
  const podsNote = podsMissing && [podsMissing.message, podsMissing.hint].filter(Boolean).join(' ');
  const note = [podsNote, dcgm.noDcgm && t('jobs.gpu.noDcgm')].filter(Boolean).join('\n') || undefined;
  const message = gpuReportMessage(t, report, data.scope, note, dcgm.idle);
  const queues = kueueBlocks(t, await kueueSection(deps, t, data.scope));
  // Drawn before posting: a chart that cannot be drawn fails the job before anything is said twice.
  const chart = report.rows.length > 0 && {
    filename: 'gpu-report.png',
    title: gpuChartTitle(t),
    data: await renderChart(gpuChartSpec(t, report.rows), { locale: t.locale, logger: log }),
  };
  // `data.kind` says which job this is; BullMQ's Job does not narrow with it.
  const job = context.job as Job<GpuCapacityJob>;
  const posted = await postOnce(
    job,
    deps.chat,
    data.channel,
    queues.length ? { ...message, blocks: [...(message.blocks ?? []), ...queues] } : message,
  );
  if (posted && chart)
    await uploadOnce(job, chart.filename, () =>
      quietly('files.uploadV2', () => deps.chat.upload(data.channel, chart, posted.ts)),
    );
  return 'posted';
};
