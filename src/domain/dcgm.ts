/**
 * GPUs that are allocated but idle, from NVIDIA's dcgm-exporter as Prometheus stores it: the average of
 * `DCGM_FI_DEV_GPU_UTIL` (%) and the peak of `DCGM_FI_DEV_FB_USED` (MiB) over a window, joined to the pods
 * holding GPUs. Pure: the caller runs the two queries ({@link dcgmQueries}) and passes the instant vectors.
 *
 * The join, per exporter series:
 * - With Kubernetes mapping (the exporter labels GPUs with `namespace`, `pod`, `container`; recognised when any
 *   utilisation series has a `pod` label): a GPU counts when its namespace/pod is among the pods holding GPUs
 *   (bound to a node). Its node is that pod's node. GPUs without a pod label are free, never reported; pods
 *   outside the list (finished, or out of the report's scope) are skipped.
 * - Without Kubernetes mapping: a GPU counts when its node (`Hostname`, or `hostname` as newer exporters spell
 *   it, which must be the node name) has some pod holding GPUs; it is reported without a pod. On a node whose
 *   GPUs are only partly allocated, a free GPU is then reported too: the exporter cannot tell them apart.
 * A GPU is idle when its average utilisation is below the threshold (strictly); NaN or missing values are skipped.
 */
import type { PodUsage } from './gpu.js';

export interface DcgmSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface DcgmVectors {
  /** `avg_over_time(DCGM_FI_DEV_GPU_UTIL[<window>])`. */
  readonly utilisation: readonly DcgmSample[];
  /** `max_over_time(DCGM_FI_DEV_FB_USED[<window>])`. */
  readonly memoryUsed: readonly DcgmSample[];
}

export interface IdleGpu {
  readonly node: string;
  /** The exporter's `gpu` label: the device index on its node. */
  readonly gpu: string;
  readonly uuid: string;
  readonly model: string;
  readonly utilisationPercent: number;
  readonly memoryUsedMiB?: number;
  readonly namespace?: string;
  readonly pod?: string;
}

/** The two PromQL queries over `window` (a PromQL duration such as `1h`). */
export const dcgmQueries = (window: string): { utilisation: string; memoryUsed: string } => ({
  utilisation: `avg_over_time(DCGM_FI_DEV_GPU_UTIL[${window}])`,
  memoryUsed: `max_over_time(DCGM_FI_DEV_FB_USED[${window}])`,
});

const label = (s: DcgmSample, ...names: string[]): string | undefined => {
  for (const name of names) {
    const v = s.labels[name];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
};
const hostOf = (s: DcgmSample): string | undefined => label(s, 'Hostname', 'hostname');

/** One GPU (or MIG instance), per pod when time-slicing shares it: the same in both vectors. */
const keyOf = (s: DcgmSample): string =>
  [
    hostOf(s) ?? '',
    label(s, 'UUID') ?? '',
    label(s, 'gpu') ?? '',
    label(s, 'GPU_I_ID') ?? '',
    label(s, 'namespace') ?? '',
    label(s, 'pod') ?? '',
  ].join('\u0000');

const byIndex = (a: string, b: string): number => {
  const [x, y] = [Number(a), Number(b)];
  return Number.isFinite(x) && Number.isFinite(y) && x !== y ? x - y : a.localeCompare(b);
};

/** The allocated GPUs averaging under `thresholdPercent` utilisation, by node then GPU index. */
export function idleGpus(samples: DcgmVectors, pods: readonly PodUsage[], thresholdPercent: number): IdleGpu[] {
  const holding = pods.filter((p) => p.node !== undefined);
  const podsByName = new Map(holding.map((p) => [`${p.namespace}/${p.name}`, p]));
  const busyNodes = new Set(holding.map((p) => p.node));
  const mapped = samples.utilisation.some((s) => label(s, 'pod') !== undefined);
  const memory = new Map<string, number>();
  for (const s of samples.memoryUsed) if (Number.isFinite(s.value)) memory.set(keyOf(s), s.value);

  const idle: IdleGpu[] = [];
  const seen = new Set<string>();
  for (const s of samples.utilisation) {
    if (!Number.isFinite(s.value) || s.value >= thresholdPercent) continue;
    const key = keyOf(s);
    if (seen.has(key)) continue;
    const host = hostOf(s);
    const namespace = label(s, 'namespace');
    const podName = label(s, 'pod');
    let node: string | undefined;
    let pod: PodUsage | undefined;
    if (mapped) {
      if (namespace === undefined || podName === undefined) continue;
      pod = podsByName.get(`${namespace}/${podName}`);
      if (!pod) continue;
      node = pod.node ?? host;
    } else {
      if (host === undefined || !busyNodes.has(host)) continue;
      node = host;
    }
    if (node === undefined) continue;
    seen.add(key);
    const memoryUsedMiB = memory.get(key);
    idle.push({
      node,
      gpu: label(s, 'gpu') ?? '?',
      uuid: label(s, 'UUID') ?? '?',
      model: label(s, 'modelName') ?? 'unknown',
      utilisationPercent: s.value,
      ...(memoryUsedMiB !== undefined && { memoryUsedMiB }),
      ...(pod && { namespace: pod.namespace, pod: pod.name }),
    });
  }
  return idle.sort(
    (a, b) => a.node.localeCompare(b.node) || byIndex(a.gpu, b.gpu) || (a.pod ?? '').localeCompare(b.pod ?? ''),
  );
}

/** The two activity vectors, averaged over the window (see {@link activityQueries}): how busy GPUs were, for the reclaim of idle ones. */
export interface ActivityVectors {
  /** `avg_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE[w])`: a ratio 0–1 per GPU or MIG instance. */
  readonly engineActive: readonly DcgmSample[];
  /** `avg_over_time(DCGM_FI_DEV_GPU_UTIL[w])`: percent, whole GPUs only. */
  readonly utilisation: readonly DcgmSample[];
}

export const activityQueries = (window: string): { engineActive: string; utilisation: string } => ({
  engineActive: `avg_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE[${window}])`,
  utilisation: `avg_over_time(DCGM_FI_DEV_GPU_UTIL[${window}])`,
});
