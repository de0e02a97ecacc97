import type { Person } from './chat.js';

export const GPU_QUEUE = 'gpu-report';

/** A GPU report: asked for with /gpu (optionally for one pool, node or namespace), or on the schedule. */
export interface GpuReportJob {
  readonly scope?: { readonly kind: 'pool' | 'node' | 'namespace'; readonly name: string };
  readonly channel: string;
  readonly requester?: Person;
  readonly responseUrl?: string;
}
