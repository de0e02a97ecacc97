import { describe, expect, it } from 'vitest';
import {
  GpuTally,
  migProfile,
  migSlicesPerGpu,
  roundEquivalents,
  unitEquivalent,
  unitOn,
  type GpuNodeFacts,
} from '../../src/domain/gpu-equivalent.js';

describe('GPU-equivalents of one unit', () => {
  it.each([
    ['a whole GPU', { kind: 'gpu', resource: 'nvidia.com/gpu', product: 'NVIDIA-A100-SXM4-80GB' }, 1],
    [
      'a 1g.10gb slice of an H100 (mixed)',
      { kind: 'mig', resource: 'nvidia.com/mig-1g.10gb', product: 'NVIDIA-H100-80GB-HBM3' },
      1 / 7,
    ],
    [
      'a 3g.40gb slice of an A100 (mixed)',
      { kind: 'mig', resource: 'nvidia.com/mig-3g.40gb', product: 'NVIDIA-A100-SXM4-80GB' },
      3 / 7,
    ],
    ['a 2g.12gb slice of an A30', { kind: 'mig', resource: 'nvidia.com/mig-2g.12gb', product: 'NVIDIA-A30' }, 2 / 4],
    [
      'a slice in single strategy (profile in the product label)',
      { kind: 'mig', resource: 'nvidia.com/gpu', product: 'NVIDIA-A100-SXM4-40GB-MIG-1g.5gb' },
      1 / 7,
    ],
    ['a +me slice', { kind: 'mig', resource: 'nvidia.com/mig-1g.10gb+me', product: 'NVIDIA-H100-80GB-HBM3' }, 1 / 7],
    [
      'a time-sliced replica of 4',
      { kind: 'shared', resource: 'nvidia.com/gpu', product: 'Tesla-T4-SHARED', replicas: 4 },
      1 / 4,
    ],
    ['a shared replica, replicas unknown', { kind: 'shared', resource: 'nvidia.com/gpu.shared', product: 'T4' }, 1],
    [
      'a replica of a time-sliced MIG slice (mixed): the slice over the replicas',
      { kind: 'shared', resource: 'nvidia.com/mig-1g.10gb', product: 'NVIDIA-A100-SXM4-80GB', replicas: 4 },
      1 / 28,
    ],
    [
      'a replica of a time-sliced MIG slice (single, -MIG-…-SHARED)',
      { kind: 'shared', resource: 'nvidia.com/gpu', product: 'NVIDIA-A100-SXM4-40GB-MIG-1g.5gb-SHARED', replicas: 2 },
      1 / 14,
    ],
  ] as const)('%s', (_name, unit, expected) => {
    expect(unitEquivalent(unit)).toBeCloseTo(expected, 10);
  });

  it('reads MIG profiles and slices per GPU', () => {
    expect(migProfile('nvidia.com/mig-7g.80gb')).toEqual({ profile: '7g.80gb', slices: 7 });
    expect(migProfile('nvidia.com/gpu')).toBeUndefined();
    expect(migSlicesPerGpu('NVIDIA-A30')).toBe(4);
    expect(migSlicesPerGpu('NVIDIA-H100-80GB-HBM3')).toBe(7);
  });
});

describe('a unit on a node, and what a pod or namespace holds', () => {
  const mixed: GpuNodeFacts = {
    product: 'NVIDIA-H100-80GB-HBM3',
    resources: [
      { resource: 'nvidia.com/gpu', kind: 'gpu' },
      { resource: 'nvidia.com/mig-1g.10gb', kind: 'mig' },
      { resource: 'nvidia.com/mig-3g.40gb', kind: 'shared', replicas: 2 },
    ],
  };

  it.each([
    ['a whole GPU', mixed, 'nvidia.com/gpu', { kind: 'gpu', equivalent: 1 }],
    [
      'a slice, by its profile',
      mixed,
      'nvidia.com/mig-1g.10gb',
      { kind: 'mig', profile: '1g.10gb', equivalent: 1 / 7 },
    ],
    ['a replica of a slice', mixed, 'nvidia.com/mig-3g.40gb', { kind: 'shared', equivalent: 3 / 14 }],
    [
      'a single-strategy slice, its profile from the product',
      { product: 'NVIDIA-A30-MIG-1g.6gb', resources: [{ resource: 'nvidia.com/gpu', kind: 'mig' }] },
      'nvidia.com/gpu',
      { kind: 'mig', profile: '1g.6gb', equivalent: 1 / 4 },
    ],
    // The pod is bound but the node no longer lists the resource (its capacity dropped to 0): judged by the name.
    [
      'a resource the node no longer lists: MIG by its name',
      mixed,
      'nvidia.com/mig-2g.20gb',
      { kind: 'mig', profile: '2g.20gb', equivalent: 2 / 7 },
    ],
    [
      'a resource the node no longer lists: shared by its name',
      mixed,
      'nvidia.com/gpu.shared',
      { kind: 'shared', equivalent: 1 },
    ],
  ] as const)('%s', (_, node, resource, expected) => {
    expect(unitOn(node, resource)).toEqual({ ...expected, equivalent: expect.closeTo(expected.equivalent, 10) });
  });

  it('keeps whole GPUs, slices by profile and replicas apart, and sums them in GPU-equivalents only', () => {
    const tally = new GpuTally()
      .add(unitOn(mixed, 'nvidia.com/gpu'), 5)
      .add(unitOn(mixed, 'nvidia.com/mig-3g.40gb'), 2)
      .add(unitOn(mixed, 'nvidia.com/mig-1g.10gb'), 2)
      .add(unitOn(mixed, 'nvidia.com/mig-2g.20gb'), 1)
      .add(unitOn(mixed, 'nvidia.com/mig-1g.10gb'), 1);
    // 5 + 2 × 3/14 + 3/7 + 2/7 = 6.14…
    expect(tally.holding()).toEqual({ gpus: 5, mig: { '1g.10gb': 3, '2g.20gb': 1 }, shared: 2, equivalents: 6.14 });
    expect(Object.keys(tally.holding().mig)).toEqual(['1g.10gb', '2g.20gb']);
    expect(new GpuTally().holding()).toEqual({ gpus: 0, mig: {}, shared: 0, equivalents: 0 });
  });

  it('rounds GPU-equivalents to the hundredth, so sevenths add up', () => {
    const oneByOne = Array.from({ length: 28 }, () => 1 / 7).reduce((a, b) => a + b, 0);
    expect(oneByOne).not.toBe(4);
    expect(roundEquivalents(oneByOne)).toBe(4);
    expect(roundEquivalents(2 / 7)).toBe(0.29);
  });
});
