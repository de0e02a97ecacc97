import {
  ApiException,
  CustomObjectsApi,
  PatchStrategy,
  Watch,
  setHeaderOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import { explainKubeError } from './kube-errors.js';
import { nameOf, watchObjects } from './kube-watch.js';
import { applicationState, refreshPatch, syncPatch, type ApplicationState } from '../domain/argocd.js';
import { Refusal } from '../domain/errors.js';

export interface ApplicationRef {
  readonly name: string;
  readonly namespace: string;
}

/** Argo CD Applications as Kanaria uses them: read, refresh, sync. */
export interface ArgoApplications {
  get(ref: ApplicationRef): Promise<ApplicationState>;
  refresh(ref: ApplicationRef, hard: boolean): Promise<void>;
  sync(ref: ApplicationRef, options: { revision: string; username: string; prune: boolean }): Promise<ApplicationState>;
  /**
   * The Applications of a namespace (or just `name`) as they are now, then every change, until `signal`
   * aborts. A watch that ends is resumed; one that answers 410 Gone is replaced by a fresh list.
   */
  observe(
    scope: { namespace: string; name?: string },
    signal: AbortSignal,
    from?: string,
  ): AsyncGenerator<ObservedApplication>;
}

/** Argo CD runs one operation at a time, and one is pending on the Application (Argo CD's SetAppOperation refuses too). */
export class OperationInProgress extends Refusal {
  override readonly name = 'OperationInProgress';
  constructor(readonly application: ApplicationRef) {
    const message = `Argo CD Application \`${application.namespace}/${application.name}\`: another operation is already in progress.`;
    super('argocd-operation-in-progress', {
      application: `${application.namespace}/${application.name}`,
      message,
      hint: 'Wait for it to finish (/status), then sync again.',
    });
    this.message = message;
  }
}

export interface ObservedApplication {
  readonly name: string;
  readonly state: ApplicationState;
  /** The first sight of it after a (re)list, or a change seen by the watch. */
  readonly kind: 'listed' | 'changed' | 'deleted';
}

const GROUP = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' } as const;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

const APPLICATION = {
  kind: 'Argo CD Application',
  resource: 'applications.argoproj.io',
  configKey: 'apps.<app>.argocd',
};
const explain = (error: unknown, verb: string, ref: ApplicationRef): unknown =>
  explainKubeError(error, verb, ref, APPLICATION);

const isConflict = (error: unknown): boolean => error instanceof ApiException && error.code === 409;

export class KubeArgoApplications implements ArgoApplications {
  private readonly api: CustomObjectsApi;
  private readonly watcher: Watch;

  /** `watchSeconds`: how long the API server keeps one watch open before Kanaria resumes it. */
  constructor(
    kubeConfig: KubeConfig,
    private readonly options: { conflictRetries?: number; watchSeconds?: number } = {},
  ) {
    this.api = kubeConfig.makeApiClient(CustomObjectsApi);
    this.watcher = new Watch(kubeConfig);
  }

  private get conflictRetries(): number {
    return this.options.conflictRetries ?? 5;
  }

  async get(ref: ApplicationRef): Promise<ApplicationState> {
    try {
      return applicationState(await this.api.getNamespacedCustomObject({ ...GROUP, ...ref }));
    } catch (error) {
      throw explain(error, 'get', ref);
    }
  }

  /** Sets the refresh annotation; on a conflict it tries again, as Argo CD's own RefreshApp does. */
  async refresh(ref: ApplicationRef, hard: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.api.patchNamespacedCustomObject({ ...GROUP, ...ref, body: refreshPatch(hard) }, mergePatch);
        return;
      } catch (error) {
        if (!isConflict(error) || attempt >= this.conflictRetries) throw explain(error, 'patch', ref);
      }
    }
  }

  /**
   * Writes `.operation` as Argo CD's SetAppOperation does, guarded by the resourceVersion just read: a change
   * in between answers 409 and is read again; an operation already set is refused, as Argo CD refuses it.
   */
  async sync(
    ref: ApplicationRef,
    options: { revision: string; username: string; prune: boolean },
  ): Promise<ApplicationState> {
    for (let attempt = 1; ; attempt++) {
      const state = await this.get(ref);
      if (state.operationPending) {
        throw new OperationInProgress(ref);
      }
      try {
        await this.api.patchNamespacedCustomObject(
          { ...GROUP, ...ref, body: syncPatch({ ...options, resourceVersion: state.resourceVersion ?? '' }) },
          mergePatch,
        );
        return state;
      } catch (error) {
        if (!isConflict(error) || attempt >= this.conflictRetries) throw explain(error, 'patch', ref);
      }
    }
  }

  async *observe(
    scope: { namespace: string; name?: string },
    signal: AbortSignal,
    from?: string,
  ): AsyncGenerator<ObservedApplication> {
    const ref = { namespace: scope.namespace, name: scope.name ?? '*' };
    const objects = watchObjects({
      watcher: this.watcher,
      path: `/apis/${GROUP.group}/${GROUP.version}/namespaces/${scope.namespace}/${GROUP.plural}`,
      ...(scope.name && { fieldSelector: `metadata.name=${scope.name}` }),
      list: (fieldSelector) =>
        this.api.listNamespacedCustomObject({
          ...GROUP,
          namespace: scope.namespace,
          ...(fieldSelector && { fieldSelector }),
        }),
      explain: (error, verb) => explain(error, verb, ref),
      watchSeconds: this.options.watchSeconds ?? 300,
      signal,
      ...(from && { from }),
    });
    for await (const { object, kind } of objects) yield { name: nameOf(object), state: applicationState(object), kind };
  }
}
