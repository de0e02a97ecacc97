/**
 * Open-loop load generator (child process of runLoad). Every request leaves on its schedule whether or not
 * earlier ones were answered, so a slow server cannot slow the load down and hide its own latency; the
 * latency is measured from the scheduled time, so any lateness of the generator counts against the server
 * rather than vanishing (no coordinated omission).
 */
import { performance } from 'node:perf_hooks';
import { sign, slashCommand } from '../../test/helpers/slack-requests.js';
import { MEASURING, type LoadResult, type LoadSpec } from './load.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const intervalMs = 1000 / spec.rate;
const warmup = Math.round(spec.warmupSeconds * spec.rate);
const total = warmup + Math.round(spec.seconds * spec.rate);

const latenciesMs: number[] = [];
const statuses: Record<string, number> = {};
let non2xx = 0;
let errors = 0;
let unexpected = 0;
let maxSendLagMs = 0;

/** One freshly signed command: unique text and trigger id, signed now (the replay guard refuses a repeated signature). */
async function send(i: number, dueAt: number, counted: boolean): Promise<void> {
  const n = spec.firstN + i;
  const body = slashCommand(spec.command, spec.text.replace('{n}', String(n)), {
    triggerId: `${Date.now()}.${n}.0123456789abcdef0123456789abcdef`,
    responseUrl: spec.responseUrl,
  });
  if (counted) maxSendLagMs = Math.max(maxSendLagMs, performance.now() - dueAt);
  try {
    const response = await fetch(spec.url, {
      method: 'POST',
      headers: sign(spec.signingSecret, body, Math.floor(Date.now() / 1000)),
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const latency = performance.now() - dueAt;
    if (!counted) return;
    latenciesMs.push(latency);
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    if (response.status < 200 || response.status > 299) non2xx++;
    else if (spec.expect !== undefined && !text.includes(spec.expect)) unexpected++;
  } catch {
    if (counted) errors++;
  }
}

const inFlight: Promise<void>[] = [];
const start = performance.now() + 20;
for (let i = 0; i < total; i++) {
  const dueAt = start + i * intervalMs;
  const wait = dueAt - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  if (i === warmup) process.stdout.write(`${MEASURING}\n`);
  inFlight.push(send(i, dueAt, i >= warmup));
}
await Promise.all(inFlight);

const result: LoadResult = { sent: total, latenciesMs, non2xx, errors, unexpected, statuses, maxSendLagMs };
process.stdout.write(`${JSON.stringify(result)}\n`);
