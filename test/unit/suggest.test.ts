import { describe, it, expect } from 'vitest';
import { closest, editDistance } from '../../src/domain/suggest.js';

const commands = ['abort', 'deploy', 'gpu', 'help', 'history', 'promote', 'rollback', 'scale', 'status'];
const apps = ['api', 'api-gateway', 'llm-api', 'llm-worker', 'payments', 'web'];

describe('closest', () => {
  it.each<[string, readonly string[], string[]]>([
    // Typos: swapped, missing, doubled or wrong letters.
    ['deplyo', commands, ['deploy']],
    ['promte', commands, ['promote']],
    ['rollbakc', commands, ['rollback']],
    ['scael', commands, ['scale']],
    ['wep', apps, ['web']],
    ['llm-apj', apps, ['llm-api']],
    ['api-gatewya', apps, ['api-gateway']],
    // Case does not matter, and the candidate keeps its own spelling.
    ['STATUS', commands, ['status']],
    ['LLM-API', apps, ['llm-api']],
    // Prefixes and parts of a name come first, alphabetically.
    ['roll', commands, ['rollback']],
    ['hist', commands, ['history']],
    ['llm', apps, ['llm-api', 'llm-worker']],
    ['payment', apps, ['payments']],
    // A longer input that holds most of a name.
    ['deploys', commands, ['deploy']],
    ['llm-api-prod', apps, ['llm-api']],
    // Nothing close.
    ['xyz', commands, []],
    ['kubectl', commands, []],
    ['database', apps, []],
    ['', commands, []],
    ['deploy', [], []],
  ])('%j among %j → %j', (input, candidates, expected) => {
    expect(closest(input, candidates)).toEqual(expected);
  });

  it('puts a part of a name before a near miss', () => {
    expect(closest('dep', ['help', 'deploy'])).toEqual(['deploy', 'help']);
  });

  it('does not offer a short name just because the input contains it', () => {
    expect(closest('llm-apj', ['a', 'llm-api'])).toEqual(['llm-api']);
    expect(closest('payment', ['a', 'payments'])).toEqual(['payments']);
  });

  it('does not offer a name that shares nothing with the input', () => {
    expect(closest('x', ['a', 'gpu'])).toEqual([]);
    expect(closest('ab', ['xy'])).toEqual([]);
  });

  it('offers at most `limit` names', () => {
    const many = ['web-1', 'web-2', 'web-3', 'web-4'];
    expect(closest('web', many)).toEqual(['web-1', 'web-2', 'web-3']);
    expect(closest('web', many, 1)).toEqual(['web-1']);
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['deploy', 'deploy', 0],
    ['deploy', 'deplyo', 2],
    ['kitten', 'sitting', 3],
    ['web', 'wep', 1],
  ])('%j → %j: %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});
