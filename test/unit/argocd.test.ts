import { describe, expect, it } from 'vitest';
import {
  applicationState,
  observeApplication,
  reconcileVerdict,
  refreshPatch,
  sameRevision,
  syncPatch,
  type ApplicationState,
  type Watched,
} from '../../src/domain/argocd.js';

const SHA = '3f1c2a9d0b7e4c6a8f5d2e1b0a9c8d7e6f5a4b3c';
const OLD = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';
const app = (status: object, extra: object = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'web', resourceVersion: '42' },
  spec: {},
  status,
  ...extra,
});

describe('applicationState', () => {
  it('reads sync, health, operation and failed resources as Argo CD writes them', () => {
    const state = applicationState(
      app({
        sync: { status: 'OutOfSync', revision: SHA },
        health: { status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' },
        operationState: {
          phase: 'Failed',
          message: 'one or more objects failed to apply',
          syncResult: {
            revision: SHA,
            resources: [
              {
                kind: 'Deployment',
                name: 'web',
                namespace: 'web',
                status: 'SyncFailed',
                message: 'admission webhook denied',
              },
              { kind: 'Service', name: 'web', status: 'Synced' },
            ],
          },
        },
        resources: [
          {
            kind: 'Deployment',
            name: 'web',
            namespace: 'web',
            health: { status: 'Degraded', message: 'progress deadline exceeded' },
          },
        ],
      }),
    );
    expect(state).toMatchObject({
      sync: 'OutOfSync',
      revision: SHA,
      health: 'Degraded',
      operation: { phase: 'Failed', revision: SHA },
      automated: false,
      operationPending: false,
      resourceVersion: '42',
    });
    expect(state.failedResources).toEqual([
      { kind: 'Deployment', name: 'web', namespace: 'web', message: 'admission webhook denied' },
      { kind: 'Deployment', name: 'web', namespace: 'web', message: 'progress deadline exceeded' },
    ]);
  });

  it('treats a missing status as Unknown, and sees automated sync and a pending operation', () => {
    const state = applicationState(
      app({}, { spec: { syncPolicy: { automated: { prune: true } } }, operation: { sync: { revision: SHA } } }),
    );
    expect(state).toMatchObject({
      sync: 'Unknown',
      health: 'Unknown',
      automated: true,
      operationPending: true,
      failedResources: [],
    });
  });
});

describe('reconcileVerdict', () => {
  it.each([
    [
      'still at the old revision',
      { sync: { status: 'Synced', revision: 'old' }, health: { status: 'Healthy' } },
      { done: false, stage: 'refreshing' },
    ],
    [
      'at the revision, out of sync',
      { sync: { status: 'OutOfSync', revision: SHA }, health: { status: 'Healthy' } },
      { done: false, stage: 'syncing' },
    ],
    [
      'synced, pods still coming up',
      { sync: { status: 'Synced', revision: SHA }, health: { status: 'Progressing' } },
      { done: false, stage: 'progressing' },
    ],
    [
      'synced and healthy',
      { sync: { status: 'Synced', revision: SHA }, health: { status: 'Healthy' } },
      { done: true, outcome: 'healthy' },
    ],
    [
      'short sha reported',
      { sync: { status: 'Synced', revision: SHA.slice(0, 7) }, health: { status: 'Healthy' } },
      { done: true, outcome: 'healthy' },
    ],
    [
      'degraded at the revision',
      { sync: { status: 'Synced', revision: SHA }, health: { status: 'Degraded', message: 'crash loop' } },
      { done: true, outcome: 'degraded', message: 'crash loop' },
    ],
    [
      'missing at the revision',
      { sync: { status: 'OutOfSync', revision: SHA }, health: { status: 'Missing' } },
      { done: true, outcome: 'missing' },
    ],
    [
      'sync operation failed',
      {
        sync: { status: 'OutOfSync', revision: 'old' },
        health: { status: 'Healthy' },
        operationState: { phase: 'Failed', message: 'hook failed', syncResult: { revision: SHA } },
      },
      { done: true, outcome: 'failed', message: 'hook failed' },
    ],
    [
      'an older operation failed, ours not started',
      {
        sync: { status: 'OutOfSync', revision: 'old' },
        health: { status: 'Healthy' },
        operationState: { phase: 'Error', syncResult: { revision: 'older' } },
      },
      { done: false, stage: 'refreshing' },
    ],
    [
      'degraded at the old revision (not ours to judge)',
      { sync: { status: 'Synced', revision: 'old' }, health: { status: 'Degraded' } },
      { done: false, stage: 'refreshing' },
    ],
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
      operation: {
        initiatedBy: { username: 'ana' },
        sync: { revision: SHA, prune: false, syncStrategy: { hook: {} } },
      },
    });
  });
});

