import { ApiException } from '@kubernetes/client-node';
import { Refusal, TransientError, Unrecoverable } from '../domain/errors.js';

/**
 * What Kanaria asked the Kubernetes API: the verb, the resource as RBAC names it (`rollouts.argoproj.io`,
 * `rollouts/status`, `pods`) and the object (no namespace: cluster-wide; no name: a list or watch).
 */
export interface KubeRequest {
  readonly verb: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** What a Kubernetes object is, for messages: its kind as people say it, its resource, where it is configured. */
export interface KubeThing {
  readonly kind: string;
  readonly resource: string;
  readonly configKey: string;
}

/**
 * Kanaria's role lacks the verb on the resource (403). Retrying does not help: the platform team grants it.
 * `key` words it; a caller with a purpose (e.g. the GPU report) may choose words that say what it cannot do.
 */
export class KubeForbidden extends Refusal {
  override readonly name = 'KubeForbidden';
  constructor(
    readonly request: KubeRequest,
    key = 'errorsKube.forbidden',
  ) {
    super(key, { ...request });
  }
}

/** The object is not in the cluster (404): kanaria.yaml names something that is not there. */
export class KubeNotFound extends Refusal {
  override readonly name = 'KubeNotFound';
  constructor(
    readonly request: KubeRequest,
    thing: Pick<KubeThing, 'kind' | 'configKey'>,
  ) {
    super('errorsKube.notFound', { ...request, kind: thing.kind, configKey: thing.configKey });
  }
}

/**
 * The API server busy or out of reach: it answered 5xx, 409 (a conflict Kanaria gave up retrying) or 429, it did
 * not answer in time, or it could not be connected to. Worth another attempt.
 */
export class KubeUnavailable extends TransientError {
  override readonly name = 'KubeUnavailable';
  constructor(
    readonly request: KubeRequest,
    /** The HTTP status it answered, or why there was no answer (a system error code such as ECONNREFUSED). */
    readonly failure: { readonly status: number } | { readonly cause: string } | { readonly timeoutSeconds: number },
    options?: { cause?: unknown },
  ) {
    const key =
      'status' in failure
        ? 'errorsKube.unavailable'
        : 'cause' in failure
          ? 'errorsKube.unreachable'
          : 'errorsKube.timedOut';
    super(key, { ...request, ...failure }, options);
  }
}

/**
 * An answer that is not what was asked for: a list cut off before its end (the connection dropped mid-page) or
 * not JSON at all. Worth another attempt; `offset` is the byte of the answer where it went wrong.
 */
export class KubeUnreadable extends TransientError {
  override readonly name = 'KubeUnreadable';
  constructor(
    readonly request: KubeRequest,
    readonly failure: { readonly problem: string; readonly offset: number },
    options?: { cause?: unknown },
  ) {
    super('errorsKube.unreadable', { ...request, ...failure }, options);
  }
}

/**
 * Any other answer (400, 401, 422, …): the API server refused the request itself. Neither the person's to fix nor
 * likely to pass on a retry: reported with what the API server said, and the job is done.
 */
export class KubeRejected extends Unrecoverable {
  override readonly name = 'KubeRejected';
  constructor(
    readonly request: KubeRequest,
    readonly status: number,
    /** What the API server said (its Status message), or the start of its answer. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('errorsKube.rejected', { ...request, status, reason }, options);
    // Not a sentence of Kanaria's: what the API server said, for logs.
    this.message = `${request.verb} ${request.resource}: HTTP ${status}: ${reason}`;
  }
}

const isTyped = (error: unknown): boolean =>
  error instanceof Refusal || error instanceof TransientError || error instanceof KubeRejected;

/** A request that never got an answer: node's system errors (ECONNREFUSED, ECONNRESET, …), a fetch or abort. */
export function networkCause(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  if (error.name === 'FetchError' || error.name === 'AbortError' || error.name === 'TimeoutError') return error.name;
  return undefined;
}

/** The API server's own words from an answer's body (a Status object's message), else the body's start. */
export function statusReason(body: unknown, status: number): string {
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
  } catch {
    // not JSON: its start is the best there is
  }
  return text.trim().slice(0, 300) || `HTTP ${status}`;
}

/** The typed error for an HTTP status the API server answered to `request`. */
export function kubeStatusError(
  status: number,
  body: unknown,
  request: KubeRequest,
  /** The object's kind and config key, when a 404 means kanaria.yaml names something that is not there. */
  thing?: Pick<KubeThing, 'kind' | 'configKey'>,
  cause?: unknown,
): Refusal | TransientError | KubeRejected {
  if (status === 404 && thing) return new KubeNotFound(request, thing);
  if (status === 403) return new KubeForbidden(request);
  if (status >= 500 || status === 409 || status === 429) return new KubeUnavailable(request, { status }, { cause });
  return new KubeRejected(request, status, statusReason(body, status), { cause });
}

/**
 * Turns what the Kubernetes client threw into facts: 404 names the object and where it is configured, 403 the
 * verb and resource Kanaria lacks, 5xx/409/429 and no answer are transient, any other status is rejected.
 * Anything else (a bug, not the API) is passed on untouched.
 */
export function kubeError(
  error: unknown,
  verb: string,
  ref: { namespace: string; name: string },
  thing: KubeThing,
  resource = thing.resource,
): unknown {
  if (isTyped(error)) return error;
  const request: KubeRequest = { verb, resource, namespace: ref.namespace, name: ref.name };
  if (error instanceof ApiException) return kubeStatusError(error.code, error.body, request, thing, error);
  const cause = networkCause(error);
  return cause === undefined ? error : new KubeUnavailable(request, { cause }, { cause: error });
}
