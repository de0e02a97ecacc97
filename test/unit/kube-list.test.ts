import { describe, expect, it } from 'vitest';
import { kubeListItems, type KubeListProblem } from '../../src/domain/kube-list.js';

const node = (name: string, kind: string | null = 'Node') => ({ ...(kind !== null && { kind }), metadata: { name } });

describe('kubeListItems (a file meant as `kubectl get <kind>s -o json`)', () => {
  it.each<[string, unknown, number]>([
    ['kubectl get nodes -o json', { apiVersion: 'v1', kind: 'List', items: [node('a'), node('b')] }, 2],
    ["the API's NodeList, items without kind", { kind: 'NodeList', items: [node('a', null)] }, 1],
    ['an empty List (a cluster without nodes)', { kind: 'List', items: [] }, 0],
    ['a list without a kind of its own', { items: [node('a')] }, 1],
  ])('takes %s', (_, document, count) => {
    const result = kubeListItems(document, 'Node');
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.items).toHaveLength(count);
  });

  it.each<[string, unknown, KubeListProblem]>([
    ['a single Node', node('a'), { kind: 'not-a-list' }],
    ['a JSON array', [node('a')], { kind: 'not-a-list' }],
    ['null', null, { kind: 'not-a-list' }],
    ['items that are an object', { kind: 'List', items: {} }, { kind: 'not-a-list' }],
    ['a PodList', { kind: 'PodList', items: [] }, { kind: 'other-list', listKind: 'PodList' }],
    [
      'pods (swapped files)',
      { kind: 'List', items: [node('p', 'Pod')] },
      { kind: 'other-kind', item: 1, found: 'Pod' },
    ],
    [
      'a Pod among the nodes',
      { kind: 'List', items: [node('a'), node('b'), node('p', 'Pod')] },
      { kind: 'other-kind', item: 3, found: 'Pod' },
    ],
    ['a name instead of an object', { kind: 'List', items: [node('a'), 'b'] }, { kind: 'not-an-object', item: 2 }],
    ['null as an item', { kind: 'List', items: [null] }, { kind: 'not-an-object', item: 1 }],
    ['an item without kind in a List', { kind: 'List', items: [node('a', null)] }, { kind: 'no-kind', item: 1 }],
  ])('refuses %s', (_, document, problem) => {
    expect(kubeListItems(document, 'Node')).toEqual({ ok: false, problem });
  });

  it('checks for the kind asked for', () => {
    expect(kubeListItems({ kind: 'PodList', items: [{ metadata: {} }] }, 'Pod')).toMatchObject({ ok: true });
    expect(kubeListItems({ kind: 'List', items: [node('a')] }, 'Pod')).toEqual({
      ok: false,
      problem: { kind: 'other-kind', item: 1, found: 'Node' },
    });
  });
});
