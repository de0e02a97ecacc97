import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Kanaria's own health, served at /metrics. One registry per process, created in main.ts. */
export function createMetrics(options: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  // Process metrics once per process: a job thread leaves them to the main thread.
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'kanaria_process_' });
  return {
    registry,
    commands: new Counter({ name: 'kanaria_commands_total', help: 'Slash commands and button presses handled, by outcome', labelNames: ['command', 'outcome'] as const, registers: [registry] }),
    rejectedRequests: new Counter({ name: 'kanaria_slack_requests_rejected_total', help: 'Slack requests refused before any handler ran', labelNames: ['reason'] as const, registers: [registry] }),
    jobs: new Counter({ name: 'kanaria_jobs_total', help: 'Jobs finished, by queue and outcome', labelNames: ['queue', 'outcome'] as const, registers: [registry] }),
    jobDuration: new Histogram({ name: 'kanaria_job_duration_seconds', help: 'Time from enqueue to job end', labelNames: ['queue'] as const, buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300], registers: [registry] }),
    gitPushes: new Counter({ name: 'kanaria_git_pushes_total', help: 'Pushes to the GitOps remote, by outcome', labelNames: ['outcome'] as const, registers: [registry] }),
    slackErrors: new Counter({ name: 'kanaria_slack_api_errors_total', help: 'Failed Slack Web API calls', labelNames: ['method'] as const, registers: [registry] }),
  };
}

export type KanariaMetrics = ReturnType<typeof createMetrics>;
