import type { Logger } from 'pino';
import type { Operation } from '../src/adapters/gitops-repo.js';
import type { ChangeDetail } from '../src/blocks/changes.js';
import type { Message, Person, Posted } from '../src/domain/chat.js';
import { requireApp } from '../src/domain/apps.js';
import { isWebhookRequester } from '../src/domain/build-webhook.js';
import { reclaimPolicyNamespace } from '../src/domain/gpu-reclaim.js';
import { TRAILER } from '../src/domain/commits.js';
import type { AppConfig } from '../src/domain/config.js';
import type { ManifestEdit, ManifestTarget } from '../src/domain/manifest.js';
import type { JobDeps } from '../src/boot/deps.js';
import type { Words } from '../src/i18n/index.js';
import type { Change, GitopsJob, Override, QuorumReached } from '../src/queues/gitops.js';

/** Who asked for a change and where it was announced: what its commit records. */
export interface ChangeRequest {
  readonly requestId: string;
  readonly requester: Person;
  /** The change's announcement: its permalink goes into the commit (absent for a dry run). */
  readonly announcement?: Posted;
  /** A break-glass override, approved: its reason and approver go into the commit. */
  readonly override?: Override;
  /** Quorum approvals reached (policies.<env>.approvals): one `Approved-by:` trailer per approver. */
  readonly quorum?: QuorumReached;
}

/** What a change may do once its commit is pushed. */
export interface AfterPush {
  readonly deps: JobDeps;
  readonly data: GitopsJob;
  readonly log: Logger;
  /** A reply in the change's thread, posted once per `kind`, in the words of whoever reads it (the channel). */
  thread(kind: string, words: (t: Words) => Message): Promise<void>;
}

/** Everything the gitops job (and a dry run) needs to know about one kind of change. */
export interface ChangeRunner<C extends Change> {
  /** The edit of the repo; a dry run applies it to a scratch tree and shows the diff. */
  operation(change: C, request: ChangeRequest, deps: JobDeps): Operation<ChangeDetail>;
  /** Follow-ups once pushed, before Argo CD is asked to sync (e.g. a rollback aborts a running canary). */
  afterPush?(change: C, after: AfterPush): Promise<void>;
  /** Whether the pushed reply offers a Roll back button. */
  readonly undoable: boolean;
}

/** The commit's author: the Slack user when their e-mail is known, else Kanaria itself (the trailer still names them). */
export const authorOf = (person: Person): { name: string; email: string } | undefined =>
  person.email ? { name: person.name ?? person.id, email: person.email } : undefined;

/** Trailers that tie a commit to the Slack user and request. */
export const requestTrailers = (
  request: ChangeRequest,
  app: string,
): Record<string, string | readonly string[] | undefined> => ({
  // A deploy the image webhook made by itself names no Slack user: its body says who asked (requestedBy).
  [TRAILER.slackUser]:
    isWebhookRequester(request.requester) || reclaimPolicyNamespace(request.requester) !== undefined
      ? undefined
      : request.requester.id,
  [TRAILER.slackRequest]: request.announcement?.permalink,
  [TRAILER.app]: app,
  ...(request.override?.approvedBy && { [TRAILER.overrideReason]: request.override.reason }),
  [TRAILER.approvedBy]: approvers(request).map(personLine),
  [TRAILER.policy]: policyOf(request),
});

/** `gpu.reclaim/<namespace>` for a release nobody answered (jobs/gpu-reclaim.ts); none for a person's change. */
const policyOf = (request: ChangeRequest): string | undefined => {
  const namespace = reclaimPolicyNamespace(request.requester);
  return namespace === undefined ? undefined : `gpu.reclaim/${namespace}`;
};

/** Everyone who approved the change: the break-glass approver, then the quorum, each once. */
const approvers = (request: ChangeRequest): Person[] => {
  const all = [
    ...(request.override?.approvedBy ? [request.override.approvedBy] : []),
    ...(request.quorum?.approvedBy ?? []),
  ];
  return all.filter((person, at) => all.findIndex((p) => p.id === person.id) === at);
};

/** `Bob Stone <bob@example.com> (Slack user U0BOB)`, as much of it as is known (renderCommitMessage keeps it on one line). */
const personLine = (person: Person): string =>
  `${person.name ?? person.id}${person.email ? ` <${person.email}>` : ''} (Slack user ${person.id})`;

export const requestedBy = (request: ChangeRequest): string =>
  isWebhookRequester(request.requester)
    ? 'Deployed by Kanaria on behalf of the image webhook: CI announced a new build and the pipeline says autoDeploy.'
    : reclaimPolicyNamespace(request.requester) !== undefined
      ? `Scaled to 0 by Kanaria on behalf of the GPU reclaim policy of namespace ${reclaimPolicyNamespace(request.requester)} (gpu.reclaim.namespaces.${reclaimPolicyNamespace(request.requester)}.auto): its GPUs sat idle and nobody answered the offer by its deadline.`
      : `Requested by ${request.requester.name ?? request.requester.id} (Slack user ${request.requester.id}) through Kanaria.`;

/** How the manifest editors find the app's image and replicas. */
export const manifestTarget = (app: AppConfig): ManifestTarget => ({
  ...(app.format !== undefined && { format: app.format }),
  ...(app.container !== undefined && { container: app.container }),
  ...(app.workload !== undefined && { workload: app.workload }),
});

/** An operation that edits one value in the app's manifest and commits it as `<subject> before → after`. */
export function manifestEdit(
  subject: string,
  appName: string,
  request: ChangeRequest,
  deps: JobDeps,
  edit: (file: string, text: string, target: ManifestTarget) => ManifestEdit,
): Operation<ChangeDetail> {
  return {
    requestId: request.requestId,
    async apply(tree) {
      // The configuration may have changed since the job was queued.
      const app = requireApp(deps, appName);
      const result = edit(app.manifest, await tree.readFile(app.manifest), manifestTarget(app));
      const detail: ChangeDetail = {
        kind: 'edit',
        path: app.manifest,
        before: result.before,
        after: result.after,
        changed: result.changed,
      };
      if (!result.changed) return { detail };
      await tree.writeFile(app.manifest, result.text);
      const message = {
        subject: `${subject} ${result.before} → ${result.after}`,
        body: requestedBy(request),
        trailers: requestTrailers(request, appName),
      };
      return { detail, commit: { message, author: authorOf(request.requester) } };
    },
  };
}
