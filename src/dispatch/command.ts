import type { Message, Person } from '../chat.js';
import type { AppConfig } from '../domain/config.js';
import { UserFacingError } from '../domain/errors.js';
import { checkWords, splitWords, type Grammar, type Words } from '../domain/grammar.js';
import { authorize, type PolicyAction } from '../domain/policy.js';
import type { Deps } from '../boot/deps.js';

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

/** A command: parses, authorises, enqueues its job and acknowledges; the work is the job's (jobs/). */
export interface CommandDef {
  readonly name: string;
  readonly summary: string;
  readonly grammar: Grammar;
  /** Validates, authorises and enqueues; the returned message is the private acknowledgement. */
  run(request: CommandRequest, words: Words, deps: Deps): Promise<Message>;
}

export const parseWords = (request: CommandRequest, grammar: Grammar): Words => {
  const words = splitWords(request.text);
  checkWords(words, grammar);
  return words;
};

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
