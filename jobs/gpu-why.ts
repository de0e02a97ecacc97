import { whyMessage } from '../src/blocks/kueue.js';
import { noClusterAccess, Refusal, TransientError } from '../src/domain/errors.js';
import { explainWait, podTarget, workloadTarget, type WhyTarget } from '../src/domain/gpu-why.js';
import { list, obj, str } from '../src/domain/json.js';
import type { KueueSnapshot } from '../src/domain/kueue.js';
import { closest } from '../src/domain/suggest.js';
import { explain, type Words } from '../src/i18n/index.js';
import type { JobDeps } from '../src/boot/deps.js';
import type { GpuReportJob, GpuWhyJob } from '../src/queues/gpu.js';
import type { JobContext } from './run-job.js';

const nameOf = (raw: unknown): string => str(obj(obj(raw)['metadata'])['name']) ?? '';
const ownersOf = (raw: unknown): string[] =>
  list(obj(obj(raw)['metadata'])['ownerReferences']).flatMap((o) => str(o['name']) ?? []);
const waiting = (raw: unknown): boolean => !str(obj(obj(raw)['spec'])['nodeName']);

/**
 * The pod or workload asked about: a pod by name, a Kueue Workload by name or by what owns it (a Job), or the
 * pods a Job (or any owner) of that name made, a waiting one first. Unknown: refused with the closest names.
 */
function findTarget(
  namespace: string,
  name: string,
  pods: readonly unknown[],
  workloads: readonly unknown[],
): WhyTarget {
  const pod = pods.find((p) => nameOf(p) === name);
  if (pod) return podTarget(pod);
  const workload = workloads.find((w) => nameOf(w) === name) ?? workloads.find((w) => ownersOf(w).includes(name));
  if (workload) return workloadTarget(workload);
  const owned = pods.filter((p) => ownersOf(p).includes(name));
  const chosen = owned.find(waiting) ?? owned[0];
  if (chosen) return podTarget(chosen);
  const names = [...new Set([...pods.map(nameOf), ...workloads.map(nameOf), ...workloads.flatMap(ownersOf)])];
  if (names.length === 0) throw new Refusal('kueue.unknownNamespace', { namespace });
  const near = closest(name, names);
  throw new Refusal('kueue.unknown', {
    target: `${namespace}/${name}`,
    near: near.map((n) => `${namespace}/${n}`),
    ...(near.length > 0 && { context: 'near' }),
  });
}

/** Why Kueue could not be read, as a note of the answer (which goes on without Kueue's side). */
function unreadable(deps: JobDeps, t: Words, error: unknown): string {
  deps.logger.warn({ err: error }, 'gpu why: Kueue unreadable');
  const reason =
    error instanceof Refusal || error instanceof TransientError
      ? explain(t, error).message
      : error instanceof Error
        ? error.message
        : String(error);
  return t('kueue.why.unreadable', { reason });
}

/** Kueue's queues, or why they could not be read. */
async function kueueState(deps: JobDeps, t: Words): Promise<{ snapshot?: KueueSnapshot; note?: string }> {
  if (!deps.kueue) return {};
  try {
    const snapshot = await deps.kueue.read();
    return snapshot ? { snapshot } : {};
  } catch (error) {
    return { note: unreadable(deps, t, error) };
  }
}

/** The namespace's Kueue workloads; none (and a note) when Kanaria may not read them. */
async function workloadsIn(deps: JobDeps, t: Words, namespace: string): Promise<{ items: unknown[]; note?: string }> {
  try {
    return { items: (await deps.kueue?.workloadsIn(namespace)) ?? [] };
  } catch (error) {
    return { items: [], note: unreadable(deps, t, error) };
  }
}

/** `/gpu why`: reads the namespace, the GPU nodes and Kueue, and answers the requester privately. */
export async function gpuWhy(context: JobContext<GpuReportJob>, data: GpuWhyJob): Promise<string> {
  const { deps, t } = context;
  if (!deps.why) throw noClusterAccess('readGpu');
  const { namespace, name } = data.target;
  const [pods, workloads] = await Promise.all([deps.why.podsIn(namespace), workloadsIn(deps, t, namespace)]);
  const target = findTarget(namespace, name, pods, workloads.items);
  if (target.node) {
    await context.whisper(whyMessage(t, explainWait(target, [])));
    return 'running';
  }
  const [nodes, kueue] = await Promise.all([
    deps.why.gpuNodes(),
    workloads.note !== undefined ? { snapshot: undefined, note: workloads.note } : kueueState(deps, t),
  ]);
  const answer = explainWait(target, nodes, kueue.snapshot);
  await context.whisper(whyMessage(t, answer, kueue.note));
  return answer.reasons.join(',');
}
