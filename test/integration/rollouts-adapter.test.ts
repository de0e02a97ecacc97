import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeRollouts } from '../../src/adapters/rollouts.js';
import { patchesFor, rolloutState } from '../../src/domain/rollout.js';
import { fixture } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { RolloutPlayer } from '../helpers/rollouts.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

/** The Rollouts CRD as Argo Rollouts v0.9 served it: no status subresource (status is part of the object). */
const withoutStatusSubresource = (): string => {
  const crd = parse(fixture('argo-rollouts/crds/rollout-crd.yaml')) as {
    spec: { versions: { subresources?: Record<string, unknown> }[] };
  };
  for (const version of crd.spec.versions) delete version.subresources?.['status'];
  return JSON.stringify(crd);
};

describe.skipIf(!available)('Rollouts on a cluster whose CRD has no status subresource (real kube-apiserver)', () => {
  let kube: KubeCluster;
  beforeAll(async () => {
    kube = await startKube([withoutStatusSubresource()]);
    await bindKanariaRole(kube);
  }, 120_000);
  afterAll(async () => kube?.stop());

  it('promote falls back to the one unified patch on the main object when the status subresource answers NotFound, as the plugin does', async () => {
    const player = new RolloutPlayer(kube, 'legacy', { statusSubresource: false });
    await player.create('web');
    await player.spec('web', { paused: true });
    await player.pausedAtStep('web');
    const rollouts = new KubeRollouts(kube.client('kanaria'));
    const ref = { name: 'web', namespace: 'legacy' };
    const { state } = await rollouts.get(ref);
    const patches = patchesFor('promote', state);
    expect(patches).toEqual({
      spec: { spec: { paused: false } },
      status: { status: { pauseConditions: null } },
      unified: { spec: { paused: false }, status: { pauseConditions: null } },
    });
    await rollouts.apply(ref, patches);
    const after = await player.read('web');
    expect(after.spec.paused).toBe(false);
    expect(after.status?.pauseConditions).toBeUndefined();
    expect(rolloutState(after).pauseReasons).toEqual([]);
  });
});
