import { ApiException } from '@kubernetes/client-node';
import { UserFacingError } from '../domain/errors.js';

/** What a Kubernetes object is, for messages: its kind as people say it, its resource, where it is configured. */
export interface KubeThing {
  readonly kind: string;
  readonly resource: string;
  readonly configKey: string;
}

/**
 * Turns API errors people can act on into messages: 404 names the object and where it is configured, 403
 * names the verb and resource Kanaria lacks. Anything else stays an infrastructure error (retried).
 */
export function explainKubeError(
  error: unknown,
  verb: string,
  ref: { namespace: string; name: string },
  thing: KubeThing,
  resource = thing.resource,
): unknown {
  if (!(error instanceof ApiException)) return error;
  if (error.code === 404)
    return new UserFacingError(
      'unknown-app',
      `There is no ${thing.kind} \`${ref.namespace}/${ref.name}\` in the cluster.`,
      `Check ${thing.configKey} in kanaria.yaml.`,
    );
  if (error.code === 403) {
    return new UserFacingError(
      'forbidden',
      `Kanaria may not ${verb} ${resource} in namespace \`${ref.namespace}\` (RBAC).`,
      `Grant its ServiceAccount the "${verb}" verb on ${resource} (see deploy/).`,
    );
  }
  return error;
}
