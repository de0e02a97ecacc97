import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ArgoOperationInProgress } from '../../src/adapters/argocd.js';
import {
  KubeForbidden,
  KubeNotFound,
  KubeRejected,
  KubeUnavailable,
  kubeError,
  kubeStatusError,
  statusReason,
  type KubeRequest,
} from '../../src/adapters/kube-errors.js';
import {
  PrometheusNotAVector,
  PrometheusQueryRejected,
  PrometheusTooManySeries,
  PrometheusUnavailable,
} from '../../src/adapters/prometheus.js';
import { SlackGroupUnreadable } from '../../src/adapters/slack.js';
import { Refusal, TransientError, Unrecoverable } from '../../src/domain/errors.js';
import { explain, LOCALES, wordsFor } from '../../src/i18n/index.js';

const request: KubeRequest = { verb: 'patch', resource: 'rollouts.argoproj.io', namespace: 'shop', name: 'web' };
const ROLLOUT = { kind: 'Argo Rollout', resource: 'rollouts.argoproj.io', configKey: 'apps.<app>.rollout' };
const status = (message: string) => JSON.stringify({ kind: 'Status', status: 'Failure', message });

describe('kubeStatusError: what an HTTP status from the Kubernetes API means', () => {
  it.each<[number, boolean, new (...args: never[]) => Error, 'refusal' | 'transient' | 'unrecoverable']>([
    [403, true, KubeForbidden, 'refusal'],
    [404, true, KubeNotFound, 'refusal'],
    [404, false, KubeRejected, 'unrecoverable'],
    [409, true, KubeUnavailable, 'transient'],
    [429, true, KubeUnavailable, 'transient'],
    [500, true, KubeUnavailable, 'transient'],
    [503, true, KubeUnavailable, 'transient'],
    [504, false, KubeUnavailable, 'transient'],
    [400, true, KubeRejected, 'unrecoverable'],
    [401, true, KubeRejected, 'unrecoverable'],
    [422, true, KubeRejected, 'unrecoverable'],
  ])('HTTP %d (object known to kanaria.yaml: %s) is %O, %s', (code, known, type, kind) => {
    const error = kubeStatusError(code, status('because'), request, known ? ROLLOUT : undefined);
    expect(error).toBeInstanceOf(type);
    expect(
      error instanceof Refusal
        ? 'refusal'
        : error instanceof TransientError
          ? 'transient'
          : error instanceof Unrecoverable
            ? 'unrecoverable'
            : 'untyped',
    ).toBe(kind);
    expect(error).toMatchObject({ request });
  });

  it('keeps what the API server said when it refuses a request', () => {
    expect(kubeStatusError(422, status('spec.replicas: Invalid value'), request)).toMatchObject({
      status: 422,
      reason: 'spec.replicas: Invalid value',
    });
  });
});

describe('statusReason: the API server’s words', () => {
  it.each([
    [status('rollouts.argoproj.io "web" is invalid'), 422, 'rollouts.argoproj.io "web" is invalid'],
    [{ message: 'as an object' }, 400, 'as an object'],
    ['<html>Bad Gateway</html>', 502, '<html>Bad Gateway</html>'],
    ['', 401, 'HTTP 401'],
    [undefined, 400, 'HTTP 400'],
    ['x'.repeat(400), 400, 'x'.repeat(300)],
  ])('%j (HTTP %d) → %j', (body, code, reason) => {
    expect(statusReason(body, code)).toBe(reason);
  });
});

describe('kubeError: what the Kubernetes client threw, as facts', () => {
  const ref = { namespace: 'shop', name: 'web' };

  it('reads the status of an ApiException, naming the verb, resource and object', () => {
    const error = kubeError(new ApiException(403, 'Forbidden', status('no'), {}), 'get', ref, ROLLOUT, 'pods');
    expect(error).toBeInstanceOf(KubeForbidden);
    expect((error as KubeForbidden).request).toEqual({ verb: 'get', resource: 'pods', namespace: 'shop', name: 'web' });
  });

  it('turns a request that got no answer into KubeUnavailable with the system error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
    const error = kubeError(refused, 'get', ref, ROLLOUT);
    expect(error).toBeInstanceOf(KubeUnavailable);
    expect(error).toMatchObject({ failure: { cause: 'ECONNREFUSED' } });
  });

  it('passes on an error already typed, and one that is not the API’s (a bug) untouched', () => {
    const typed = new KubeNotFound({ verb: 'get', resource: 'rollouts.argoproj.io' }, ROLLOUT);
    expect(kubeError(typed, 'patch', ref, ROLLOUT)).toBe(typed);
    const bug = new TypeError('cannot read properties of undefined');
    expect(kubeError(bug, 'get', ref, ROLLOUT)).toBe(bug);
  });
});

describe('every typed adapter error has words in every language', () => {
  const errors = [
    new KubeForbidden(request),
    new KubeForbidden({ verb: 'list', resource: 'nodes' }, 'errorsKube.gpuNodesForbidden'),
    new KubeForbidden({ verb: 'list', resource: 'pods' }, 'errorsKube.gpuPodsForbidden'),
    new KubeNotFound(request, ROLLOUT),
    new KubeUnavailable(request, { status: 503 }),
    new KubeUnavailable(request, { cause: 'ECONNRESET' }),
    new KubeUnavailable({ verb: 'list', resource: 'nodes' }, { timeoutSeconds: 30 }),
    new KubeRejected(request, 422, 'spec.replicas: Invalid value'),
    new ArgoOperationInProgress({ namespace: 'argocd', name: 'web' }),
    new PrometheusQueryRejected('range', 'up{', 400, 'parse error'),
    new PrometheusQueryRejected('instant', 'up{', 422, 'too many samples'),
    new PrometheusTooManySeries('up', ['{a="1"}', '{a="2"}', '{a="3"}', '{a="4"}']),
    new PrometheusNotAVector('scalar(1)', 'scalar'),
    new PrometheusUnavailable('http://prometheus:9090', 3, 'HTTP 503'),
    new SlackGroupUnreadable('S0PLATFORM', 'missing_scope'),
    new SlackGroupUnreadable('S0PLATFORM', undefined),
  ];
  it.each(LOCALES.flatMap((locale) => errors.map((error) => [error.key, locale, error] as const)))(
    '%s in %s',
    (key, locale, error) => {
      const { message, hint } = explain(wordsFor(locale), error);
      expect(message).not.toContain(key);
      expect(`${message} ${hint ?? ''}`).not.toMatch(/\{\{|undefined/);
    },
  );

  it('shows three series of many, and counts them all', () => {
    expect(
      explain(wordsFor('en'), new PrometheusTooManySeries('up', ['{a="1"}', '{a="2"}', '{a="3"}', '{a="4"}'])).message,
    ).toBe('The query `up` returns 4 series ({a="1"}, {a="2"}, {a="3"}, …) where one is expected.');
  });
});
