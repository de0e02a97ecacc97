import type { Operation } from './adapters/gitops-repo.js';
import type { AppConfig } from './domain/config.js';
import type { ManifestTarget } from './domain/manifest.js';
import type { Person } from './chat.js';
import { TRAILER } from './domain/commits.js';
import type { Deps } from './deps.js';
import type { Change, GitopsJob } from '../jobs/gitops.js';

/** What the gitops job needs from a command that changes the repo. */
export interface ChangeHandler<C extends Change = Change> {
  /** One line for people: "deploy `llm-api` → `nginx:1.27.0`". */
  describe(change: C): string;
  operation(change: C, job: GitopsJob, deps: Deps): Operation<ChangeDetail>;
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
