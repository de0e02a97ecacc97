/**
 * What the Kubernetes API's answers mean for people (src/adapters/kube-errors.ts). Facts: `verb`, `resource`,
 * `namespace`, `name`; `kind` and `configKey` for a missing object; `status`, `cause`, `timeoutSeconds`, `reason`.
 */
export const errorsKube = {
  forbidden: {
    message: 'Kanaria may not {{verb}} {{resource}} in namespace `{{namespace}}` (RBAC).',
    hint: 'Grant its ServiceAccount the "{{verb}}" verb on {{resource}} (see deploy/).',
  },
  notFound: {
    message: 'There is no {{kind}} `{{namespace}}/{{name}}` in the cluster.',
    hint: 'Check {{configKey}} in kanaria.yaml.',
  },
  unavailable: {
    message: 'The Kubernetes API answered HTTP {{status}} when Kanaria tried to {{verb}} {{resource}}.',
  },
  unreachable: {
    message: 'Kanaria could not reach the Kubernetes API to {{verb}} {{resource}} ({{cause}}).',
  },
  timedOut: {
    message: 'The Kubernetes API did not answer Kanaria within {{timeoutSeconds}} s ({{verb}} {{resource}}).',
  },
  unreadable: {
    message: "The Kubernetes API's answer to {{verb}} {{resource}} could not be read ({{problem}} at byte {{offset}}).",
  },
  rejected: {
    message: 'The Kubernetes API refused to {{verb}} {{resource}} (HTTP {{status}}): {{reason}}',
  },
  gpuNodesForbidden: {
    message: 'Kanaria may not list nodes (RBAC), so it cannot report GPU capacity.',
    hint: 'Grant its ServiceAccount "list" on nodes cluster-wide (see deploy/base/rbac.yaml).',
  },
  gpuPodsForbidden: {
    message: 'Kanaria may not list pods in all namespaces, so requested GPUs and pending pods are unknown.',
    hint: 'Grant its ServiceAccount "list" on pods cluster-wide (see deploy/base/rbac.yaml).',
  },
};
