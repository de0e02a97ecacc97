import { describe, expect, it } from 'vitest';
import type { ActivityVectors, DcgmSample } from '../../src/domain/dcgm.js';
import {
  appOf,
  deadlineDecision,
  gpusHeld,
  idleElsewhere,
  isOwner,
  offersToWithdraw,
  ownerOf,
  parseOwner,
  podActivity,
  reclaimPolicyNamespace,
  reclaimPolicyRequester,
  scanCandidates,
  scanDecision,
  summarizeReclaimPod,
  workloadOf,
  type Offer,
  type ReclaimPod,
  type ScanInput,
} from '../../src/domain/gpu-reclaim.js';

const HOUR = 3600_000;
const NOW = Date.parse('2026-12-03T12:00:00Z');

const pod = (name: string, extra: Partial<ReclaimPod> = {}): ReclaimPod => ({
  namespace: 'ml',
  name,
  node: 'a100-0',
  requests: { 'nvidia.com/gpu': 1 },
  createdAt: new Date(NOW - 3 * HOUR).toISOString(),
  labels: {},
  annotations: {},
  workload: { kind: 'Deployment', name: 'notebook' },
  ...extra,
});
const sample = (labels: Record<string, string>, value: number): DcgmSample => ({ labels, value });
const vectors = (v: Partial<ActivityVectors>): ActivityVectors => ({ engineActive: [], utilisation: [], ...v });

describe('workloadOf: the workload a pod belongs to, without reading ReplicaSets', () => {
  const rs = (name: string) => [{ kind: 'ReplicaSet', name, controller: true }];
  it.each([
    [
      'a ReplicaSet named <deployment>-<hash>',
      rs('notebook-7d9f8c6b5'),
      { 'pod-template-hash': '7d9f8c6b5' },
      { kind: 'Deployment', name: 'notebook' },
    ],
    [
      'an Argo Rollout’s ReplicaSet, by rollouts-pod-template-hash',
      rs('llm-api-6b7c8d9f5'),
      { 'rollouts-pod-template-hash': '6b7c8d9f5' },
      { kind: 'Rollout', name: 'llm-api' },
    ],
    [
      'a ReplicaSet whose name does not end in the hash',
      rs('notebook-abc'),
      { 'pod-template-hash': '7d9f8c6b5' },
      undefined,
    ],
    ['a ReplicaSet without the hash label', rs('notebook-7d9f8c6b5'), {}, undefined],
    [
      'a StatefulSet',
      [{ kind: 'StatefulSet', name: 'trainer', controller: true }],
      {},
      { kind: 'StatefulSet', name: 'trainer' },
    ],
    ['a Job (never scaled)', [{ kind: 'Job', name: 'batch-1', controller: true }], {}, undefined],
    ['no owner', [], {}, undefined],
  ])('%s', (_, ownerReferences, labels, expected) => {
    expect(workloadOf({ ownerReferences, labels })).toEqual(expected);
  });

  it('a pod summary keeps labels, annotations and the workload; an unscheduled pod is none', () => {
    const raw = {
      metadata: {
        namespace: 'ml',
        name: 'notebook-7d9f8c6b5-x2x9z',
        labels: { 'pod-template-hash': '7d9f8c6b5', 'kanaria.dev/owner': 'U0ANA' },
        annotations: { note: 'hi' },
        ownerReferences: rs('notebook-7d9f8c6b5'),
      },
      spec: { nodeName: 'a100-0', containers: [{ resources: { limits: { 'nvidia.com/gpu': '1' } } }] },
      status: { phase: 'Running' },
    };
    expect(summarizeReclaimPod(raw)).toMatchObject({
      name: 'notebook-7d9f8c6b5-x2x9z',
      node: 'a100-0',
      requests: { 'nvidia.com/gpu': 1 },
      labels: { 'kanaria.dev/owner': 'U0ANA' },
      annotations: { note: 'hi' },
      workload: { kind: 'Deployment', name: 'notebook' },
    });
    expect(summarizeReclaimPod({ ...raw, spec: { ...raw.spec, nodeName: undefined } })).toBeUndefined();
  });
});

