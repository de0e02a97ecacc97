import type { Person, Posted } from './chat.js';
import { TRAILER } from './domain/commits.js';
import type { AppConfig } from './domain/config.js';
import type { ManifestTarget } from './domain/manifest.js';

/** The changes (and reads) of the GitOps repo that commands enqueue and the gitops job carries out. */
export interface DeployChange {
  readonly kind: 'deploy';
  readonly app: string;
  readonly image: string;
}
export interface ScaleChange {
  readonly kind: 'scale';
  readonly app: string;
  readonly replicas: number;
}
export interface RollbackChange {
  readonly kind: 'rollback';
  readonly app: string;
  /** The commit to revert; the app's last Kanaria change when absent. */
  readonly commit?: string;
}
export interface HistoryChange {
  readonly kind: 'history';
  readonly app: string;
  readonly limit: number;
}
export interface StatusChange {
  readonly kind: 'status';
  readonly app: string;
}
export type Change = DeployChange | ScaleChange | RollbackChange | HistoryChange | StatusChange;

/** A request that changes (or reads) the GitOps repo; everything a retry needs to finish it. */
export interface GitopsJob {
  readonly change: Change;
  readonly dryRun: boolean;
  readonly requester: Person;
  /** Where the command was typed: the change is announced there. */
  readonly channel: string;
  readonly requestId: string;
  readonly requestedAt: number;
  readonly responseUrl?: string;
  /** The in-channel message, once posted: a retry updates it instead of posting again. */
  readonly announcement?: Posted;
  /** Unix seconds when an attempt began posting the announcement (see jobs/announce.ts). */
  readonly announcing?: number;
  /** Thread replies already posted, by kind. */
  readonly replied?: readonly string[];
}

/** What a change did (or found already done), in words for the reply in the thread. */
export interface ChangeDetail {
  /** e.g. "nginx:1.25.0 → nginx:1.27.0 in `apps/web/deployment.yaml`", or, unchanged, "`apps/web/deployment.yaml` already has nginx:1.27.0". */
  readonly summary: string;
}

/** The usual wording for an edit of one value in one file. */
export const editSummary = (path: string, before: string, after: string, changed: boolean): ChangeDetail => ({
  summary: changed ? `${before} → ${after} in \`${path}\`` : `\`${path}\` already has ${after}`,
});

/** The commit's author: the Slack user when their e-mail is known, else Kanaria itself (the trailer still names them). */
export const authorOf = (person: Person): { name: string; email: string } | undefined =>
  person.email ? { name: person.name ?? person.id, email: person.email } : undefined;

/** Trailers that tie a commit to the Slack user and request. */
export const requestTrailers = (job: GitopsJob, app: string): Record<string, string | undefined> => ({
  [TRAILER.slackUser]: job.requester.id,
  [TRAILER.slackRequest]: job.announcement?.permalink,
  [TRAILER.app]: app,
});

export const requestedBy = (job: GitopsJob): string =>
  `Requested by ${job.requester.name ?? job.requester.id} (Slack user ${job.requester.id}) through Kanaria.`;

/** How the manifest editors find the app's image and replicas. */
export const manifestTarget = (app: AppConfig): ManifestTarget => ({
  ...(app.format !== undefined && { format: app.format }),
  ...(app.container !== undefined && { container: app.container }),
  ...(app.workload !== undefined && { workload: app.workload }),
});
