import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  Watch,
  setHeaderOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import { kubeError } from './kube-errors.js';
import { nameOf, watchObjects } from './kube-watch.js';
import { rolloutState, type RolloutPatches, type RolloutState } from '../domain/rollout.js';

export interface RolloutRef {
  readonly name: string;
  readonly namespace: string;
}

/** One version's pods (grouped by rollouts-pod-template-hash): how many there are and are ready. */
export interface PodGroup {
  readonly hash: string;
  readonly image?: string;
  readonly pods: number;
  readonly ready: number;
}

/** Argo Rollouts as Kanaria uses them: read a Rollout with its pods, and patch it as the plugin does. */
export interface Rollouts {
  get(ref: RolloutRef): Promise<{ state: RolloutState; pods: PodGroup[] }>;
  apply(ref: RolloutRef, patches: RolloutPatches): Promise<void>;
  /** The Rollouts of a namespace now, then every change, until `signal` aborts (see watchObjects). */
  observe(
    namespace: string,
    signal: AbortSignal,
  ): AsyncGenerator<{
    name: string;
    state: RolloutState;
    resourceVersion?: string;
    kind: 'listed' | 'changed' | 'deleted';
  }>;
}

const GROUP = { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts' } as const;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

const ROLLOUT = { kind: 'Argo Rollout', resource: 'rollouts.argoproj.io', configKey: 'apps.<app>.rollout' };
const explain = (error: unknown, verb: string, ref: RolloutRef, resource?: string): unknown =>
  kubeError(error, verb, ref, ROLLOUT, resource);

const isNotFound = (error: unknown): boolean => error instanceof ApiException && error.code === 404;

export class KubeRollouts implements Rollouts {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;

  private readonly watcher: Watch;

  constructor(
    kubeConfig: KubeConfig,
    private readonly watchSeconds = 300,
  ) {
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.watcher = new Watch(kubeConfig);
  }

  async *observe(namespace: string, signal: AbortSignal) {
    const objects = watchObjects({
      watcher: this.watcher,
      path: `/apis/${GROUP.group}/${GROUP.version}/namespaces/${namespace}/${GROUP.plural}`,
      list: () => this.custom.listNamespacedCustomObject({ ...GROUP, namespace }),
      explain: (error, verb) => explain(error, verb, { namespace, name: '*' }),
      watchSeconds: this.watchSeconds,
      signal,
    });
    for await (const { object, kind } of objects) {
      const resourceVersion = (object['metadata'] as { resourceVersion?: string } | undefined)?.resourceVersion;
      yield { name: nameOf(object), state: rolloutState(object), kind, ...(resourceVersion && { resourceVersion }) };
    }
  }

  async get(ref: RolloutRef): Promise<{ state: RolloutState; pods: PodGroup[] }> {
    let raw: { status?: { selector?: string } };
    try {
      raw = (await this.custom.getNamespacedCustomObject({ ...GROUP, ...ref })) as typeof raw;
    } catch (error) {
      throw explain(error, 'get', ref);
    }
    const selector = raw.status?.selector;
    return { state: rolloutState(raw), pods: selector ? await this.podGroups(ref, selector) : [] };
  }

  /** Pods rather than ReplicaSets: Kanaria's role reads pods anyway (GPU reports) and needs no more. */
  private async podGroups(ref: RolloutRef, labelSelector: string): Promise<PodGroup[]> {
    let pods;
    try {
      pods = await this.core.listNamespacedPod({ namespace: ref.namespace, labelSelector });
    } catch (error) {
      throw explain(error, 'list', ref, 'pods');
    }
    const groups = new Map<string, { image?: string; pods: number; ready: number }>();
    for (const pod of pods.items) {
      const hash = pod.metadata?.labels?.['rollouts-pod-template-hash'];
      if (!hash || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const group = groups.get(hash) ?? {
        pods: 0,
        ready: 0,
        ...(pod.spec?.containers[0]?.image && { image: pod.spec.containers[0].image }),
      };
      group.pods++;
      if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) group.ready++;
      groups.set(hash, group);
    }
    return [...groups].map(([hash, g]) => ({ hash, ...g }));
  }

  /**
   * As promote.go PromoteRollout: the status patch to the status subresource first; if that answers
   * NotFound (no status subresource), the unified patch to the main object instead of the spec patch.
   */
  async apply(ref: RolloutRef, patches: RolloutPatches): Promise<void> {
    let spec = patches.spec;
    if (patches.status) {
      try {
        await this.custom.patchNamespacedCustomObjectStatus({ ...GROUP, ...ref, body: patches.status }, mergePatch);
      } catch (error) {
        if (!isNotFound(error) || !patches.unified) throw explain(error, 'patch', ref, 'rollouts/status');
        spec = patches.unified;
      }
    }
    if (spec) {
      try {
        await this.custom.patchNamespacedCustomObject({ ...GROUP, ...ref, body: spec }, mergePatch);
      } catch (error) {
        throw explain(error, 'patch', ref);
      }
    }
  }
}
