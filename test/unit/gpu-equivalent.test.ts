import { describe, expect, it } from 'vitest';
import { migProfile, migSlicesPerGpu, unitEquivalent } from '../../src/domain/gpu-equivalent.js';

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
