import type { Logger } from 'pino';
import type { Operation } from '../src/adapters/gitops-repo.js';
import type { Message, Person, Posted } from '../src/chat.js';
import { TRAILER } from '../src/domain/commits.js';
import type { JobDeps } from '../src/deps.js';
import type { Change, GitopsJob } from '../src/queues/gitops.js';

/** Who asked for a change and where it was announced: what its commit records. */
export interface ChangeRequest {
  readonly requestId: string;
  readonly requester: Person;
  /** The change's announcement: its permalink goes into the commit (absent for a dry run). */
  readonly announcement?: Posted;
}

/** What a change did (or found already done), in words for the reply in the thread. */
export interface ChangeDetail {
  /** e.g. "nginx:1.25.0 → nginx:1.27.0 in `apps/web/deployment.yaml`", or, unchanged, "`apps/web/deployment.yaml` already has nginx:1.27.0". */
  readonly summary: string;
}

/** What a change may do once its commit is pushed. */
export interface AfterPush {
  readonly deps: JobDeps;
  readonly data: GitopsJob;
  readonly log: Logger;
  /** A reply in the change's thread, posted once per `kind`. */
  thread(kind: string, message: Message): Promise<void>;
}

/** Everything the gitops job (and a dry run) needs to know about one kind of change. */
export interface ChangeRunner<C extends Change> {
  /** One line for people: "deploy `llm-api` → `nginx:1.27.0`". */
  describe(change: C): string;
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
export const requestTrailers = (request: ChangeRequest, app: string): Record<string, string | undefined> => ({
  [TRAILER.slackUser]: request.requester.id,
  [TRAILER.slackRequest]: request.announcement?.permalink,
  [TRAILER.app]: app,
});

export const requestedBy = (request: ChangeRequest): string =>
  `Requested by ${request.requester.name ?? request.requester.id} (Slack user ${request.requester.id}) through Kanaria.`;
