import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeCluster } from './kube.js';

const API = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' } as const;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export interface StoredApplication {
  metadata: { name: string; resourceVersion: string; annotations?: Record<string, string> };
  operation?: {
    initiatedBy?: { username?: string };
    sync?: { revision?: string; prune?: boolean; syncStrategy?: unknown };
  };
  status?: Record<string, unknown>;
}

/**
 * Plays Argo CD's application controller against the real API server: creates Applications and writes
 * their status the way the controller does (sync, health, operationState; `.operation` cleared when done).
 * The CRD declares no status subresource, so status is written with a patch of the main resource, as Argo CD does.
 */
export class ArgoPlayer {
  private readonly api: CustomObjectsApi;
  constructor(
    private readonly kube: KubeCluster,
    readonly namespace = 'argocd',
  ) {
    this.api = kube.client('admin').makeApiClient(CustomObjectsApi);
  }

  async createNamespace(): Promise<void> {
    await this.kube
      .client('admin')
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: this.namespace } } });
  }

  async create(name: string, options: { automated?: boolean; revision?: string } = {}): Promise<void> {
    await this.api.createNamespacedCustomObject({
      ...API,
      namespace: this.namespace,
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name },
        spec: {
          project: 'default',
          source: {
            repoURL: 'https://git.example.com/platform/gitops.git',
            path: `apps/${name}`,
            targetRevision: 'main',
          },
          destination: { server: 'https://kubernetes.default.svc', namespace: name },
          ...(options.automated && { syncPolicy: { automated: { prune: true, selfHeal: true } } }),
        },
      },
    });
    await this.status(name, {
      sync: { status: 'Synced', ...(options.revision && { revision: options.revision }) },
      health: { status: 'Healthy' },
    });
  }

  async read(name: string): Promise<StoredApplication> {
    return (await this.api.getNamespacedCustomObject({ ...API, namespace: this.namespace, name })) as StoredApplication;
  }

  async patch(name: string, body: Record<string, unknown>): Promise<void> {
    await this.api.patchNamespacedCustomObject({ ...API, namespace: this.namespace, name, body }, mergePatch);
  }

  status(name: string, status: Record<string, unknown>): Promise<void> {
    return this.patch(name, { status });
  }

  /** Waits until the stored Application satisfies `predicate` (what Kanaria wrote). */
  async waitFor<T>(
    name: string,
    predicate: (app: StoredApplication) => T | undefined | false,
    timeoutMs = 15_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const app = await this.read(name);
      const result = predicate(app);
      if (result) return result;
      if (Date.now() > deadline) throw new Error(`timed out waiting on Application ${name}: ${JSON.stringify(app)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The controller picks up a refresh: removes the annotation and reports OutOfSync against the new revision. */
  async refreshed(name: string): Promise<void> {
    await this.patch(name, {
      metadata: { annotations: { 'argocd.argoproj.io/refresh': null } },
      status: { sync: { status: 'OutOfSync' } },
    });
  }

  /** The controller runs the requested sync: Running, then Succeeded at `revision`, `.operation` cleared. */
  async synced(
    name: string,
    revision: string,
    health: 'Healthy' | 'Progressing' | 'Degraded' = 'Progressing',
  ): Promise<void> {
    await this.patch(name, {
      status: {
        operationState: { phase: 'Running', operation: { sync: { revision } }, startedAt: new Date().toISOString() },
      },
    });
    await this.patch(name, {
      operation: null,
      status: {
        sync: { status: 'Synced', revision },
        health: { status: health },
        operationState: {
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          syncResult: { revision, resources: [] },
          finishedAt: new Date().toISOString(),
        },
      },
    });
  }
}
