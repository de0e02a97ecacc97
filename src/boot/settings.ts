import type { JobsOptions } from 'bullmq';
import type { Config } from '../domain/config.js';

/** Kanaria's own files beside a checkout: the terminal's log, its private Redis, the working copy, the first run's repo. */
export const STATE_DIR = '.kanaria';

/**
 * What one process runs: everything (`all`, the default), only the ways in from Slack (`receiver`: commands
 * and buttons are answered and queued, no git, no Kubernetes), or only the jobs (`worker`). Split, the pods
 * that face Slack hold neither the Git credentials nor the cluster role.
 */
export type Role = 'all' | 'receiver' | 'worker';

/** How Slack reaches the process, or the terminal adapter when nothing does. */
export type Mode = 'http' | 'socket' | 'terminal';

export interface SlackSettings {
  readonly botToken: string;
  readonly signingSecret?: string;
  /** Socket Mode when set. */
  readonly appToken?: string;
  readonly apiUrl?: string;
  /** Known ids spare Bolt an auth.test call per request (tests). */
  readonly botId?: string;
  readonly botUserId?: string;
}

/**
 * Everything Kanaria is started with, as plain data: read once from the environment and kanaria.yaml (env.ts),
 * handed to every builder, and to the job thread as it is.
 */
export interface Settings {
  readonly config: Config;
  readonly redisUrl: string;
  /** What this process runs; default `all`. */
  readonly role?: Role;
  /** The GitOps remote and the working copy's directory: needed wherever jobs run (not by a receiver). */
  readonly gitopsUrl?: string;
  readonly workdir?: string;
  /** Slack credentials; absent for the terminal adapter, which brings its own chat and directory. */
  readonly slack?: SlackSettings;
  /** Port of the HTTP server (Slack events in HTTP mode, health and metrics always); 0 picks a free one; none: no server. */
  readonly port?: number;
  /** Run the queue workers on their own thread (with Slack only); otherwise on this event loop. */
  readonly jobThread?: boolean;
  readonly gitopsConcurrency?: number;
  /** Attempts and backoff of jobs (tests shorten them). */
  readonly jobOptions?: JobsOptions;
  /** Kubernetes credentials (a kubeconfig path, or in-cluster when empty); absent: no cluster access. */
  readonly kube?: { readonly path?: string; readonly watchSeconds?: number };
  /** Lock of a running job; a killed worker's job is taken over after it (tests shorten it). */
  readonly lockDurationMs?: number;
  /** How often each queue gets a heartbeat job, and how late one may be taken before readiness fails. */
  readonly heartbeat?: { readonly intervalMs: number; readonly deadlineMs: number };
  /** The secret of POST /webhooks/image (KANARIA_WEBHOOK_SECRET): the route is served only when set. Never logged. */
  readonly webhookSecret?: string;
  /** Prometheus for canary analysis (PROMETHEUS_URL). */
  readonly prometheusUrl?: string;
  /** How often the workers fetch the GitOps remote to notice commits made outside Kanaria (default 60 s; 0: never). */
  readonly outsideFetchMs?: number;
  /** The job thread's log level (default: the logger's). */
  readonly logLevel?: string;
}
