import type { Message, Person } from '../domain/chat.js';
import type { AppConfig } from '../domain/config.js';
import { CodedRefusal } from '../domain/errors.js';
import { checkWords, splitWords, type Grammar, type Words as Typed } from '../domain/grammar.js';
import { authorize, type PolicyAction } from '../domain/policy.js';
import type { en } from '../i18n/en/index.js';
import type { Words } from '../i18n/index.js';
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

/** What a command is given for one request: what was typed (checked against its grammar), and the requester's words. */
export interface CommandContext extends Typed {
  readonly request: CommandRequest;
  readonly deps: Deps;
  /**
   * The requester's words (their Slack locale, else the channel's default, else the workspace's), resolved once
   * per request: the acknowledgement speaks the language of any refusal.
   */
  readonly t: Words;
}

/** The name of a command: every one has its line in the help (the catalog's `help.summaries`). */
export type CommandName = keyof typeof en.help.summaries;

/** A command: parses, authorises, enqueues its job and acknowledges; the work is the job's (jobs/). */
export interface CommandDef {
  /** Without the slash; its help line is the catalog's `help.summaries.<name>`. */
  readonly name: CommandName;
  readonly grammar: Grammar;
  /** Validates, authorises and enqueues; the returned message is the private acknowledgement. */
  run(context: CommandContext): Promise<Message>;
}

/**
 * A subcommand (`/gpu idle`, …): its own grammar checks the words after the subcommand's name, and `args` in the
 * context it is given are those words. The command that owns it keeps a table of them (commands/gpu.ts).
 */
export interface Subcommand {
  readonly grammar: Grammar;
  run(context: CommandContext): Promise<Message>;
}

export const parseWords = (request: CommandRequest, grammar: Grammar): Typed => {
  const words = splitWords(request.text, grammar.options);
  checkWords(words, grammar);
  return words;
};

/**
 * The policy of the app's environment does not let this person do `action`. Facts: the `environment`, and the
 * `rule` that does not include them, or none when no policy covers the environment.
 */
export class Forbidden extends CodedRefusal {
  override readonly name = 'Forbidden';
  constructor(
    readonly action: PolicyAction,
    environment: string,
    rule: string | undefined,
  ) {
    super(
      'forbidden',
      rule === undefined ? `refusals.forbidden.${action}Uncovered` : `refusals.forbidden.${action}`,
      rule === undefined ? { environment } : { environment, rule },
    );
  }
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
  if (!decision.allowed) throw new Forbidden(action, app.environment, 'rule' in decision ? decision.rule : undefined);
  return person;
}
