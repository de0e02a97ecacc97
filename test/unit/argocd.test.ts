import { describe, expect, it } from 'vitest';
import { applicationState, reconcileVerdict, refreshPatch, syncPatch } from '../../src/domain/argocd.js';

const SHA = '3f1c2a9d0b7e4c6a8f5d2e1b0a9c8d7e6f5a4b3c';
const app = (status: object, extra: object = {}) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'web', resourceVersion: '42' }, spec: {}, status, ...extra });

describe('applicationState', () => {
  it('reads sync, health, operation and failed resources as Argo CD writes them', () => {
    const state = applicationState(app({
      sync: { status: 'OutOfSync', revision: SHA },
      health: { status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' },
      operationState: { phase: 'Failed', message: 'one or more objects failed to apply', syncResult: { revision: SHA, resources: [{ kind: 'Deployment', name: 'web', namespace: 'web', status: 'SyncFailed', message: 'admission webhook denied' }, { kind: 'Service', name: 'web', status: 'Synced' }] } },
      resources: [{ kind: 'Deployment', name: 'web', namespace: 'web', health: { status: 'Degraded', message: 'progress deadline exceeded' } }],
    }));
    expect(state).toMatchObject({ sync: 'OutOfSync', revision: SHA, health: 'Degraded', operation: { phase: 'Failed', revision: SHA }, automated: false, operationPending: false, resourceVersion: '42' });
    expect(state.failedResources).toEqual([
      { kind: 'Deployment', name: 'web', namespace: 'web', message: 'admission webhook denied' },
      { kind: 'Deployment', name: 'web', namespace: 'web', message: 'progress deadline exceeded' },
    ]);
  });

  it('treats a missing status as Unknown, and sees automated sync and a pending operation', () => {
    const state = applicationState(app({}, { spec: { syncPolicy: { automated: { prune: true } } }, operation: { sync: { revision: SHA } } }));
    expect(state).toMatchObject({ sync: 'Unknown', health: 'Unknown', automated: true, operationPending: true, failedResources: [] });
  });
});

describe('reconcileVerdict', () => {
  it.each([
    ['still at the old revision', { sync: { status: 'Synced', revision: 'old' }, health: { status: 'Healthy' } }, { done: false, stage: 'refreshing' }],
    ['at the revision, out of sync', { sync: { status: 'OutOfSync', revision: SHA }, health: { status: 'Healthy' } }, { done: false, stage: 'syncing' }],
    ['synced, pods still coming up', { sync: { status: 'Synced', revision: SHA }, health: { status: 'Progressing' } }, { done: false, stage: 'progressing' }],
    ['synced and healthy', { sync: { status: 'Synced', revision: SHA }, health: { status: 'Healthy' } }, { done: true, outcome: 'healthy' }],
    ['short sha reported', { sync: { status: 'Synced', revision: SHA.slice(0, 7) }, health: { status: 'Healthy' } }, { done: true, outcome: 'healthy' }],
    ['degraded at the revision', { sync: { status: 'Synced', revision: SHA }, health: { status: 'Degraded', message: 'crash loop' } }, { done: true, outcome: 'degraded', message: 'crash loop' }],
    ['missing at the revision', { sync: { status: 'OutOfSync', revision: SHA }, health: { status: 'Missing' } }, { done: true, outcome: 'missing' }],
    ['sync operation failed', { sync: { status: 'OutOfSync', revision: 'old' }, health: { status: 'Healthy' }, operationState: { phase: 'Failed', message: 'hook failed', syncResult: { revision: SHA } } }, { done: true, outcome: 'failed', message: 'hook failed' }],
    ['an older operation failed, ours not started', { sync: { status: 'OutOfSync', revision: 'old' }, health: { status: 'Healthy' }, operationState: { phase: 'Error', syncResult: { revision: 'older' } } }, { done: false, stage: 'refreshing' }],
    ['degraded at the old revision (not ours to judge)', { sync: { status: 'Synced', revision: 'old' }, health: { status: 'Degraded' } }, { done: false, stage: 'refreshing' }],
  ])('%s', (_, status, verdict) => {
    expect(reconcileVerdict(applicationState(app(status)), SHA)).toEqual(verdict);
  });
});

describe('patches', () => {
  it('match what Argo CD understands', () => {
    expect(refreshPatch(false)).toEqual({ metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } } });
    expect(refreshPatch(true).metadata.annotations['argocd.argoproj.io/refresh']).toBe('hard');
    expect(syncPatch({ revision: SHA, username: 'ana', prune: false, resourceVersion: '42' })).toEqual({
      metadata: { resourceVersion: '42' },
      operation: { initiatedBy: { username: 'ana' }, sync: { revision: SHA, prune: false, syncStrategy: { hook: {} } } },
    });
  });
});