describe('applicationState, operations and policy', () => {
  it.each<[string, object, Partial<ApplicationState>]>([
    ['no operation requested', {}, { operationPending: false }],
    [
      'a sync requested (as SetAppOperation writes it)',
      { operation: { initiatedBy: { username: 'ana' }, sync: { revision: SHA, prune: false } } },
      { operationPending: true, pendingRevision: SHA },
    ],
    [
      'a sync requested without a revision (the target revision)',
      { operation: { initiatedBy: { automated: true }, sync: { prune: true } } },
      { operationPending: true },
    ],
    ['an empty revision', { operation: { sync: { revision: '' } } }, { operationPending: true }],
    ['an empty operation', { operation: {} }, { operationPending: false }],
    ['a null operation', { operation: null }, { operationPending: false }],
  ])('%s', (_, extra, expected) => {
    const state = applicationState(
      app({ sync: { status: 'OutOfSync', revision: OLD }, health: { status: 'Healthy' } }, extra),
    );
    expect(state).toMatchObject(expected);
    if (!('pendingRevision' in expected)) expect(state).not.toHaveProperty('pendingRevision');
  });

  it.each<[string, unknown, boolean]>([
    ['no syncPolicy', undefined, false],
    ['a syncPolicy without automated', { syncOptions: ['CreateNamespace=true'] }, false],
    ['automated with prune and selfHeal', { automated: { prune: true, selfHeal: true } }, true],
    ['automated: true (not the CRD shape, but harmless)', { automated: true }, true],
    ['automated: null', { automated: null }, false],
    ['automated: {} (how Argo CD documents turning it on)', { automated: {} }, true],
    ['automated switched off with enabled: false (Argo CD 3)', { automated: { enabled: false, prune: true } }, false],
    ['automated with enabled: true', { automated: { enabled: true } }, true],
  ])('automated: %s', (_, syncPolicy, automated) => {
    expect(applicationState(app({}, { spec: syncPolicy === undefined ? {} : { syncPolicy } })).automated).toBe(
      automated,
    );
  });

  it('reads the last operation: phase, message and the revision of its sync result', () => {
    const state = applicationState(
      app({
        sync: { status: 'Synced', revision: SHA },
        health: {
          status: 'Progressing',
          message: 'Waiting for rollout to finish: 1 of 3 updated replicas are available...',
        },
        operationState: {
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          syncResult: {
            revision: SHA,
            resources: [
              {
                group: 'apps',
                version: 'v1',
                kind: 'Deployment',
                namespace: 'web',
                name: 'web',
                status: 'Synced',
                message: 'deployment.apps/web configured',
                hookPhase: 'Running',
              },
            ],
          },
        },
      }),
    );
    expect(state).toEqual({
      sync: 'Synced',
      revision: SHA,
      health: 'Progressing',
      healthMessage: 'Waiting for rollout to finish: 1 of 3 updated replicas are available...',
      operation: { phase: 'Succeeded', message: 'successfully synced (all tasks run)', revision: SHA },
      operationPending: false,
      automated: false,
      failedResources: [],
      resourceVersion: '42',
    });
  });

  it('takes an unknown operation phase for Running, and unknown sync and health values for Unknown', () => {
    const state = applicationState(
      app({ sync: { status: 'Comparing' }, health: { status: 'Broken' }, operationState: { phase: 'Pending' } }),
    );
    expect(state).toMatchObject({ sync: 'Unknown', health: 'Unknown', operation: { phase: 'Running' } });
    expect(state.operation).not.toHaveProperty('revision');
  });

  it('lists failed hooks and Missing resources, with the best message there is', () => {
    const state = applicationState(
      app({
        sync: { status: 'OutOfSync', revision: SHA },
        health: { status: 'Missing' },
        operationState: {
          phase: 'Failed',
          syncResult: {
            revision: SHA,
            resources: [
              {
                group: 'batch',
                version: 'v1',
                kind: 'Job',
                namespace: 'web',
                name: 'migrate',
                status: 'Synced',
                hookPhase: 'Failed',
                message: 'Job has reached the specified backoff limit',
              },
              {
                group: 'batch',
                version: 'v1',
                kind: 'Job',
                namespace: 'web',
                name: 'seed',
                status: 'Synced',
                hookPhase: 'Error',
              },
              {
                group: 'batch',
                version: 'v1',
                kind: 'Job',
                namespace: 'web',
                name: 'smoke',
                status: 'Synced',
                hookPhase: 'Succeeded',
                message: 'job completed',
              },
              {
                group: '',
                version: 'v1',
                kind: 'ConfigMap',
                namespace: 'web',
                name: 'web-config',
                status: 'Pruned',
                message: 'pruned',
              },
            ],
          },
        },
        resources: [
          {
            group: 'apps',
            version: 'v1',
            kind: 'Deployment',
            namespace: 'web',
            name: 'web',
            status: 'OutOfSync',
            health: { status: 'Missing' },
          },
          {
            version: 'v1',
            kind: 'Service',
            namespace: 'web',
            name: 'web',
            status: 'Synced',
            health: { status: 'Healthy' },
          },
          { version: 'v1', kind: 'Namespace', name: 'web', status: 'Synced' },
        ],
      }),
    );
    expect(state.failedResources).toEqual([
      { kind: 'Job', name: 'migrate', namespace: 'web', message: 'Job has reached the specified backoff limit' },
      { kind: 'Job', name: 'seed', namespace: 'web', message: '' },
      { kind: 'Deployment', name: 'web', namespace: 'web', message: 'Missing' },
    ]);
  });

  it('survives what is not an Application', () => {
    for (const junk of [
      null,
      undefined,
      'web',
      42,
      [],
      { status: [] },
      { status: { resources: 'none', operationState: { syncResult: { resources: [null, 'x'] } } } },
    ]) {
      expect(applicationState(junk)).toEqual({
        sync: 'Unknown',
        health: 'Unknown',
        operationPending: false,
        automated: false,
        failedResources: [],
      });
    }
  });
});

