import type { Person } from '../domain/chat.js';
import { jobId } from './queue.js';

/** The queue of canary analyses. */
export const ANALYSIS_QUEUE = 'analysis';

/** Judge an app's running canary against stable: asked for (/analyze), at a pause, or on a schedule. */
export interface AnalysisJob {
  readonly app: string;
  readonly trigger: 'command' | 'pause' | 'schedule';
  readonly windowSeconds?: number;
  /** Command: who asked and where to answer. */
  readonly requester?: Person;
  readonly channel?: string;
  readonly responseUrl?: string;
  /** Pause and schedule: the rollout position (revision/step) it was asked for; stale jobs end quietly. */
  readonly revision?: string;
}

/** Job ids: one analysis per request, per pause (revision and step), and per scheduled slot. */
export const analysisJobId = (app: string, key: string): string => jobId('analysis', app, key);
