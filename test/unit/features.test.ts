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
const CLUSTER = ['/sync', '/status', '/canary', '/analyze', '/gpu', '/gpu idle', '/gpu why'];
const PROMETHEUS = ['/analyze', '/gpu idle', '/gpu usage', '/slo'];

describe('featuresOf', () => {
  it.each([
    {
      access: { cluster: true, prometheus: true },
      on: [...GIT, '/sync', '/status', '/canary', '/analyze', '/gpu', '/gpu idle', '/gpu usage', '/gpu why', '/slo'],
      off: [],
    },
    {
      access: { cluster: true, prometheus: false },
      on: [...GIT, '/sync', '/status', '/canary', '/gpu', '/gpu why'],
      off: [{ need: 'prometheus', commands: PROMETHEUS }],
    },
    {
      access: { cluster: false, prometheus: true },
      on: [...GIT, '/gpu usage', '/slo'],
      off: [{ need: 'cluster', commands: CLUSTER }],
    },
    {
      access: { cluster: false, prometheus: false },
      on: GIT,
      off: [
        { need: 'cluster', commands: CLUSTER },
        { need: 'prometheus', commands: PROMETHEUS },
      ],
    },
  ])('with $access: on $on', ({ access, on, off }) => {
    expect(featuresOf(access)).toEqual({ on, off });
  });
});
