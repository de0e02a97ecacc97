import { Watch, type KubeConfig } from '@kubernetes/client-node';

/** One version of the Application as the watch delivered it. */
export interface ApplicationSeen {
  /** Date.now() when the event reached this process. */
  readonly at: number;
  readonly resourceVersion: string;
  /** `.operation.sync.revision`: the sync operation someone (Kanaria) wrote, until the controller clears it. */
  readonly syncRevision?: string;
  /** The `argocd.argoproj.io/refresh` annotation (a refresh requested, not yet picked up). */
  readonly refresh?: string;
}

interface ApplicationObject {
  metadata?: { resourceVersion?: string; annotations?: Record<string, string> };
  operation?: { sync?: { revision?: string } };
}

/**
 * Records every version of one Argo CD Application, from a Kubernetes watch of the real API server: each
 * write reaches us as one event right after etcd has it, so the moment a field is written is known to the
 * millisecond without polling (which would add its interval, and load the API server being measured).
 * A watch that ends (server timeout, dropped connection) is resumed from the last version seen.
 */
export class ApplicationWatch {
  readonly seen: ApplicationSeen[] = [];
  /** How many times the watch had to be resumed; more than a few would mean events may have come late. */
  restarts = 0;
  private controller?: AbortController;
  private closed = false;
  private resourceVersion: string | undefined;
  private readonly waiters = new Set<() => void>();
  private readonly watcher: Watch;
  private readonly path: string;

  private constructor(
    kubeConfig: KubeConfig,
    namespace: string,
    private readonly name: string,
  ) {
    this.watcher = new Watch(kubeConfig);
    this.path = `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/applications`;
  }

  /** Starts watching; resolves once the Application's current version has been seen. */
  static async start(
    kubeConfig: KubeConfig,
    namespace: string,
    name: string,
    timeoutMs = 15_000,
  ): Promise<ApplicationWatch> {
    const watch = new ApplicationWatch(kubeConfig, namespace, name);
    await watch.open();
    await watch.next(0, () => true, timeoutMs);
    return watch;
  }

  private async open(): Promise<void> {
    if (this.closed) return;
    // Without a resourceVersion the API server first sends the current object as ADDED.
    this.controller = await this.watcher.watch(
      this.path,
      {
        fieldSelector: `metadata.name=${this.name}`,
        allowWatchBookmarks: true,
        timeoutSeconds: 3600,
        ...(this.resourceVersion && { resourceVersion: this.resourceVersion }),
      },
      (type: string, object: ApplicationObject) => this.record(type, object),
      () => {
        if (this.closed) return;
        this.restarts++;
        setTimeout(() => void this.open().catch(() => undefined), 50);
      },
    );
  }

  private record(type: string, object: ApplicationObject): void {
    const at = Date.now();
    const resourceVersion = object.metadata?.resourceVersion;
    if (type === 'ERROR') {
      this.resourceVersion = undefined; // 410 Gone: resume from the current state
      return;
    }
    if (resourceVersion) this.resourceVersion = resourceVersion;
    if (type !== 'ADDED' && type !== 'MODIFIED') return;
    this.seen.push({
      at,
      resourceVersion: resourceVersion ?? '',
      ...(object.operation?.sync?.revision && { syncRevision: object.operation.sync.revision }),
      ...(object.metadata?.annotations?.['argocd.argoproj.io/refresh'] && {
        refresh: object.metadata.annotations['argocd.argoproj.io/refresh'],
      }),
    });
    for (const wake of [...this.waiters]) wake();
  }

  /** The first version at or after index `from` (take `seen.length` before acting) that satisfies `predicate`. */
  next(from: number, predicate: (seen: ApplicationSeen) => boolean, timeoutMs = 30_000): Promise<ApplicationSeen> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.seen.slice(from).find(predicate);
        if (!found) return false;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting on Application ${this.name}; last seen: ${JSON.stringify(this.seen.at(-1))}`,
          ),
        );
      }, timeoutMs);
      if (!check()) this.waiters.add(wake);
    });
  }

  /** The newest version seen. */
  get current(): ApplicationSeen | undefined {
    return this.seen.at(-1);
  }

  close(): void {
    this.closed = true;
    this.controller?.abort();
    for (const wake of this.waiters) wake();
  }
}
