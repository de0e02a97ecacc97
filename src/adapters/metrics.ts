import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AllocationSample } from '../domain/gpu-allocation.js';

/** Kanaria's own health, served at /metrics. One registry per thread, created by startKanaria (and the job thread). */
export function createMetrics(options: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  // Process metrics once per process: a job thread leaves them to the main thread.
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'kanaria_' });
  return {
    registry,
    webhookRequests: new Counter({
      name: 'kanaria_webhook_requests_total',
      help: 'POST /webhooks/image requests, by outcome (announced, deploying, duplicate, or why refused)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    commands: new Counter({
      name: 'kanaria_commands_total',
      help: 'Slash commands and button presses handled, by outcome',
      labelNames: ['command', 'outcome'] as const,
      registers: [registry],
    }),
    rejectedRequests: new Counter({
      name: 'kanaria_slack_requests_rejected_total',
      help: 'Slack requests refused before any handler ran',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'kanaria_jobs_total',
      help: 'Jobs finished, by queue and outcome',
      labelNames: ['queue', 'outcome'] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'kanaria_job_duration_seconds',
      help: 'Time from enqueue to job end',
      labelNames: ['queue'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    gitPushes: new Counter({
      name: 'kanaria_git_pushes_total',
      help: 'Pushes to the GitOps remote, by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    analysisRuns: new Counter({
      name: 'kanaria_analysis_runs_total',
      help: 'Canary analyses run, by app and verdict',
      labelNames: ['app', 'verdict'] as const,
      registers: [registry],
    }),
    redisDurable: new Gauge({
      name: 'kanaria_redis_durable',
      help: '1 when Redis keeps every queued job through its own crash or restart (AOF fsynced at least every second), else 0',
      registers: [registry],
    }),
    redisEvictionSafe: new Gauge({
      name: 'kanaria_redis_eviction_safe',
      help: '1 when Redis never evicts keys (maxmemory-policy noeviction, or no limit), else 0',
      registers: [registry],
    }),
    budgetGate: new Counter({
      name: 'kanaria_error_budget_gate_total',
      help: 'Forward changes checked by the error-budget gate and freeze windows, by environment and outcome',
      labelNames: ['environment', 'outcome'] as const,
      registers: [registry],
    }),
    overrides: new Counter({
      name: 'kanaria_error_budget_overrides_total',
      help: 'Break-glass overrides approved (changes that went ahead despite the error budget or a freeze)',
      labelNames: ['app', 'environment'] as const,
      registers: [registry],
    }),
    slackErrors: new Counter({
      name: 'kanaria_slack_api_errors_total',
      help: 'Failed Slack Web API calls',
      labelNames: ['method'] as const,
      registers: [registry],
    }),
    // Showback (`/gpu usage`): GPU allocation as the last inventory read saw it (src/domain/gpu-allocation.ts).
    gpuAllocated: new Gauge({
      name: 'kanaria_gpu_allocated',
      help: 'GPU units (whole GPUs, MIG slices or shared replicas) held by pods, as the last GPU inventory read saw them',
      labelNames: ['namespace', 'pool', 'product', 'resource', 'kind'] as const,
      registers: [registry],
    }),
    gpuAllocatedEquivalents: new Gauge({
      name: 'kanaria_gpu_allocated_equivalents',
      help: 'The same GPU units in GPU-equivalents (a 1g.10gb slice of a 7-slice GPU is 1/7, a replica 1/replicas)',
      labelNames: ['namespace', 'pool', 'product', 'resource', 'kind'] as const,
      registers: [registry],
    }),
    gpuNodes: new Gauge({
      name: 'kanaria_gpu_nodes',
      help: 'GPU nodes (1 each) with their pool and product, as the last GPU inventory read saw them',
      labelNames: ['node', 'pool', 'product'] as const,
      registers: [registry],
    }),
    gpuInventoryRead: new Gauge({
      name: 'kanaria_gpu_inventory_read_timestamp_seconds',
      help: 'When this replica last read the GPU inventory (showback takes the allocation of the replica that read last)',
      aggregator: 'max',
      registers: [registry],
    }),
    slackRateLimited: new Counter({
      name: 'kanaria_slack_rate_limited_total',
      help: 'Slack Web API calls refused with 429, each waited out and tried again',
      labelNames: ['method'] as const,
      registers: [registry],
    }),
  };
}

export type KanariaMetrics = ReturnType<typeof createMetrics>;

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

/** Jobs per queue and state, read from Redis at scrape time (so every replica reports the shared queues). */
export function queueDepthGauge(registry: Registry, queues: readonly Queue[]): void {
  new Gauge({
    name: 'kanaria_queue_jobs',
    help: 'Jobs in each queue by state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      await Promise.all(
        queues.map(async (queue) => {
          const counts = await queue.getJobCounts(...STATES).catch(() => undefined);
          if (!counts) return;
          this.set({ queue: queue.name, state: 'waiting' }, (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0));
          for (const state of ['active', 'delayed', 'failed'] as const)
            this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }),
      );
    },
  });
}

/** Replaces the recorded GPU allocation with one inventory read's (`nodes`: name, pool, product of each GPU node). */
export function recordGpuAllocation(
  metrics: KanariaMetrics,
  samples: readonly AllocationSample[],
  nodes: readonly { readonly name: string; readonly pool: string; readonly product: string }[],
  nowMs: number,
): void {
  metrics.gpuAllocated.reset();
  metrics.gpuAllocatedEquivalents.reset();
  metrics.gpuNodes.reset();
  for (const { labels, units, equivalents } of samples) {
    metrics.gpuAllocated.set(labels, units);
    metrics.gpuAllocatedEquivalents.set(labels, equivalents);
  }
  for (const n of nodes) metrics.gpuNodes.set({ node: n.name, pool: n.pool, product: n.product }, 1);
  metrics.gpuInventoryRead.set(nowMs / 1000);
}
