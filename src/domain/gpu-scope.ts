import type { Config } from './config.js';
import type { AlertThresholds, NodeSummary, PodUsage } from './gpu.js';
import { closest } from './suggest.js';

/** What a GPU report or alert check is about: one pool, one node or one namespace (absent: the whole cluster). */
export interface GpuScope {
  readonly kind: 'pool' | 'node' | 'namespace';
  readonly name: string;
}

/** The part of the inventory a scope covers, or the facts of an unknown name (the closest ones, all known). */
export type ScopeDecision =
  | { readonly covered: true; readonly nodes: NodeSummary[]; readonly pods: PodUsage[] }
  | {
      readonly covered: false;
      readonly scope: GpuScope;
      readonly near: readonly string[];
      readonly known: readonly string[];
    };

/** The names a scope kind can take in this inventory: pools and nodes with GPUs, namespaces with GPU pods. */
function knownNames(nodes: readonly NodeSummary[], pods: readonly PodUsage[], kind: GpuScope['kind']): string[] {
  if (kind === 'pool') return [...new Set(nodes.map((n) => n.pool))];
  if (kind === 'node') return nodes.map((n) => n.name);
  return [...new Set(pods.map((p) => p.namespace))];
}

/**
 * Narrows the inventory to a scope. A pool or node covers its nodes and the pods on them; a namespace covers
 * its GPU pods and the nodes they run on, with the other pods on those nodes (so its share of them shows, and
 * what others hold there is not counted as free). A name the inventory does not
 * know is refused with the closest known ones.
 */
export function scopeInventory(nodes: NodeSummary[], pods: PodUsage[], scope: GpuScope | undefined): ScopeDecision {
  if (!scope) return { covered: true, nodes, pods };
  const known = knownNames(nodes, pods, scope.kind);
  if (!known.includes(scope.name)) return { covered: false, scope, near: closest(scope.name, known), known };
  if (scope.kind === 'namespace') {
    const hosts = new Set(pods.filter((p) => p.namespace === scope.name && p.node !== undefined).map((p) => p.node));
    // Other namespaces' pods on those nodes stay: without them their GPUs would show as free.
    const kept = pods.filter((p) => p.namespace === scope.name || (p.node !== undefined && hosts.has(p.node)));
    return { covered: true, nodes: nodes.filter((n) => hosts.has(n.name)), pods: kept };
  }
  const chosen = nodes.filter((n) => (scope.kind === 'pool' ? n.pool : n.name) === scope.name);
  const names = new Set(chosen.map((n) => n.name));
  return { covered: true, nodes: chosen, pods: pods.filter((p) => p.node !== undefined && names.has(p.node)) };
}

type GpuAlerts = NonNullable<NonNullable<Config['gpu']>['alerts']>;

/** The alert thresholds of `gpu.alerts`: one `minFree` number applies to every product (`*`). */
export function alertThresholds(alerts: Pick<GpuAlerts, 'minFree' | 'pendingMinutes'> | undefined): AlertThresholds {
  const minFree = typeof alerts?.minFree === 'number' ? { '*': alerts.minFree } : alerts?.minFree;
  return {
    ...(minFree && { minFree }),
    ...(alerts?.pendingMinutes !== undefined && { pendingMinutes: alerts.pendingMinutes }),
  };
}
