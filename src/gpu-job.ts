import type { Person } from './chat.js';

export const GPU_QUEUE = 'gpu-report';

/** A GPU report: asked for with /gpu (optionally for one pool, node or namespace), or on the schedule. */
export interface GpuReportJob {
  /** `check`: the alert check (post only what is new); otherwise the report. */
  readonly kind?: 'report' | 'check';
  readonly scope?: { readonly kind: 'pool' | 'node' | 'namespace'; readonly name: string };
  readonly channel: string;
  readonly requester?: Person;
  readonly responseUrl?: string;
}

/** Which alert conditions were already told, so each episode is posted once (shared by replicas). */
export interface AlertLedger {
  /** The conditions that began and those that ended since the last `record`. */
  changes(current: ReadonlySet<string>): Promise<{ raised: string[]; cleared: string[] }>;
  /** Remembers the conditions that hold now: called once they were told, so a failed post is told again. */
  record(current: ReadonlySet<string>): Promise<void>;
}
