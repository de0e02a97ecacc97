import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry } from 'prom-client';

export interface MetricsApp {
  /** host:port for Prometheus to scrape. */
  readonly target: string;
  stop(): Promise<void>;
}

/** A metrics app whose error ratio the test changes while it runs. */
export interface ControlledMetricsApp extends MetricsApp {
  /** From now on every `n`-th request fails (undefined: none do). */
  setErrorEvery(n: number | undefined): void;
}

/**
 * A tiny service instrumented with prom-client as real ones are (requests by status code, a latency
 * histogram), labelled with its pod template hash as Argo Rollouts labels pods. It serves a steady,
 * deterministic load of 100 requests a second: `errorEvery`-th requests fail, latencies cycle around `latencyMs`.
 */
export async function startMetricsApp(options: {
  hash: string;
  errorEvery?: number;
  latencyMs: number;
}): Promise<ControlledMetricsApp> {
  let errorEvery = options.errorEvery;
  const registry = new Registry();
  registry.setDefaultLabels({ rollouts_pod_template_hash: options.hash });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests served',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Request latency',
    buckets: [0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6],
    registers: [registry],
  });
  let served = 0;
  const load = setInterval(() => {
    for (let i = 0; i < 10; i++) {
      served++;
      const failed = errorEvery !== undefined && served % errorEvery === 0;
      requests.inc({ code: failed ? '500' : '200' });
      duration.observe((options.latencyMs * (0.5 + (served % 10) / 10)) / 1000);
    }
  }, 100);
  const scraped = await serveRegistry(registry);
  return {
    target: scraped.target,
    setErrorEvery(n) {
      errorEvery = n;
    },
    async stop() {
      clearInterval(load);
      await scraped.stop();
    },
  };
}

/** Serves a prom-client registry on a free loopback port, for Prometheus to scrape. */
export async function serveRegistry(registry: Registry): Promise<MetricsApp> {
  const server: Server = createServer((req, res) => {
    void registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
