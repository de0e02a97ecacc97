import {
  kueueReport,
  kueueReportForNamespace,
  PENDING_WORKLOADS_QUERY,
  withPendingCounts,
  type KueueReport,
} from '../src/domain/kueue.js';
import { Refusal, TransientError } from '../src/domain/errors.js';
import { explain, type Words } from '../src/i18n/index.js';
import type { JobDeps } from '../src/boot/deps.js';
import type { GpuCapacityJob } from '../src/queues/gpu.js';

/** Kueue's own pending counts from Prometheus, when it scrapes Kueue; without them the section is as complete. */
async function counted(deps: JobDeps, report: KueueReport): Promise<KueueReport> {
  if (!deps.prometheus || report.queues.length === 0) return report;
  try {
    return withPendingCounts(report, await deps.prometheus.instantVector(PENDING_WORKLOADS_QUERY));
  } catch (error) {
    deps.logger.warn({ err: error }, 'gpu report: kueue_pending_workloads unavailable');
    return report;
  }
}

/**
 * The GPU report's Kueue section: none without Kueue (its API group is not served) or for a pool or node (quota
 * is per queue, not per node); for a namespace, the queues it feeds. A failure to read it is a note, not a
 * failed report.
 */
export async function kueueSection(
  deps: JobDeps,
  t: Words,
  scope: GpuCapacityJob['scope'],
): Promise<{ report?: KueueReport; unreadable?: string }> {
  if (!deps.kueue || (scope && scope.kind !== 'namespace')) return {};
  try {
    const snapshot = await deps.kueue.read();
    if (!snapshot) return {};
    const report = scope ? kueueReportForNamespace(snapshot, scope.name) : kueueReport(snapshot);
    return { report: await counted(deps, report) };
  } catch (error) {
    deps.logger.warn({ err: error }, 'gpu report: Kueue unreadable');
    if (error instanceof Refusal || error instanceof TransientError) {
      const { message, hint } = explain(t, error);
      return { unreadable: [message, hint].filter(Boolean).join(' ') };
    }
    return { unreadable: error instanceof Error ? error.message : String(error) };
  }
}
