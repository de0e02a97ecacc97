/** Small helpers shared by the benchmarks: progress on stderr, the result on stdout, and statistics. */

/** Progress goes to stderr so that stdout carries only the result line. */
export const progress = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

/** The one JSON object a benchmark reports, as the last line of stdout. */
export const printResult = (result: object): void => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Nearest-rank percentile (p in 0..100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function summarize(values: readonly number[], digits = 1): Summary {
  return {
    n: values.length,
    p50: round(percentile(values, 50), digits),
    p95: round(percentile(values, 95), digits),
    p99: round(percentile(values, 99), digits),
    max: round(percentile(values, 100), digits),
  };
}

/** Polls `check` until it returns a value; for waits whose timing is recorded elsewhere. */
export async function waitUntil<T>(
  what: string,
  check: () => T | undefined | false,
  timeoutMs: number,
  everyMs = 2,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Sum of a Prometheus counter's samples whose labels contain `labels`, read from Kanaria's /metrics on `port`. */
export async function counter(target: { port: number }, name: string, labels: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${target.port}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}
