import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HttpPrometheus,
  PrometheusNotAVector,
  PrometheusQueryRejected,
  PrometheusTooManySeries,
  PrometheusUnavailable,
} from '../../src/adapters/prometheus.js';
import { Refusal, TransientError } from '../../src/domain/errors.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { hasPrometheus, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

const available = hasPrometheus() || process.env['CI'] === 'true';
const en = wordsFor('en');
const ja = wordsFor('ja');
/** Two series from nothing but PromQL: no scrape needed. */
const TWO_SERIES = 'label_replace(vector(1), "code", "200", "", "") or label_replace(vector(2), "code", "500", "", "")';

describe.skipIf(!available)('Prometheus failures as facts (a real Prometheus)', () => {
  let prometheus: RunningPrometheus;
  let client: HttpPrometheus;
  const now = () => Math.floor(Date.now() / 1000);
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeAll(async () => {
    // Few samples per query, so that an execution error (422) is one small query away.
    prometheus = await startPrometheus([], ['--query.max-samples=100']);
    client = new HttpPrometheus(prometheus.url, { attempts: 2, backoffMs: 10 });
  }, 30_000);
  afterAll(async () => prometheus?.stop());

  it('a query that does not parse (400) is refused at once, naming the query and what Prometheus said', async () => {
    const query = 'sum(rate(http_requests_total[5m]';
    const error = await failure(client.rangeSeries(query, now() - 60, now(), 5));
    expect(error).toBeInstanceOf(PrometheusQueryRejected);
    expect(error).toBeInstanceOf(Refusal);
    expect(error).toMatchObject({ kind: 'range', query, status: 400 });
    expect((error as PrometheusQueryRejected).reason).toMatch(/parse error/);
    const words = explain(en, error as PrometheusQueryRejected);
    expect(words.message).toMatch(
      /^Prometheus rejected the query `sum\(rate\(http_requests_total\[5m\]`: .*parse error/,
    );
    expect(words.hint).toBe('Fix the query in apps.<app>.analysis in kanaria.yaml.');
    expect(explain(ja, error as PrometheusQueryRejected).message).toMatch(
      /^Prometheus がクエリ `sum\(rate\(http_requests_total\[5m\]` を受け付けませんでした: .*parse error/,
    );
  });

  it('a query Prometheus cannot execute (422) is refused the same way; an instant query points at the gpu settings', async () => {
    const query = 'count_over_time(vector(1)[10m:1s])';
    const error = await failure(client.instantVector(query));
    expect(error).toBeInstanceOf(PrometheusQueryRejected);
    expect(error).toMatchObject({ kind: 'instant', query, status: 422 });
    expect((error as PrometheusQueryRejected).reason).toMatch(/too many samples/);
    expect(explain(en, error as PrometheusQueryRejected).hint).toBe(
      'Check the query and the settings under gpu in kanaria.yaml.',
    );
  });

  it('a range query with several series names how many and which', async () => {
    const error = await failure(client.rangeSeries(TWO_SERIES, now() - 60, now(), 10));
    expect(error).toBeInstanceOf(PrometheusTooManySeries);
    expect((error as PrometheusTooManySeries).series).toEqual(['{code="200"}', '{code="500"}']);
    expect(explain(en, error as PrometheusTooManySeries)).toEqual({
      message: `The query \`${TWO_SERIES}\` returns 2 series ({code="200"}, {code="500"}) where one is expected.`,
      hint: 'Aggregate it to one series, e.g. sum(…) or sum by () (…).',
    });
    expect(explain(ja, error as PrometheusTooManySeries).message).toContain('2 系列 ({code="200"}, {code="500"})');
  });

  it('an instant query that answers a scalar is refused, naming what it answered', async () => {
    const error = await failure(client.instantVector('scalar(vector(1))'));
    expect(error).toBeInstanceOf(PrometheusNotAVector);
    expect(error).toMatchObject({ query: 'scalar(vector(1))', resultType: 'scalar' });
    expect(explain(en, error as PrometheusNotAVector).message).toBe(
      'The query `scalar(vector(1))` returns a scalar where an instant vector is expected.',
    );
  });

  it('a Prometheus that has gone away is PrometheusUnavailable after the retries: transient, with where and why', async () => {
    const gone = await startPrometheus([]);
    await gone.stop();
    const error = await failure(
      new HttpPrometheus(gone.url, { attempts: 3, backoffMs: 10 }).rangeSeries('vector(1)', now() - 60, now(), 10),
    );
    expect(error).toBeInstanceOf(PrometheusUnavailable);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ url: gone.url, attempts: 3 });
    expect(explain(en, error as PrometheusUnavailable).message).toMatch(
      new RegExp(`^Prometheus at ${gone.url.replace(/[.]/g, '\\.')} did not answer after 3 attempts: `),
    );
    expect(explain(ja, error as PrometheusUnavailable).message).toContain(`${gone.url} の Prometheus が 3 回`);
  }, 30_000);
});
