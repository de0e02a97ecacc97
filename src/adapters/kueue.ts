import type { KubeConfig } from '@kubernetes/client-node';
import { KubeForbidden, KubeRejected, type KubeRequest } from './kube-errors.js';
import { KubeJson } from './kube-json.js';
import {
  summarizeClusterQueue,
  summarizeFlavor,
  summarizeLocalQueue,
  summarizeWorkload,
  type ClusterQueueSummary,
  type FlavorSummary,
  type KueueSnapshot,
  type LocalQueueSummary,
  type WorkloadSummary,
} from '../domain/kueue.js';

export const KUEUE_GROUP = 'kueue.x-k8s.io';
/** The versions whose fields src/domain/kueue.ts reads, preferred first. */
const KNOWN_VERSIONS = ['v1beta2', 'v1beta1'];

/** Reads Kueue's queues and workloads; `undefined` when Kueue is not installed (its API group answers 404). */
export interface KueueSource {
  read(): Promise<KueueSnapshot | undefined>;
  /** A namespace's workloads, raw (for `/gpu why`); `undefined` without Kueue. */
  workloadsIn(namespace: string): Promise<unknown[] | undefined>;
}

const request = (resource: string, namespace?: string): KubeRequest => ({
  verb: 'list',
  resource: `${resource}.${KUEUE_GROUP}`,
  ...(namespace && { namespace }),
});

const notFound = (error: unknown): boolean => error instanceof KubeRejected && error.status === 404;
/** A 403 worded for what it costs: Kueue's side is unknown, and which rules grant it. */
const purposeful = (error: unknown): unknown =>
  error instanceof KubeForbidden ? new KubeForbidden(error.request, 'kueue.forbidden') : error;

/** Kueue's objects as raw JSON, in the version the API server prefers among those Kanaria reads. */
export class KubeKueueSource implements KueueSource {
  private readonly api: KubeJson;

  constructor(kubeConfig: KubeConfig, pageSize = 500) {
    this.api = new KubeJson(kubeConfig, pageSize);
  }

  async read(): Promise<KueueSnapshot | undefined> {
    const version = await this.version();
    if (!version) return undefined;
    const base = `/apis/${KUEUE_GROUP}/${version}`;
    const clusterQueues: ClusterQueueSummary[] = [];
    const localQueues: LocalQueueSummary[] = [];
    const workloads: WorkloadSummary[] = [];
    const flavors: FlavorSummary[] = [];
    try {
      await Promise.all([
        this.api.list(`${base}/clusterqueues`, request('clusterqueues'), (item) => {
          const cq = summarizeClusterQueue(item);
          if (cq) clusterQueues.push(cq);
        }),
        this.api.list(`${base}/localqueues`, request('localqueues'), (item) =>
          localQueues.push(summarizeLocalQueue(item)),
        ),
        this.api.list(`${base}/workloads`, request('workloads'), (item) => {
          const w = summarizeWorkload(item);
          if (w && w.state !== 'finished') workloads.push(w);
        }),
        this.api.list(`${base}/resourceflavors`, request('resourceflavors'), (item) =>
          flavors.push(summarizeFlavor(item)),
        ),
      ]);
    } catch (error) {
      // The group went away between discovery and the lists (Kueue uninstalled): no Kueue.
      if (notFound(error)) return undefined;
      throw purposeful(error);
    }
    return { clusterQueues, localQueues, workloads, flavors };
  }

  async workloadsIn(namespace: string): Promise<unknown[] | undefined> {
    const version = await this.version();
    if (!version) return undefined;
    const items: unknown[] = [];
    const path = `/apis/${KUEUE_GROUP}/${version}/namespaces/${encodeURIComponent(namespace)}/workloads`;
    try {
      await this.api.list(path, request('workloads', namespace), (item) => items.push(item));
    } catch (error) {
      if (notFound(error)) return undefined;
      throw purposeful(error);
    }
    return items;
  }

  /**
   * The version to read, from the group's discovery document (readable by every authenticated user); none when
   * the group is not served, or serves only versions Kanaria does not know.
   */
  private async version(): Promise<string | undefined> {
    let group: { preferredVersion?: { version?: string }; versions?: { version?: string }[] };
    try {
      group = (await this.api.get(`/apis/${KUEUE_GROUP}`, { verb: 'get', resource: KUEUE_GROUP })) as typeof group;
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
    const served = (group.versions ?? []).map((v) => v.version);
    const preferred = group.preferredVersion?.version;
    if (preferred && KNOWN_VERSIONS.includes(preferred)) return preferred;
    return KNOWN_VERSIONS.find((v) => served.includes(v));
  }
}