describe('gpusHeld: GPUs in GPU terms', () => {
  it.each([
    [
      'whole GPUs',
      { 'nvidia.com/gpu': 2 },
      { name: 'n', product: 'NVIDIA-A100-SXM4-80GB' },
      [{ count: 2, kind: 'gpu', equivalent: 2 }],
    ],
    [
      'a MIG slice (mixed strategy)',
      { 'nvidia.com/mig-1g.10gb': 1 },
      { name: 'n', product: 'NVIDIA-H100-80GB-HBM3' },
      [{ count: 1, kind: 'mig', profile: '1g.10gb', equivalent: 1 / 7 }],
    ],
    [
      'a MIG slice (single strategy)',
      { 'nvidia.com/gpu': 2 },
      { name: 'n', product: 'NVIDIA-A30-MIG-1g.6gb' },
      [{ count: 2, kind: 'mig', profile: '1g.6gb', equivalent: 2 / 4 }],
    ],
    [
      'a time-sliced replica',
      { 'nvidia.com/gpu': 1 },
      { name: 'n', product: 'Tesla-T4-SHARED', replicas: 4 },
      [{ count: 1, kind: 'shared', replicas: 4, equivalent: 1 / 4 }],
    ],
  ])('%s', (_, requests, node, expected) => {
    expect(gpusHeld({ requests }, node)).toEqual(expected);
  });
});

describe('podActivity: GR_ENGINE_ACTIVE first, GPU_UTIL for whole GPUs only', () => {
  const p = pod('nb-0');
  const whole = gpusHeld(p, { name: 'a100-0', product: 'NVIDIA-A100-SXM4-80GB' });
  const mig = gpusHeld({ requests: { 'nvidia.com/mig-1g.10gb': 1 } }, { name: 'h', product: 'NVIDIA-H100-80GB-HBM3' });
  const mine = { namespace: 'ml', pod: 'nb-0' };
  it.each([
    [
      'engine activity (ratio → %)',
      vectors({ engineActive: [sample(mine, 0.02)], utilisation: [sample(mine, 90)] }),
      whole,
      { percent: 2, source: 'engine' },
    ],
    [
      'util where profiling is absent',
      vectors({ utilisation: [sample(mine, 3)] }),
      whole,
      { percent: 3, source: 'util' },
    ],
    [
      'the busiest of several GPUs',
      vectors({ utilisation: [sample({ ...mine, gpu: '0' }, 1), sample({ ...mine, gpu: '1' }, 60)] }),
      whole,
      { percent: 60, source: 'util' },
    ],
    [
      'MIG without profiling metrics: unknown, never idle by guess',
      vectors({ utilisation: [sample(mine, 0)] }),
      mig,
      { unknown: 'mig-needs-profiling' },
    ],
    [
      'MIG with GR_ENGINE_ACTIVE',
      vectors({ engineActive: [sample({ ...mine, GPU_I_ID: '3' }, 0.01)] }),
      mig,
      { percent: 1, source: 'engine' },
    ],
    [
      'someone else’s series only',
      vectors({ utilisation: [sample({ namespace: 'ml', pod: 'other' }, 0)] }),
      whole,
      { unknown: 'no-metrics' },
    ],
  ])('%s', (_, v, gpus, expected) => {
    expect(podActivity(v, p, gpus)).toEqual(expected);
  });
});

