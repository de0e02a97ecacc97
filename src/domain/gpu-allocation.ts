/**
 * What Kanaria records of GPU allocation for showback (`kanaria_gpu_allocated*`): from one inventory read, the
 * units held per namespace, pool, product, resource and kind, and the same in GPU-equivalents. Counted as the
 * report counts (pods bound to a known node, finished pods and init-container peaks as summarizePod has them).
 */
import type { GpuKind, NodeSummary, PodUsage } from './gpu.js';
import { unitOn } from './gpu-equivalent.js';

export interface AllocationSample {
  readonly labels: {
    readonly namespace: string;
    readonly pool: string;
    readonly product: string;
    readonly resource: string;
    readonly kind: GpuKind;
  };
  readonly units: number;
  readonly equivalents: number;
}

export function allocationSamples(nodes: readonly NodeSummary[], pods: readonly PodUsage[]): AllocationSample[] {
  const byNode = new Map(nodes.map((n) => [n.name, n]));
  const samples = new Map<string, { labels: AllocationSample['labels']; units: number; equivalents: number }>();
  for (const pod of pods) {
    const node = pod.node === undefined ? undefined : byNode.get(pod.node);
    if (!node) continue;
    for (const [resource, units] of Object.entries(pod.requests)) {
      // As the report counts it: the node's kind and replicas for the resource (by its name if no longer offered).
      const { kind, equivalent: each } = unitOn(node, resource);
      const labels = { namespace: pod.namespace, pool: node.pool, product: node.product, resource, kind };
      const key = Object.values(labels).join('\u0000');
      const sample = samples.get(key) ?? { labels, units: 0, equivalents: 0 };
      sample.units += units;
      sample.equivalents += units * each;
      samples.set(key, sample);
    }
  }
  return [...samples.values()];
}
