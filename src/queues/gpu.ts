import type { Person, Posted } from '../domain/chat.js';
import type { UsagePeriodName } from '../domain/gpu-usage.js';
import { safeJobId } from './queue.js';

/** The queue of GPU reports and alert checks. */
export const GPU_QUEUE = 'gpu-report';

/** A GPU report: asked for with /gpu (optionally for one pool, node or namespace), or on the schedule. */
export interface GpuCapacityJob {
  /** `check`: the alert check (post only what is new); otherwise the report. */
  readonly kind?: 'report' | 'check';
  readonly scope?: { readonly kind: 'pool' | 'node' | 'namespace'; readonly name: string };
  readonly channel: string;
  readonly requester?: Person;
  readonly responseUrl?: string;
  /** The report, once posted, and the files uploaded into its thread (jobs/post-once.ts). */
  readonly posted?: Posted;
  readonly uploaded?: readonly string[];
}

/** `/gpu usage`: showback in GPU-hours over a period, for every namespace or one namespace or pool. */
export interface GpuUsageJob {
  readonly kind: 'usage';
  readonly scope?: { readonly kind: 'pool' | 'namespace'; readonly name: string };
  readonly period: UsagePeriodName;
  readonly channel: string;
  readonly requester?: Person;
  readonly responseUrl?: string;
  /** The showback, once posted, and the files uploaded into its thread (jobs/post-once.ts). */
  readonly posted?: Posted;
  readonly uploaded?: readonly string[];
}

/** `/gpu why <namespace>/<pod|workload>`: why it waits, answered privately (jobs/gpu-why.ts). */
export interface GpuWhyJob {
  readonly kind: 'why';
  readonly target: { readonly namespace: string; readonly name: string };
  readonly channel: string;
  readonly requester?: Person;
  readonly responseUrl?: string;
}

/** What the gpu-report queue runs. */
export type GpuReportJob = GpuCapacityJob | GpuUsageJob | GpuWhyJob;

/** A `/gpu` request: one job per request, so a redelivery does nothing. */
export const gpuJobId = (requestId: string): string => safeJobId('gpu', requestId);