describe('sameRevision', () => {
  it.each<[string | undefined, string, boolean]>([
    [SHA, SHA, true],
    [SHA.slice(0, 7), SHA, true],
    [SHA, SHA.slice(0, 7), true],
    [SHA.slice(0, 12), SHA.slice(0, 7), true],
    [OLD, SHA, false],
    [OLD.slice(0, 7), SHA, false],
    [undefined, SHA, false],
    // Nothing shorter than git's own abbreviation matches: an empty or 1-digit id names no commit.
    [SHA, '', false],
    ['', SHA, false],
    [SHA, SHA.slice(0, 1), false],
    [SHA.slice(0, 6), SHA, false],
  ])('%s ~ %s → %s', (a, b, same) => {
    expect(sameRevision(a, b)).toBe(same);
  });
});

describe('reconcileVerdict, every outcome', () => {
  const state = (status: object, extra: object = {}) => applicationState(app(status, extra));
  const synced = (health: object, revision = SHA) => ({ sync: { status: 'Synced', revision }, health });

  it.each<[string, ApplicationState, string, object]>([
    // Not done: where the change stands.
    [
      'Argo CD has not seen the commit yet',
      state(synced({ status: 'Healthy' }, OLD)),
      SHA,
      { done: false, stage: 'refreshing' },
    ],
    [
      'no revision reported at all',
      state({ sync: { status: 'Unknown' }, health: { status: 'Unknown' } }),
      SHA,
      { done: false, stage: 'refreshing' },
    ],
    [
      'a sync to it requested, not started',
      state(synced({ status: 'Healthy' }, OLD), { operation: { sync: { revision: SHA } } }),
      SHA,
      { done: false, stage: 'syncing' },
    ],
    [
      'another operation requested meanwhile',
      state(synced({ status: 'Healthy' }, OLD), { operation: { sync: { revision: OLD } } }),
      SHA,
      { done: false, stage: 'syncing' },
    ],
    [
      'a sync running, status still at the old revision',
      state({
        ...synced({ status: 'Healthy' }, OLD),
        operationState: { phase: 'Running', syncResult: { revision: SHA } },
      }),
      SHA,
      { done: false, stage: 'syncing' },
    ],
    [
      'an old sync succeeded, nothing running',
      state({
        ...synced({ status: 'Healthy' }, OLD),
        operationState: { phase: 'Succeeded', syncResult: { revision: OLD } },
      }),
      SHA,
      { done: false, stage: 'refreshing' },
    ],
    [
      'at the revision, OutOfSync',
      state({ sync: { status: 'OutOfSync', revision: SHA }, health: { status: 'Healthy' } }),
      SHA,
      { done: false, stage: 'syncing' },
    ],
    [
      'at the revision, sync Unknown',
      state({ sync: { status: 'Unknown', revision: SHA }, health: { status: 'Progressing' } }),
      SHA,
      { done: false, stage: 'syncing' },
    ],
    [
      'Synced, Progressing',
      state(synced({ status: 'Progressing', message: 'Waiting for rollout' })),
      SHA,
      { done: false, stage: 'progressing' },
    ],
    [
      'Synced, Suspended (a paused Rollout)',
      state(synced({ status: 'Suspended' })),
      SHA,
      { done: false, stage: 'progressing' },
    ],
    ['Synced, health Unknown', state(synced({ status: 'Unknown' })), SHA, { done: false, stage: 'progressing' }],
    // Done.
    ['Synced and Healthy', state(synced({ status: 'Healthy' })), SHA, { done: true, outcome: 'healthy' }],
    [
      'Healthy, Argo CD reports the full sha, asked with a short one',
      state(synced({ status: 'Healthy' })),
      SHA.slice(0, 7),
      { done: true, outcome: 'healthy' },
    ],
    [
      'Healthy, Argo CD reports a short sha',
      state(synced({ status: 'Healthy' }, SHA.slice(0, 10))),
      SHA,
      { done: true, outcome: 'healthy' },
    ],
    [
      'Healthy after an earlier operation of the same revision failed and a retry succeeded',
      state({
        ...synced({ status: 'Healthy' }),
        operationState: { phase: 'Succeeded', syncResult: { revision: SHA } },
      }),
      SHA,
      { done: true, outcome: 'healthy' },
    ],
    [
      'Degraded with a message',
      state(synced({ status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' })),
      SHA,
      { done: true, outcome: 'degraded', message: 'Deployment "web" exceeded its progress deadline' },
    ],
    [
      'Degraded while OutOfSync',
      state({ sync: { status: 'OutOfSync', revision: SHA }, health: { status: 'Degraded' } }),
      SHA,
      { done: true, outcome: 'degraded' },
    ],
    [
      'Missing with a message',
      state({
        sync: { status: 'OutOfSync', revision: SHA },
        health: { status: 'Missing', message: 'deployment not found' },
      }),
      SHA,
      { done: true, outcome: 'missing', message: 'deployment not found' },
    ],
    [
      'the sync Failed at the revision',
      state({
        sync: { status: 'OutOfSync', revision: SHA },
        health: { status: 'Healthy' },
        operationState: {
          phase: 'Failed',
          message: 'one or more objects failed to apply',
          syncResult: { revision: SHA },
        },
      }),
      SHA,
      { done: true, outcome: 'failed', message: 'one or more objects failed to apply' },
    ],
    [
      'the sync Errored at the revision, no message',
      state({
        ...synced({ status: 'Healthy' }, OLD),
        operationState: { phase: 'Error', syncResult: { revision: SHA } },
      }),
      SHA,
      { done: true, outcome: 'failed' },
    ],
    [
      'the sync Failed, Argo CD reporting the full sha, asked with a short one',
      state({
        ...synced({ status: 'Healthy' }, OLD),
        operationState: { phase: 'Failed', message: 'hook failed', syncResult: { revision: SHA } },
      }),
      SHA.slice(0, 7),
      { done: true, outcome: 'failed', message: 'hook failed' },
    ],
    [
      'the sync Failed and health is Degraded: the failure is the news',
      state({
        sync: { status: 'OutOfSync', revision: SHA },
        health: { status: 'Degraded', message: 'crash loop' },
        operationState: { phase: 'Failed', message: 'hook failed', syncResult: { revision: SHA } },
      }),
      SHA,
      { done: true, outcome: 'failed', message: 'hook failed' },
    ],
    // An older operation's failure is not ours.
    [
      'an older sync Failed, ours not requested yet',
      state({
        ...synced({ status: 'Healthy' }, OLD),
        operationState: { phase: 'Failed', message: 'old failure', syncResult: { revision: OLD } },
      }),
      SHA,
      { done: false, stage: 'refreshing' },
    ],
    [
      'an older sync Errored, ours requested',
      state(
        {
          ...synced({ status: 'Healthy' }, OLD),
          operationState: { phase: 'Error', message: 'old error', syncResult: { revision: OLD } },
        },
        { operation: { sync: { revision: SHA } } },
      ),
      SHA,
      { done: false, stage: 'syncing' },
    ],
    [
      'an older sync Failed, ours already Synced and Healthy',
      state({
        ...synced({ status: 'Healthy' }),
        operationState: { phase: 'Failed', message: 'old failure', syncResult: { revision: OLD } },
      }),
      SHA,
      { done: true, outcome: 'healthy' },
    ],
    [
      'an older sync Failed, ours Synced and Progressing',
      state({
        ...synced({ status: 'Progressing' }),
        operationState: { phase: 'Failed', syncResult: { revision: OLD.slice(0, 7) } },
      }),
      SHA,
      { done: false, stage: 'progressing' },
    ],
    [
      'Degraded at an older revision',
      state(synced({ status: 'Degraded', message: 'crash loop' }, OLD)),
      SHA,
      { done: false, stage: 'refreshing' },
    ],
    [
      'Missing at an older revision, our sync running',
      state({ ...synced({ status: 'Missing' }, OLD), operationState: { phase: 'Running' } }),
      SHA,
      { done: false, stage: 'syncing' },
    ],
  ])('%s', (_, given, revision, verdict) => {
    expect(reconcileVerdict(given, revision)).toEqual(verdict);
  });
});

describe('observeApplication', () => {
  const state = (sync: string, health: string) =>
    applicationState(app({ sync: { status: sync, revision: SHA }, health: { status: health } }));
  const watched = (sync: Watched['sync'], health: Watched['health'], troubled = false): Watched => ({
    sync,
    health,
    troubled,
  });

  it.each<[string, Watched | undefined, ApplicationState, boolean, Watched, string | undefined]>([
    // First sight is never news.
    [
      'first sight, Synced and Healthy',
      undefined,
      state('Synced', 'Healthy'),
      false,
      watched('Synced', 'Healthy'),
      undefined,
    ],
    [
      'first sight, OutOfSync',
      undefined,
      state('OutOfSync', 'Healthy'),
      false,
      watched('OutOfSync', 'Healthy'),
      undefined,
    ],
    [
      'first sight, Degraded (remembered as trouble)',
      undefined,
      state('Synced', 'Degraded'),
      false,
      watched('Synced', 'Degraded', true),
      undefined,
    ],
    [
      'first sight, Missing (remembered as trouble)',
      undefined,
      state('OutOfSync', 'Missing'),
      false,
      watched('OutOfSync', 'Missing', true),
      undefined,
    ],
    // Drift.
    [
      'Synced → OutOfSync, no change in flight',
      watched('Synced', 'Healthy'),
      state('OutOfSync', 'Healthy'),
      false,
      watched('OutOfSync', 'Healthy'),
      'drift',
    ],
    [
      'Synced → OutOfSync while a Kanaria change is in flight',
      watched('Synced', 'Healthy'),
      state('OutOfSync', 'Healthy'),
      true,
      watched('OutOfSync', 'Healthy'),
      undefined,
    ],
    [
      'Unknown → OutOfSync, no change in flight',
      watched('Unknown', 'Healthy'),
      state('OutOfSync', 'Healthy'),
      false,
      watched('OutOfSync', 'Healthy'),
      'drift',
    ],
    [
      'still OutOfSync',
      watched('OutOfSync', 'Healthy'),
      state('OutOfSync', 'Healthy'),
      false,
      watched('OutOfSync', 'Healthy'),
      undefined,
    ],
    [
      'OutOfSync → Synced',
      watched('OutOfSync', 'Healthy'),
      state('Synced', 'Healthy'),
      false,
      watched('Synced', 'Healthy'),
      undefined,
    ],
    [
      'OutOfSync and Progressing → Synced',
      watched('OutOfSync', 'Progressing'),
      state('Synced', 'Progressing'),
      false,
      watched('Synced', 'Progressing'),
      undefined,
    ],
    // Degraded, once.
    [
      'Healthy → Degraded',
      watched('Synced', 'Healthy'),
      state('Synced', 'Degraded'),
      false,
      watched('Synced', 'Degraded', true),
      'degraded',
    ],
    [
      'Progressing → Degraded, during a change',
      watched('Synced', 'Progressing'),
      state('Synced', 'Degraded'),
      true,
      watched('Synced', 'Degraded', true),
      'degraded',
    ],
    [
      'still Degraded',
      watched('Synced', 'Degraded', true),
      state('Synced', 'Degraded'),
      false,
      watched('Synced', 'Degraded', true),
      undefined,
    ],
    [
      'still Degraded, first seen Degraded',
      watched('Synced', 'Degraded', true),
      state('Synced', 'Degraded'),
      true,
      watched('Synced', 'Degraded', true),
      undefined,
    ],
    [
      'Healthy → Missing (remembered, not announced)',
      watched('Synced', 'Healthy'),
      state('OutOfSync', 'Missing'),
      true,
      watched('OutOfSync', 'Missing', true),
      undefined,
    ],
    // Healthy again.
    [
      'Degraded → Healthy',
      watched('Synced', 'Degraded', true),
      state('Synced', 'Healthy'),
      false,
      watched('Synced', 'Healthy'),
      'healthy',
    ],
    [
      'Degraded → Progressing (still troubled)',
      watched('Synced', 'Degraded', true),
      state('Synced', 'Progressing'),
      false,
      watched('Synced', 'Progressing', true),
      undefined,
    ],
    [
      'Progressing after trouble → Healthy',
      watched('Synced', 'Progressing', true),
      state('Synced', 'Healthy'),
      false,
      watched('Synced', 'Healthy'),
      'healthy',
    ],
    [
      'Missing → Healthy',
      watched('OutOfSync', 'Missing', true),
      state('Synced', 'Healthy'),
      false,
      watched('Synced', 'Healthy'),
      'healthy',
    ],
    [
      'plain Progressing → Healthy',
      watched('Synced', 'Progressing'),
      state('Synced', 'Healthy'),
      false,
      watched('Synced', 'Healthy'),
      undefined,
    ],
    [
      'Suspended → Healthy',
      watched('Synced', 'Suspended'),
      state('Synced', 'Healthy'),
      false,
      watched('Synced', 'Healthy'),
      undefined,
    ],
    [
      'Healthy → Healthy',
      watched('Synced', 'Healthy'),
      state('Synced', 'Healthy'),
      false,
      watched('Synced', 'Healthy'),
      undefined,
    ],
    // One notice per event: Degraded outranks Healthy-again outranks drift.
    [
      'Synced and Healthy → OutOfSync and Degraded at once',
      watched('Synced', 'Healthy'),
      state('OutOfSync', 'Degraded'),
      false,
      watched('OutOfSync', 'Degraded', true),
      'degraded',
    ],
    [
      'Degraded → Healthy and OutOfSync at once',
      watched('Synced', 'Degraded', true),
      state('OutOfSync', 'Healthy'),
      false,
      watched('OutOfSync', 'Healthy'),
      'healthy',
    ],
    [
      'still Degraded, drifting now',
      watched('Synced', 'Degraded', true),
      state('OutOfSync', 'Degraded'),
      false,
      watched('OutOfSync', 'Degraded', true),
      'drift',
    ],
  ])('%s', (_, previous, given, inFlight, expected, notice) => {
    const seen = observeApplication(previous, given, inFlight);
    expect(seen.watched).toEqual(expected);
    expect(seen.notice).toBe(notice);
    if (notice === undefined) expect(seen).not.toHaveProperty('notice');
  });

  it('tells Degraded once, and Healthy once after it, however many events come between', () => {
    const events: [string, string][] = [
      ['Synced', 'Healthy'],
      ['Synced', 'Progressing'],
      ['Synced', 'Degraded'],
      ['Synced', 'Degraded'],
      ['Synced', 'Progressing'],
      ['Synced', 'Progressing'],
      ['Synced', 'Healthy'],
      ['Synced', 'Healthy'],
      ['Synced', 'Progressing'],
      ['Synced', 'Healthy'],
    ];
    let previous: Watched | undefined;
    const notices: (string | undefined)[] = [];
    for (const [sync, health] of events) {
      const { watched: next, notice } = observeApplication(previous, state(sync, health), false);
      notices.push(notice);
      previous = next;
    }
    expect(notices).toEqual([
      undefined,
      undefined,
      'degraded',
      undefined,
      undefined,
      undefined,
      'healthy',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('is deterministic: the same events give every replica the same notices', () => {
    const run = () => {
      let previous: Watched | undefined;
      return [
        state('Synced', 'Healthy'),
        state('OutOfSync', 'Healthy'),
        state('OutOfSync', 'Degraded'),
        state('Synced', 'Healthy'),
      ].map((s) => {
        const seen = observeApplication(previous, s, false);
        previous = seen.watched;
        return seen.notice;
      });
    };
    expect(run()).toEqual([undefined, 'drift', 'degraded', 'healthy']);
    expect(run()).toEqual(run());
  });
});

describe('reconcileVerdict and earlier operations', () => {
  it('does not take a failure of the previous sync for this one while the new sync waits to run', () => {
    const state = applicationState(
      app(
        {
          sync: { status: 'OutOfSync', revision: OLD },
          health: { status: 'Healthy' },
          operationState: { phase: 'Failed', message: 'old failure', syncResult: { revision: SHA } },
        },
        { operation: { sync: { revision: SHA } } },
      ),
    );
    expect(reconcileVerdict(state, SHA)).toEqual({ done: false, stage: 'syncing' });
  });

  it('attributes an operation that failed before any sync result (manifest generation) to the revision it ran for', () => {
    const failed = (revision: string) =>
      applicationState(
        app({
          sync: { status: 'OutOfSync', revision: OLD },
          health: { status: 'Healthy' },
          operationState: {
            phase: 'Error',
            message: 'ComparisonError: failed to generate manifest',
            operation: { sync: { revision } },
            syncResult: {},
          },
        }),
      );
    expect(reconcileVerdict(failed(OLD), SHA)).toEqual({ done: false, stage: 'refreshing' });
    expect(reconcileVerdict(failed(SHA), SHA)).toEqual({
      done: true,
      outcome: 'failed',
      message: 'ComparisonError: failed to generate manifest',
    });
  });
});
