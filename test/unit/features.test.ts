import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../src/domain/features.js';

const GIT = [
  '/deploy',
  '/scale',
  '/rollback',
  '/promote',
  '/pipeline',
  '/approve',
  '/reject',
  '/lock',
  '/unlock',
  '/history',
];
const CLUSTER = ['/sync', '/status', '/canary', '/analyze', '/gpu'];

describe('featuresOf', () => {
  it.each([
    {
      access: { cluster: true, prometheus: true },
      on: [...GIT, '/sync', '/status', '/canary', '/analyze', '/gpu', '/slo'],
      off: [],
    },
    {
      access: { cluster: true, prometheus: false },
      on: [...GIT, '/sync', '/status', '/canary', '/gpu'],
      off: [{ need: 'prometheus', commands: ['/analyze', '/slo'] }],
    },
    {
      access: { cluster: false, prometheus: true },
      on: [...GIT, '/slo'],
      off: [{ need: 'cluster', commands: CLUSTER }],
    },
    {
      access: { cluster: false, prometheus: false },
      on: GIT,
      off: [
        { need: 'cluster', commands: CLUSTER },
        { need: 'prometheus', commands: ['/analyze', '/slo'] },
      ],
    },
  ])('with $access: on $on', ({ access, on, off }) => {
    expect(featuresOf(access)).toEqual({ on, off });
  });
});
