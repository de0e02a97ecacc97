import type { Message, Person } from './chat.js';
import type { AppConfig } from './domain/config.js';
import { Refusal, UserFacingError } from './domain/errors.js';
import { checkWords, splitWords, type Grammar, type Words } from './domain/grammar.js';
import { explain, type Words as Wording } from './i18n/index.js';
import { authorize, type PolicyAction } from './domain/policy.js';
import { ECHO_LIMIT, quote } from './domain/quote.js';
import { closest } from './domain/suggest.js';
import type { Deps } from './deps.js';
import { safeJobId } from './queue.js';
import type { Operation } from './adapters/gitops-repo.js';
import {
  authorOf,
  editSummary,
  manifestTarget,
  requestTrailers,
  requestedBy,
  type Change,
  type ChangeDetail,
  type GitopsJob,
} from './change.js';
import type { ManifestEdit, ManifestTarget } from './domain/manifest.js';

/** A slash command as every way in (HTTP, Socket Mode, terminal) hands it over. */
export interface CommandRequest {
  /** Without the slash: `deploy`. */
  readonly command: string;
  readonly text: string;
  readonly userId: string;
  readonly userName?: string;
  readonly channel: string;
  /** Unique per invocation, the same for a redelivery (Slack's trigger id, else see domain/invocation.ts): the idempotency key of what it enqueues. */
  readonly requestId: string;
  readonly responseUrl?: string;
  /** The message whose button led here (a card to update in place). */
  readonly message?: { readonly channel: string; readonly ts: string };
}

export interface CommandDef {
  readonly name: string;
  readonly summary: string;
  readonly grammar: Grammar;
  /** Validates, authorises and enqueues; the returned message is the private acknowledgement. */
  run(request: CommandRequest, words: Words, deps: Deps): Promise<Message>;
}

/** What the gitops job needs from a command that changes the repo. */
export interface ChangeHandler<C extends Change = Change> {
  /** One line for people: "deploy `llm-api` → `nginx:1.27.0`". */
  describe(change: C): string;
  operation(change: C, job: GitopsJob, deps: Deps): Operation<ChangeDetail>;
}

/** An operation that edits one value in the app's manifest and commits it as `<subject> before → after`. */
export function manifestEdit(
  subject: string,
  appName: string,
  job: GitopsJob,
  deps: Deps,
  edit: (file: string, text: string, target: ManifestTarget) => ManifestEdit,
): Operation<ChangeDetail> {
  return {
    requestId: job.requestId,
    async apply(tree) {
      // The configuration may have changed since the job was queued.
      const app = requireApp(deps, appName);
      const result = edit(app.manifest, await tree.readFile(app.manifest), manifestTarget(app));
      const detail = editSummary(app.manifest, result.before, result.after, result.changed);
      if (!result.changed) return { detail };
      await tree.writeFile(app.manifest, result.text);
      const message = {
        subject: `${subject} ${result.before} → ${result.after}`,
        body: requestedBy(job),
        trailers: requestTrailers(job, appName),
      };
      return { detail, commit: { message, author: authorOf(job.requester) } };
    },
  };
}

export const parseWords = (request: CommandRequest, grammar: Grammar): Words => {
  const words = splitWords(request.text);
  checkWords(words, grammar);
  return words;
};

/** The app's configuration, or an error that suggests the closest names. */
export function requireApp(deps: Deps, name: string): AppConfig {
  const app = deps.config.apps[name];
  if (app) return app;
  const names = Object.keys(deps.config.apps);
  // Suggestions cost an edit distance per app: not worth it for text far longer than any name.
  const near = name.length <= ECHO_LIMIT ? closest(name, names) : [];
  throw new UserFacingError(
    'unknown-app',
    `There is no app ${quote(name)} in Kanaria's configuration.${near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?` : ''}`,
    names.length
      ? `Known apps: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ` and ${names.length - 20} more` : ''}.`
      : 'No apps are configured yet: add them under `apps:` in kanaria.yaml.',
  );
}

/** Resolves who is asking and applies the app environment's policy; refusals name the rule. */
export async function requirePermission(
  deps: Deps,
  userId: string,
  app: AppConfig,
  action: PolicyAction,
): Promise<Person> {
  const person = await deps.directory.identify(userId);
  const decision = authorize(deps.config, app.environment, action, {
    userId,
    groups: person.groups,
    ...(person.email !== undefined && { email: person.email }),
  });
  if (!decision.allowed) {
    throw new UserFacingError(
      'forbidden',
      `You may not ${action} to ${app.environment}: ${decision.rule} does not include you.`,
      'Ask someone listed there, or a Kanaria admin to change the policy in kanaria.yaml.',
    );
  }
  return person;
}

/** Enqueues a GitOps change and words the acknowledgement. */
export async function enqueueChange(
  deps: Deps,
  request: CommandRequest,
  change: Change,
  requester: Person,
  dryRun: boolean,
  summary: string,
): Promise<Message> {
  const job: GitopsJob = {
    change,
    dryRun,
    requester,
    channel: request.channel,
    requestId: request.requestId,
    requestedAt: Date.now(),
    ...(request.responseUrl !== undefined && { responseUrl: request.responseUrl }),
  };
  const { duplicate } = await deps.queues.gitops.add(safeJobId('gitops', request.requestId), job);
  if (duplicate) return { text: `This request was already received; Kanaria is handling it (${summary}).` };
  return {
    text: dryRun
      ? `Dry run queued: ${summary}. The plan and diff follow here; nothing will be committed.`
      : `Queued: ${summary}.`,
  };
}

/** How any failure becomes the private reply: a refusal in the requester's words, our own errors with a reference. */
export function errorReply(error: unknown, reference: string, t: Wording): Message {
  if (error instanceof Refusal) {
    const { message, hint } = explain(t, error);
    return { text: `:x: ${message}${hint ? `\n${hint}` : ''}` };
  }
  return {
    text: `:warning: Something went wrong inside Kanaria and nothing was queued (reference \`${reference}\`). Please try again; if it persists, tell the platform team.`,
  };
}