describe('owner and app', () => {
  it.each([
    ['U0ANA', { user: 'U0ANA' }],
    ['W0BOB', { user: 'W0BOB' }],
    [' Ana@Example.com ', { email: 'ana@example.com' }],
    ['team-ml', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('parseOwner(%j)', (value, expected) => {
    expect(parseOwner(value)).toEqual(expected);
  });

  it.each([
    [
      'the pod label',
      { labels: { o: 'U0ANA' }, annotations: { o: 'U0BOB' } },
      { labels: { o: 'U0EVE' }, annotations: {} },
      { user: 'U0ANA' },
    ],
    [
      'the pod annotation (e-mails cannot be label values)',
      { labels: {}, annotations: { o: 'bob@example.com' } },
      { labels: { o: 'U0EVE' }, annotations: {} },
      { email: 'bob@example.com' },
    ],
    [
      'the namespace, when the pod says nothing',
      { labels: {}, annotations: {} },
      { labels: {}, annotations: { o: 'U0EVE' } },
      { user: 'U0EVE' },
    ],
    [
      'an unreadable pod value falls through to the namespace',
      { labels: { o: 'team-ml' }, annotations: {} },
      { labels: { o: 'U0EVE' }, annotations: {} },
      { user: 'U0EVE' },
    ],
    ['nobody', { labels: {}, annotations: {} }, { labels: {}, annotations: {} }, undefined],
  ])('ownerOf: %s', (_, p, ns, expected) => {
    expect(ownerOf('o', p, ns)).toEqual(expected);
  });

  it.each([
    [{ user: 'U0ANA' }, { id: 'U0ANA' }, true],
    [{ user: 'U0ANA' }, { id: 'U0BOB', email: 'ana@example.com' }, false],
    [{ email: 'ana@example.com' }, { id: 'U0ANA', email: 'Ana@Example.com' }, true],
    [{ email: 'ana@example.com' }, { id: 'U0ANA' }, false],
    [undefined, { id: 'U0ANA' }, false],
  ] as const)('isOwner(%j, %j) = %s', (owner, person, expected) => {
    expect(isOwner(owner, person)).toBe(expected);
  });

  const apps = {
    notebook: {},
    trainer: { workload: 'llm-trainer' },
    serving: { argocd: { application: 'serving-prod' } },
    api: { argocd: { application: 'api-prod' }, rollout: { name: 'api', namespace: 'prod' } },
    'llm-api': { rollout: { name: 'llm', namespace: 'ml' } },
  };
  const deployment = (name: string) => ({ kind: 'Deployment' as const, name });
  it.each([
    ['the app label', { 'kanaria.dev/app': 'notebook' }, deployment('x'), 'notebook'],
    ['the app label, the app’s workload', { 'kanaria.dev/app': 'trainer' }, deployment('llm-trainer'), 'trainer'],
    ['an app label naming an app of another workload', { 'kanaria.dev/app': 'trainer' }, deployment('x'), undefined],
    ['an app label naming an app of another namespace', { 'kanaria.dev/app': 'api' }, deployment('api'), undefined],
    [
      'Argo CD’s tracking label of an app of another namespace',
      { 'app.kubernetes.io/instance': 'api-prod' },
      deployment('x'),
      undefined,
    ],
    ['an app label naming no app is skipped', { 'kanaria.dev/app': 'nope' }, deployment('notebook'), 'notebook'],
    ['Argo CD’s tracking label', { 'app.kubernetes.io/instance': 'serving-prod' }, deployment('x'), 'serving'],
    ['the app’s workload', {}, deployment('llm-trainer'), 'trainer'],
    ['the app’s name', {}, deployment('notebook'), 'notebook'],
    ['the app’s Argo Rollout', {}, { kind: 'Rollout' as const, name: 'api' }, undefined],
    ['the app’s Argo Rollout in its namespace', {}, { kind: 'Rollout' as const, name: 'llm' }, 'llm-api'],
    ['nothing matches', {}, deployment('jupyter'), undefined],
    ['a lone pod', {}, undefined, undefined],
  ])('appOf: %s', (_, labels, workload, expected) => {
    expect(appOf(apps, 'kanaria.dev/app', { labels, namespace: 'ml' }, workload)).toBe(expected);
  });
});

describe('scanCandidates', () => {
  const input = (pods: ReclaimPod[], activity: ActivityVectors): ScanInput => ({
    pods,
    nodes: [{ name: 'a100-0', product: 'NVIDIA-A100-SXM4-80GB' }],
    namespaces: { ml: { labels: {}, annotations: { 'kanaria.dev/owner': 'ana@example.com' } } },
    activity,
    thresholdPercent: 5,
    windowSeconds: 3600,
    now: NOW,
    apps: { notebook: {} },
    ownerLabel: 'kanaria.dev/owner',
    appLabel: 'kanaria.dev/app',
  });
  const util = (name: string, value: number) => sample({ namespace: 'ml', pod: name }, value);

  it('a workload whose every GPU pod is idle is one candidate, with its owner and app', () => {
    const { candidates, unknown } = scanCandidates(
      input([pod('nb-1'), pod('nb-0')], vectors({ utilisation: [util('nb-0', 1), util('nb-1', 2)] })),
    );
    expect(unknown).toEqual([]);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({
      namespace: 'ml',
      workload: { kind: 'Deployment', name: 'notebook' },
      app: 'notebook',
      owner: { email: 'ana@example.com' },
      activityPercent: 2,
      equivalent: 2,
      pods: [{ name: 'nb-0' }, { name: 'nb-1' }],
    });
    expect(candidates[0]?.id).toMatch(/^[0-9a-f]{10}$/);
  });

  it.each([
    ['one busy pod keeps the whole workload', [pod('nb-0'), pod('nb-1')], [util('nb-0', 1), util('nb-1', 50)]],
    ['at the threshold is not under it', [pod('nb-0')], [util('nb-0', 5)]],
    [
      'a pod younger than the window has no average over it',
      [pod('nb-0', { createdAt: new Date(NOW - 10 * 60_000).toISOString() })],
      [util('nb-0', 0)],
    ],
    ['a pod without metrics is not judged', [pod('nb-0')], []],
  ])('no candidate: %s', (_, pods, utilisation) => {
    expect(scanCandidates(input(pods, vectors({ utilisation }))).candidates).toEqual([]);
  });

  it('a MIG pod without GR_ENGINE_ACTIVE is listed as not judged', () => {
    const mig = pod('mig-0', { requests: { 'nvidia.com/mig-1g.10gb': 1 }, workload: undefined });
    const result = scanCandidates(input([mig], vectors({ utilisation: [util('mig-0', 0)] })));
    expect(result).toEqual({
      candidates: [],
      unknown: [{ namespace: 'ml', pod: 'mig-0', why: 'mig-needs-profiling' }],
    });
  });

  it('a lone pod is its own candidate (it can be kept, not released: no app)', () => {
    const lone = pod('scratch', { workload: undefined });
    const [candidate] = scanCandidates(input([lone], vectors({ utilisation: [util('scratch', 0)] }))).candidates;
    expect(candidate).toMatchObject({ pod: 'scratch', pods: [{ name: 'scratch' }] });
    expect(candidate?.app).toBeUndefined();
  });

  it('the same workload gets the same id on every scan; another one a different id', () => {
    const a = scanCandidates(input([pod('nb-0')], vectors({ utilisation: [util('nb-0', 0)] }))).candidates[0];
    const b = scanCandidates(input([pod('nb-9')], vectors({ utilisation: [util('nb-9', 0)] }))).candidates[0];
    const c = scanCandidates(
      input(
        [pod('tr-0', { workload: { kind: 'StatefulSet', name: 'notebook' } })],
        vectors({ utilisation: [util('tr-0', 0)] }),
      ),
    ).candidates[0];
    expect(a?.id).toBe(b?.id);
    expect(c?.id).not.toBe(a?.id);
  });
});

describe('idleElsewhere: idle GPUs outside the opted-in namespaces, as a figure', () => {
  it('counts idle GPUs and MIG instances (by their profile, else 1/7) of other namespaces once each, busy ones not at all', () => {
    const v = vectors({
      engineActive: [
        sample({ namespace: 'other', pod: 'a', UUID: 'G1', GPU_I_ID: '1' }, 0.01),
        sample({ namespace: 'other', pod: 'b', UUID: 'G2' }, 0.0),
        sample(
          {
            namespace: 'other',
            pod: 'f',
            UUID: 'G7',
            GPU_I_ID: '2',
            GPU_I_PROFILE: '2g.12gb',
            modelName: 'NVIDIA A30',
          },
          0,
        ),
      ],
      utilisation: [
        sample({ namespace: 'other', pod: 'b', UUID: 'G2' }, 0),
        sample({ namespace: 'other', pod: 'c', UUID: 'G3' }, 1),
        sample({ namespace: 'other', pod: 'd', UUID: 'G4' }, 80),
        sample({ namespace: 'ml', pod: 'e', UUID: 'G5' }, 0),
        sample({ UUID: 'G6' }, 0),
      ],
    });
    expect(idleElsewhere(v, new Set(['ml']), 5)).toBeCloseTo(1 / 7 + 2 / 4 + 2);
  });
});

describe('decisions', () => {
  const offer = (answer?: Offer['answer']): Offer => ({
    id: 'abc',
    offeredAt: NOW - HOUR,
    deadline: NOW + HOUR,
    ...(answer && { answer }),
  });
  it.each([
    ['never offered', undefined, 'offer'],
    ['offered, unanswered', offer(), 'wait'],
    ['kept until later', offer({ kind: 'kept', until: NOW + 1, by: 'U0ANA' }), 'kept'],
    ['kept until a time now past', offer({ kind: 'kept', until: NOW, by: 'U0ANA' }), 'offer'],
    ['released', offer({ kind: 'released', by: 'U0ANA', at: NOW }), 'done'],
    ['deadline passed, nothing done', offer({ kind: 'expired', at: NOW }), 'done'],
  ] as const)('scan: %s → %s', (_, o, expected) => {
    expect(scanDecision(o, NOW)).toBe(expected);
  });

  const base = { offer: offer(), offeredAt: NOW - HOUR, stillIdle: true, auto: true, dryRun: false };
  it.each([
    ['gone from the ledger (busy again meanwhile)', { offer: undefined }, { do: 'nothing', why: 'gone' }],
    ['a later offer replaced it', { offeredAt: NOW - 2 * HOUR }, { do: 'nothing', why: 'stale' }],
    ['kept', { offer: offer({ kind: 'kept', until: NOW + HOUR, by: 'U0ANA' }) }, { do: 'nothing', why: 'answered' }],
    [
      'released by a press',
      { offer: offer({ kind: 'released', by: 'U0ANA', at: NOW }) },
      { do: 'nothing', why: 'answered' },
    ],
    ['busy again', { stillIdle: false }, { do: 'withdraw' }],
    ['unanswered, idle, auto', {}, { do: 'release' }],
    ['unanswered, idle, no auto', { auto: false }, { do: 'expire' }],
    ['unanswered, idle, auto but dry run', { dryRun: true }, { do: 'expire' }],
  ] as const)('deadline: %s', (_, change, expected) => {
    expect(deadlineDecision({ ...base, ...change })).toEqual(expected);
  });

  it('the policy requester names its namespace; a person is no policy', () => {
    expect(reclaimPolicyNamespace(reclaimPolicyRequester('ml'))).toBe('ml');
    expect(reclaimPolicyNamespace({ id: 'U0ANA' })).toBeUndefined();
  });
});

describe('offersToWithdraw', () => {
  const offered = (id: string, pods: string[]) => ({
    candidate: { id, namespace: 'ml', pods: pods.map((name) => ({ name, gpus: [], activityPercent: 0 })) },
  });
  const offers = [offered('idle', ['nb-0']), offered('busy', ['tr-0']), offered('gap', ['ft-0', 'ft-1'])];
  it.each([
    ['busy again: withdrawn; idle still: kept', [], ['busy', 'gap']],
    [
      'a pod the exporter did not report this time: its offer stands',
      [{ namespace: 'ml', pod: 'ft-1', why: 'no-metrics' }],
      ['busy'],
    ],
    [
      'a pod of the same name in another namespace says nothing',
      [{ namespace: 'x', pod: 'ft-1', why: 'no-metrics' }],
      ['busy', 'gap'],
    ],
  ])('%s', (_, unknown, expected) => {
    expect(offersToWithdraw(offers, [{ id: 'idle' }], unknown).map((o) => o.candidate.id)).toEqual(expected);
  });
});
