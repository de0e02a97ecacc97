import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the load generator sends: `rate` signed slash commands per second, each with its own body and trigger id. */
export interface LoadSpec {
  readonly url: string;
  readonly signingSecret: string;
  readonly rate: number;
  /** Measured seconds, after `warmupSeconds` of the same load whose answers are not counted. */
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly command: string;
  /** Command text; `{n}` becomes a number unique in the whole run, so no two bodies (or signatures) repeat. */
  readonly text: string;
  readonly firstN: number;
  readonly responseUrl: string;
  /** When set, a 2xx answer whose body lacks this text counts as `unexpected` (e.g. an error reply). */
  readonly expect?: string;
}

export interface LoadResult {
  /** Requests sent, warm-up included. */
  readonly sent: number;
  /** Latency of each counted request, from its scheduled send time to the end of the answer. */
  readonly latenciesMs: number[];
  readonly non2xx: number;
  /** Network errors and timeouts. */
  readonly errors: number;
  readonly unexpected: number;
  readonly statuses: Record<string, number>;
  /** How late the generator itself sent its worst request: if large, the generator, not the server, was the bottleneck. */
  readonly maxSendLagMs: number;
}

const CHILD = fileURLToPath(new URL('./load-child.ts', import.meta.url));

/** The line the generator prints when the warm-up is over and the counted requests begin. */
export const MEASURING = 'measuring';

/**
 * Runs the generator in a child process: its CPU and event loop then stay out of the measured server's
 * process, as Slack's would (the servers under test all run in the benchmark's own process).
 * `onMeasuring` runs when the warm-up ends, so server-side figures can skip it too.
 */
export async function runLoad(spec: LoadSpec, onMeasuring: () => void = () => undefined): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const before = out;
    out += chunk;
    if (!before.includes(MEASURING) && out.includes(`${MEASURING}\n`)) onMeasuring();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const last = out.trim().split('\n').pop();
  if (code !== 0 || !last) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(last) as LoadResult;
}
