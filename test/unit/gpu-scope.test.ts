import { describe, expect, it } from 'vitest';
import type { AlertThresholds, NodeSummary, PodUsage } from '../../src/domain/gpu.js';
import { alertThresholds, scopeInventory, type GpuScope } from '../../src/domain/gpu-scope.js';

const node = (name: string, pool: string): NodeSummary => ({
  name,
  pool,
  product: 'NVIDIA-A100-SXM4-80GB',
  resources: [{ resource: 'nvidia.com/gpu', kind: 'gpu', capacity: 8, allocatable: 8 }],
  cordoned: false,
  ready: true,
});
const pod = (namespace: string, name: string, onNode?: string): PodUsage => ({
  namespace,
  name,
  ...(onNode !== undefined && { node: onNode }),
  phase: onNode === undefined ? 'Pending' : 'Running',
  requests: { 'nvidia.com/gpu': 1 },
});

const nodes = [node('a100-0', 'a100'), node('a100-1', 'a100'), node('t4-0', 't4')];
const pods = [
  pod('ml', 'train-0', 'a100-0'),
  pod('ml', 'train-1', 't4-0'),
  pod('ml', 'waiting'),
  pod('serving', 'llm-0', 'a100-1'),
  pod('serving', 'llm-1', 'a100-0'),
];
const names = (decision: ReturnType<typeof scopeInventory>) =>
  decision.covered
    ? { nodes: decision.nodes.map((n) => n.name), pods: decision.pods.map((p) => `${p.namespace}/${p.name}`) }
    : decision;

describe('scopeInventory: what a GPU report covers', () => {
  it.each<[string, GpuScope | undefined, ReturnType<typeof names>]>([
    [
      'no scope: the whole cluster',
      undefined,
      {
        nodes: ['a100-0', 'a100-1', 't4-0'],
        pods: ['ml/train-0', 'ml/train-1', 'ml/waiting', 'serving/llm-0', 'serving/llm-1'],
      },
    ],
    [
      'a pool: its nodes and the pods on them (not pending ones, which have no node)',
      { kind: 'pool', name: 'a100' },
      { nodes: ['a100-0', 'a100-1'], pods: ['ml/train-0', 'serving/llm-0', 'serving/llm-1'] },
    ],
    ['a node: itself and its pods', { kind: 'node', name: 't4-0' }, { nodes: ['t4-0'], pods: ['ml/train-1'] }],
    [
      'a namespace: its pods (pending ones too), the nodes they run on and what others hold there',
      { kind: 'namespace', name: 'ml' },
      { nodes: ['a100-0', 't4-0'], pods: ['ml/train-0', 'ml/train-1', 'ml/waiting', 'serving/llm-1'] },
    ],
    [
      'an unknown pool: refused with the closest known one and all known',
      { kind: 'pool', name: 'a10' },
      { covered: false, scope: { kind: 'pool', name: 'a10' }, near: ['a100'], known: ['a100', 't4'] },
    ],
    [
      'a node name is not a pool',
      { kind: 'pool', name: 't4-0' },
      { covered: false, scope: { kind: 'pool', name: 't4-0' }, near: ['t4'], known: ['a100', 't4'] },
    ],
    [
      'an unknown node: the known nodes',
      { kind: 'node', name: 'zzz' },
      { covered: false, scope: { kind: 'node', name: 'zzz' }, near: [], known: ['a100-0', 'a100-1', 't4-0'] },
    ],
    [
      'a namespace without GPU pods is unknown',
      { kind: 'namespace', name: 'web' },
      { covered: false, scope: { kind: 'namespace', name: 'web' }, near: [], known: ['ml', 'serving'] },
    ],
  ])('%s', (_, scope, expected) => {
    expect(names(scopeInventory(nodes, pods, scope))).toEqual(expected);
  });

  it('refuses every name in a cluster without GPU nodes, knowing none', () => {
    expect(scopeInventory([], [], { kind: 'pool', name: 'a100' })).toEqual({
      covered: false,
      scope: { kind: 'pool', name: 'a100' },
      near: [],
      known: [],
    });
  });
});

describe('alertThresholds: the alerts gpu.alerts asks for', () => {
  it.each<[string, Parameters<typeof alertThresholds>[0], AlertThresholds]>([
    ['no alerts configured', undefined, {}],
    ['one number applies to every product', { minFree: 2 }, { minFree: { '*': 2 } }],
    ['zero is a threshold too', { minFree: 0 }, { minFree: { '*': 0 } }],
    [
      'per product, as given',
      { minFree: { 'NVIDIA-A100-SXM4-80GB': 4, '*': 1 } },
      { minFree: { 'NVIDIA-A100-SXM4-80GB': 4, '*': 1 } },
    ],
    ['pending pods only', { pendingMinutes: 30 }, { pendingMinutes: 30 }],
    ['a pending limit of zero is kept', { minFree: 1, pendingMinutes: 0 }, { minFree: { '*': 1 }, pendingMinutes: 0 }],
  ])('%s', (_, alerts, thresholds) => {
    expect(alertThresholds(alerts)).toEqual(thresholds);
  });
});
