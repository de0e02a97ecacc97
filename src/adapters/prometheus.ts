import { UserFacingError } from '../domain/errors.js';
import type { Point } from '../domain/verdict.js';

/** Prometheus as the analysis needs it: one range query, one series (or none); and instant vectors for the GPU report. */
export interface Prometheus {
  /** The series of `query` over [start, end] at `stepSeconds` (unix seconds); [] when it has no data. */
  rangeSeries(query: string, start: number, end: number, stepSeconds: number): Promise<Point[]>;
  /** The instant vector of `query` at `time` (unix seconds, default now): one sample per series; [] when it has no data. */
  instantVector(query: string, time?: number): Promise<VectorSample[]>;
}

/** One series of an instant vector: its labels (without `__name__` once aggregated) and its value (NaN stays NaN). */
export interface VectorSample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Prometheus could not be asked (down, slow, 5xx): the analysis is inconclusive, never a pass. */
export class PrometheusUnavailable extends Error {
  override readonly name = 'PrometheusUnavailable';
}

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
    const answer = await this.ask(
      'api/v1/query_range',
      body,
      query,
      'Fix the query in apps.<app>.analysis in kanaria.yaml.',
    );
    const result = answer.data?.result ?? [];
    if (result.length > 1) {
      const labels = result.slice(0, 3).map(
        (r) =>
          `{${Object.entries(r.metric)
            .map(([k, v]) => `${k}="${v}"`)
            .join(',')}}`,
      );
      throw new UserFacingError(
        'bad-arguments',
        `The query \`${query}\` returns ${result.length} series (${labels.join(', ')}${result.length > 3 ? ', …' : ''}) where one is expected.`,
        'Aggregate it to one series, e.g. sum(…) or sum by () (…).',
      );
    }
    return (result[0]?.values ?? []).map(([t, v]) => [Number(t), Number(v)] as const);
  }

  async instantVector(query: string, time?: number): Promise<VectorSample[]> {
    const body = new URLSearchParams({ query, ...(time !== undefined && { time: String(time) }) });
    const answer = await this.ask(
      'api/v1/query',
      body,
      query,
      'Check the query and the settings under gpu in kanaria.yaml.',
    );
    if (answer.data && answer.data.resultType !== 'vector') {
      throw new UserFacingError(
        'bad-arguments',
        `The query \`${query}\` returns a ${answer.data.resultType} where an instant vector is expected.`,
      );
    }
    return (answer.data?.result ?? []).map((r) => ({ labels: { ...r.metric }, value: Number(r.value?.[1]) }));
  }

  /** POSTs `body` to `path`: the query's fault (400/422) is a UserFacingError at once; network errors and 5xx are retried, then PrometheusUnavailable. */
  private async ask(path: string, body: URLSearchParams, query: string, hint: string): Promise<RangeResponse> {
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
        throw new UserFacingError(
          'bad-arguments',
          `Prometheus rejected the query \`${query}\`: ${answer.error ?? `HTTP ${response.status}`}`,
          hint,
        );
      }
      if (!response.ok) {
        last = new Error(`HTTP ${response.status}`);
        await this.pause(attempt, attempts);
        continue;
      }
      return (await response.json()) as RangeResponse;
    }
    throw new PrometheusUnavailable(
      `Prometheus at ${url.origin} did not answer after ${attempts} attempts: ${(last as Error)?.message ?? String(last)}`,
    );
  }

  private async pause(attempt: number, attempts: number): Promise<void> {
    if (attempt < attempts)
      await new Promise((r) => setTimeout(r, (this.options.backoffMs ?? 500) * 2 ** (attempt - 1)));
  }
}
