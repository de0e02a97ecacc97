import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { fixture } from './harness.js';
import type { KubeCluster } from './kube.js';

const API = { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts' } as const;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export const STABLE = '877894d5b';
export const CANARY = '65fb5ffc84';

export interface StoredRollout {
  metadata: { name: string; generation: number; resourceVersion: string; annotations?: Record<string, string> };
  spec: { paused?: boolean; strategy: { canary?: { steps?: unknown[] } } };
  status?: {
    pauseConditions?: unknown[] | null;
    controllerPause?: boolean;
    currentStepIndex?: number;
    abort?: boolean;
    promoteFull?: boolean;
    [k: string]: unknown;
  };
}

/**
 * Plays the Argo Rollouts controller against the real API server: creates the Rollout captured by the
 * Argo project (test/fixtures/argo-rollouts/canary) with its stable and canary pods, and writes status
 * through the status subresource as the controller does.
 */
export class RolloutPlayer {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  /** `statusSubresource: false` for a CRD without it (status is then written on the object itself). */
  constructor(
    private readonly kube: KubeCluster,
    readonly namespace: string,
    private readonly options: { statusSubresource?: boolean } = {},
  ) {
    this.custom = kube.client('admin').makeApiClient(CustomObjectsApi);
    this.core = kube.client('admin').makeApiClient(CoreV1Api);
  }

  /** The fixture Rollout named `name`, its pods (5 stable ready, 1 canary not ready), status as given. */
  async create(name: string, status: Record<string, unknown> = {}): Promise<void> {
    await this.core.createNamespace({ body: { metadata: { name: this.namespace } } }).catch(() => undefined);
    // No controller manager here: the namespace's default ServiceAccount, which pod admission looks up, is ours to make.
    await this.core
      .createNamespacedServiceAccount({ namespace: this.namespace, body: { metadata: { name: 'default' } } })
      .catch(() => undefined);
    const rollout = parse(fixture('argo-rollouts/canary/canary-rollout.yaml')) as {
      metadata: Record<string, unknown>;
      spec: Record<string, unknown>;
      status: Record<string, unknown>;
    };
    const { annotations, labels } = rollout.metadata as {
      annotations: Record<string, string>;
      labels: Record<string, string>;
    };
    await this.custom.createNamespacedCustomObject({
      ...API,
      namespace: this.namespace,
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name, annotations, labels },
        spec: rollout.spec,
      },
    });
    const created = await this.read(name);
    await this.status(name, {
      ...rollout.status,
      observedGeneration: String(created.metadata.generation),
      selector: `app=canary-demo,rollout=${name}`,
      ...status,
    });
    for (const [hash, count, ready] of [
      [STABLE, 5, true],
      [CANARY, 1, false],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const pod = `${name}-${hash}-${i}`;
        await this.core.createNamespacedPod({
          namespace: this.namespace,
          body: {
            metadata: { name: pod, labels: { app: 'canary-demo', rollout: name, 'rollouts-pod-template-hash': hash } },
            spec: {
              automountServiceAccountToken: false,
              containers: [
                {
                  name: 'canary-demo',
                  image: hash === STABLE ? 'argoproj/rollouts-demo:blue' : 'argoproj/rollouts-demo:does-not-exist',
                },
              ],
            },
          },
        });
        await this.core.patchNamespacedPodStatus(
          {
            namespace: this.namespace,
            name: pod,
            body: { status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } },
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
      }
    }
  }

  async read(name: string): Promise<StoredRollout> {
    return (await this.custom.getNamespacedCustomObject({ ...API, namespace: this.namespace, name })) as StoredRollout;
  }

  /** What the controller writes to the status subresource. */
  async status(name: string, status: Record<string, unknown>): Promise<void> {
    if (this.options.statusSubresource === false) {
      await this.custom.patchNamespacedCustomObject(
        { ...API, namespace: this.namespace, name, body: { status } },
        mergePatch,
      );
      return;
    }
    await this.custom.patchNamespacedCustomObjectStatus(
      { ...API, namespace: this.namespace, name, body: { status } },
      mergePatch,
    );
  }

  async spec(name: string, spec: Record<string, unknown>): Promise<void> {
    await this.custom.patchNamespacedCustomObject(
      { ...API, namespace: this.namespace, name, body: { spec } },
      mergePatch,
    );
  }

  /** Paused at the `pause: {}` step (index 1), as the controller leaves it. */
  async pausedAtStep(name: string, index = 1): Promise<void> {
    await this.status(name, {
      currentStepIndex: index,
      controllerPause: true,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: new Date(Date.now() - 90_000).toISOString() }],
      phase: 'Paused',
      message: 'CanaryPauseStep',
    });
  }
}
