import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * Where Kanaria's Kubernetes credentials come from: an explicit kubeconfig file, else KUBECONFIG,
 * ~/.kube/config or the in-cluster ServiceAccount. `undefined` when there are none (e.g. on a laptop
 * trying the terminal adapter): Kanaria then leaves syncing to Argo CD's own poll.
 */
export function findKubeConfig(path?: string, env: NodeJS.ProcessEnv = process.env): { path?: string } | undefined {
  if (path) return { path };
  if (env['KUBECONFIG']) return { path: env['KUBECONFIG'] };
  const home = join(homedir(), '.kube/config');
  if (existsSync(home)) return { path: home };
  if (env['KUBERNETES_SERVICE_HOST'] && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) return {};
  return undefined;
}

export function loadKubeConfig(source: { path?: string }): KubeConfig {
  const kc = new KubeConfig();
  if (source.path) kc.loadFromFile(source.path);
  else kc.loadFromCluster();
  return kc;
}
