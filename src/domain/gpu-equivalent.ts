/**
 * GPUs in GPU terms: how much of one physical GPU one unit of a GPU resource is. A whole GPU is 1; a MIG slice
 * is its compute slices over the GPU's (a `1g.10gb` slice of an H100 is 1/7, a `2g.12gb` of an A30 is 2/4); a
 * time-sliced or MPS replica is 1 / the replicas each GPU is shared into.
 */
import type { GpuKind } from './gpu.js';

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
  /** Replicas per GPU for shared kinds (`nvidia.com/gpu.replicas`); unknown counts as 1 (never over-counts). */
  readonly replicas?: number;
}

/** GPU-equivalents of one unit of a resource (0 < x ≤ 1). */
export function unitEquivalent(unit: GpuUnit): number {
  if (unit.kind === 'mig') {
    const profile = migProfile(unit.resource) ?? migProfile(unit.product);
    if (!profile) return 1;
    return Math.min(1, profile.slices / migSlicesPerGpu(unit.product));
  }
  if (unit.kind === 'shared') return 1 / Math.max(1, unit.replicas ?? 1);
  return 1;
}
