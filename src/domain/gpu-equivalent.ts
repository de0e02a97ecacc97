/**
 * GPUs in GPU terms: how much of one physical GPU one unit of a GPU resource is. A whole GPU is 1; a MIG slice
 * is its compute slices over the GPU's (a `1g.10gb` slice of an H100 is 1/7, a `2g.12gb` of an A30 is 2/4); a
 * time-sliced or MPS replica is 1 / the replicas each device is shared into (of a whole GPU, or of a MIG slice).
 * Whole GPUs, MIG slices and shared replicas are different things: they are counted apart ({@link GpuHolding}),
 * and only their sum in GPU-equivalents adds them up.
 */

/** How a GPU resource is offered: whole devices, MIG slices, or time-sliced / MPS replicas. */
export type GpuKind = 'gpu' | 'mig' | 'shared';

/** A MIG profile as NVIDIA names it: `<compute slices>g.<memory>gb`, optionally `+me` (media extensions). */
const PROFILE = /(\d+)g\.(\d+)gb(\+me)?/;

/** Compute slices per physical GPU: 4 on the A30, 7 on the A100/H100/H200/B200 family (and unknown products). */
export function migSlicesPerGpu(product: string): number {
  return /\bA30\b|-A30-/.test(product) ? 4 : 7;
}

/**
 * The MIG profile of a resource (`nvidia.com/mig-1g.10gb`, mixed strategy) or of a product label
 * (`NVIDIA-H100-80GB-HBM3-MIG-1g.10gb`, single strategy); undefined when neither names one.
 */
export function migProfile(
  resourceOrProduct: string,
): { readonly profile: string; readonly slices: number } | undefined {
  const match = PROFILE.exec(resourceOrProduct);
  return match ? { profile: match[0], slices: Number(match[1]) } : undefined;
}

export interface GpuUnit {
  readonly kind: GpuKind;
  /** The extended resource, e.g. `nvidia.com/mig-1g.10gb`. */
  readonly resource: string;
  /** The node's `nvidia.com/gpu.product` (with its -MIG-… or -SHARED suffix). */
  readonly product: string;
  /** Replicas per device for shared kinds (`nvidia.com/gpu.replicas`); unknown counts as 1 (the most it can be). */
  readonly replicas?: number;
}

/** GPU-equivalents of one unit of a resource (0 < x ≤ 1). */
export function unitEquivalent(unit: GpuUnit): number {
  if (unit.kind === 'gpu') return 1;
  // A shared resource may be a replica of a MIG slice (`nvidia.com/mig-1g.10gb` shared, or -MIG-…-SHARED).
  const profile = migProfile(unit.resource) ?? migProfile(unit.product);
  const device = profile ? Math.min(1, profile.slices / migSlicesPerGpu(unit.product)) : 1;
  return unit.kind === 'shared' ? device / Math.max(1, unit.replicas ?? 1) : device;
}

/** What one unit of a resource is on a node: its kind, its MIG profile (MIG slices), its GPU-equivalents. */
export type UnitOnNode =
  | { readonly kind: 'gpu' | 'shared'; readonly equivalent: number }
  /** `profile` (`1g.10gb`) is what MIG slices are counted by. */
  | { readonly kind: 'mig'; readonly profile: string; readonly equivalent: number };

/** The part of a node summary (src/domain/gpu.ts) a unit's worth depends on. */
export interface GpuNodeFacts {
  readonly product: string;
  readonly resources: readonly { readonly resource: string; readonly kind: GpuKind; readonly replicas?: number }[];
}

/** The kind of a resource the node does not list (its capacity went to 0 under a pod): by its name and product. */
export const kindByName = (resource: string, product: string): GpuKind =>
  resource.endsWith('.shared') || product.endsWith('-SHARED')
    ? 'shared'
    : resource.startsWith('nvidia.com/mig-') || /-MIG-/.test(product)
      ? 'mig'
      : 'gpu';

/** One unit of `resource` on `node`, as the node offers it. */
export function unitOn(node: GpuNodeFacts, resource: string): UnitOnNode {
  const offered = node.resources.find((r) => r.resource === resource);
  const kind = offered?.kind ?? kindByName(resource, node.product);
  const equivalent = unitEquivalent({
    kind,
    resource,
    product: node.product,
    ...(offered?.replicas !== undefined && { replicas: offered.replicas }),
  });
  if (kind !== 'mig') return { kind, equivalent };
  const profile =
    migProfile(resource)?.profile ?? migProfile(node.product)?.profile ?? resource.replace(/^nvidia\.com\/mig-/, '');
  return { kind, profile, equivalent };
}

/**
 * What a pod or a namespace holds: whole GPUs, MIG slices by profile and shared replicas, each in its own unit,
 * and their sum in GPU-equivalents.
 */
export interface GpuHolding {
  readonly gpus: number;
  /** Slices by profile, e.g. `{ '1g.10gb': 2 }`. */
  readonly mig: Readonly<Record<string, number>>;
  /** Time-sliced or MPS replicas (of whole GPUs or of MIG slices). */
  readonly shared: number;
  readonly equivalents: number;
}

/**
 * Adds up units pods hold, each kind apart; `holding()` gives the sum so far. Mutable on purpose: a report adds
 * up a hundred thousand pods, and a new object per pod would cost more than all the rest.
 */
export class GpuTally {
  private gpus = 0;
  private shared = 0;
  private equivalents = 0;
  private readonly mig = new Map<string, number>();

  add(unit: UnitOnNode, count: number): this {
    this.equivalents += count * unit.equivalent;
    if (unit.kind === 'mig') this.mig.set(unit.profile, (this.mig.get(unit.profile) ?? 0) + count);
    else if (unit.kind === 'shared') this.shared += count;
    else this.gpus += count;
    return this;
  }

  /** What was added, GPU-equivalents to the hundredth; MIG profiles in name order. */
  holding(): GpuHolding {
    const mig = Object.fromEntries([...this.mig].sort(([a], [b]) => a.localeCompare(b)));
    return { gpus: this.gpus, mig, shared: this.shared, equivalents: roundEquivalents(this.equivalents) };
  }
}

/** GPU-equivalents as reports give them: to the hundredth (sevenths never add up exactly in floating point). */
export const roundEquivalents = (value: number): number => Math.round(value * 100) / 100;
