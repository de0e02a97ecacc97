import { Refusal, TransientError } from '../domain/errors.js';
import type { Point } from '../domain/verdict.js';

/** Prometheus as the analysis needs it: one range query, one series (or none); and instant vectors for the GPU report. */
export interface Prometheus {
  /** The series of `query` over [start, end] at `stepSeconds` (unix seconds); [] when it has no data. */
  rangeSeries(query: string, start: number, end: number, stepSeconds: number): Promise<Point[]>;
  /** The instant vector of `query` at `time` (unix seconds, default now): one sample per series; [] when it has no data. */
  instantVector(query: string, time?: number): Promise<VectorSample[]>;
  /** Every series of a range query (showback's daily sums): labels and points; [] when it has no data. */
  rangeMatrix(query: string, start: number, end: number, stepSeconds: number): Promise<MatrixSeries[]>;
}

/** One series of a range query's matrix. */
export interface MatrixSeries {
  readonly labels: Record<string, string>;
  readonly points: Point[];
}

/** One series of an instant vector: its labels (without `__name__` once aggregated) and its value (NaN stays NaN). */
export interface VectorSample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Prometheus could not be asked (down, slow, 5xx) after the retries: the analysis is inconclusive, never a pass. */
export class PrometheusUnavailable extends TransientError {
  override readonly name = 'PrometheusUnavailable';
  constructor(
    readonly url: string,
    readonly attempts: number,
    /** Why the last attempt failed: `HTTP 503`, or the network error. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('errorsPrometheus.unavailable', { url, attempts, reason }, options);
  }
}

/** Which API a query went to: a range query (canary analysis) or an instant one (the GPU report). */
export type QueryKind = 'range' | 'instant';

/** Prometheus refused the query itself (400 bad_data, 422 execution error): the query in kanaria.yaml needs fixing. */
export class PrometheusQueryRejected extends Refusal {
  override readonly name = 'PrometheusQueryRejected';
  constructor(
    readonly kind: QueryKind,
    readonly query: string,
    readonly status: number,
    /** Prometheus' own words (its `error`), or `HTTP <status>`. */
    readonly reason: string,
  ) {
    super(kind === 'range' ? 'errorsPrometheus.rangeRejected' : 'errorsPrometheus.instantRejected', {
      query,
      status,
      reason,
    });
  }
}

/** A range query answered several series where the analysis compares one for the canary with one for stable. */
export class PrometheusTooManySeries extends Refusal {
  override readonly name = 'PrometheusTooManySeries';
  constructor(
    readonly query: string,
    /** Every series' labels as Prometheus writes them, e.g. `{code="200"}`. */
    readonly series: readonly string[],
  ) {
    // The first three name the series; the rest are counted.
    const shown = `${series.slice(0, 3).join(', ')}${series.length > 3 ? ', …' : ''}`;
    super('errorsPrometheus.tooManySeries', { query, count: series.length, series: shown });
  }
}

/** An instant query answered something other than a vector (a scalar, a string, a matrix). */
export class PrometheusNotAVector extends Refusal {
  override readonly name = 'PrometheusNotAVector';
  constructor(
    readonly query: string,
    readonly resultType: string,
  ) {
    super('errorsPrometheus.notAVector', { query, resultType });
  }
}

const labelSet = (metric: Record<string, string>): string =>
  `{${Object.entries(metric)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;

interface RangeResponse {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: {
    resultType: string;
    result: { metric: Record<string, string>; values?: [number, string][]; value?: [number, string] }[];
  };
}

export interface HttpPrometheusOptions {
  readonly attempts?: number;
  readonly backoffMs?: number;
  readonly timeoutMs?: number;
}

/** The Prometheus HTTP API (`/api/v1/query_range`, `/api/v1/query`), with retries and backoff for the transient failures. */
export class HttpPrometheus implements Prometheus {
  constructor(
    private readonly baseUrl: string,
    private readonly options: HttpPrometheusOptions = {},
  ) {}

  async rangeSeries(query: string, start: number, end: number, stepSeconds: number): Promise<Point[]> {
    const body = new URLSearchParams({ query, start: String(start), end: String(end), step: String(stepSeconds) });
    const answer = await this.ask('api/v1/query_range', body, query, 'range');
    const result = answer.data?.result ?? [];
    if (result.length > 1)
      throw new PrometheusTooManySeries(
        query,
        result.map((r) => labelSet(r.metric)),
      );
    return (result[0]?.values ?? []).map(([t, v]) => [Number(t), Number(v)] as const);
  }

  async rangeMatrix(query: string, start: number, end: number, stepSeconds: number): Promise<MatrixSeries[]> {
    const body = new URLSearchParams({ query, start: String(start), end: String(end), step: String(stepSeconds) });
    const answer = await this.ask('api/v1/query_range', body, query, 'range');
    return (answer.data?.result ?? []).map((r) => ({
      labels: { ...r.metric },
      points: (r.values ?? []).map(([t, v]) => [Number(t), Number(v)] as const),
    }));
  }

  async instantVector(query: string, time?: number): Promise<VectorSample[]> {
    const body = new URLSearchParams({ query, ...(time !== undefined && { time: String(time) }) });
    const answer = await this.ask('api/v1/query', body, query, 'instant');
    if (answer.data && answer.data.resultType !== 'vector')
      throw new PrometheusNotAVector(query, answer.data.resultType);
    return (answer.data?.result ?? []).map((r) => ({ labels: { ...r.metric }, value: Number(r.value?.[1]) }));
  }

  /** POSTs `body` to `path`: the query's fault (400/422) is refused at once; network errors and 5xx are retried, then PrometheusUnavailable. */
  private async ask(path: string, body: URLSearchParams, query: string, kind: QueryKind): Promise<RangeResponse> {
    const url = new URL(path, this.baseUrl.replace(/\/?$/, '/'));
    const attempts = this.options.attempts ?? 3;
    let last: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        last = error;
        await this.pause(attempt, attempts);
        continue;
      }
      // 400 bad_data / 422 execution errors are the query's fault: no retry, name the query.
      if (response.status === 400 || response.status === 422) {
        const answer = (await response.json().catch(() => ({}))) as RangeResponse;
        throw new PrometheusQueryRejected(kind, query, response.status, answer.error ?? `HTTP ${response.status}`);
      }
      if (!response.ok) {
        last = new Error(`HTTP ${response.status}`);
        await this.pause(attempt, attempts);
        continue;
      }
      return (await response.json()) as RangeResponse;
    }
    throw new PrometheusUnavailable(url.origin, attempts, (last as Error)?.message ?? String(last), { cause: last });
  }

  private async pause(attempt: number, attempts: number): Promise<void> {
    if (attempt < attempts)
      await new Promise((r) => setTimeout(r, (this.options.backoffMs ?? 500) * 2 ** (attempt - 1)));
  }
}
