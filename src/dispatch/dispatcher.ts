import { randomUUID } from 'node:crypto';
import type { Message } from '../chat.js';
import { Refusal, UserFacingError } from '../domain/errors.js';
import { explain, requesterLocale, wordsFor, type Words } from '../i18n/index.js';
import { quote } from '../domain/quote.js';
import { closest } from '../domain/suggest.js';
import type { Deps } from '../boot/deps.js';
import { parseWords, type CommandDef, type CommandRequest } from './command.js';

/** A button press, as every way in hands it over. */
export interface ActionRequest {
  readonly actionId: string;
  readonly value: string;
  readonly userId: string;
  readonly channel: string;
  /** Stable for one button on one message, so a double click enqueues once. */
  readonly requestId: string;
  readonly responseUrl?: string;
  /** The message the button is on. */
  readonly message?: { readonly channel: string; readonly ts: string };
}

/** What a button does: it re-enters the command path as the presser, with the same checks. */
export interface ActionDef {
  readonly actionId: string;
  toCommand(value: string): { command: string; text: string };
}

export interface Dispatcher {
  command(request: CommandRequest): Promise<Message>;
  action(request: ActionRequest): Promise<Message>;
}

/** The one command path behind HTTP, Socket Mode and the terminal. Never throws: failures become replies. */
export function createDispatcher(
  deps: Deps,
  commands: readonly CommandDef[],
  actions: readonly ActionDef[],
): Dispatcher {
  const byName = new Map(commands.map((c) => [c.name, c]));

  async function command(request: CommandRequest): Promise<Message> {
    const name = request.command.replace(/^\//, '');
    try {
      const def = byName.get(name);
      if (!def) {
        const near = closest(name, [...byName.keys()]);
        throw new UserFacingError(
          'unknown-command',
          `Kanaria has no command ${quote(`/${name}`)}.${near.length ? ` Did you mean \`/${near[0]}\`?` : ''}`,
          'Type `/kanaria help` for the list.',
        );
      }
      const reply = await def.run(request, parseWords(request, def.grammar), deps);
      deps.metrics.commands.inc({ command: name, outcome: 'accepted' });
      return reply;
    } catch (error) {
      const reference = randomUUID().slice(0, 8);
      // A refusal is counted by its code where it has one (UserFacingError, UsageRefusal), else by its key.
      const outcome = !(error instanceof Refusal) ? 'error' : 'code' in error ? String(error.code) : error.key;
      deps.metrics.commands.inc({ command: byName.has(name) ? name : 'unknown', outcome });
      if (error instanceof Refusal)
        deps.logger.info({ command: name, user: request.userId, code: outcome }, 'command refused');
      else deps.logger.error({ err: error, command: name, user: request.userId, reference }, 'command failed');
      const locale = await requesterLocale(deps.directory, deps.config.locale, {
        user: request.userId,
        channel: request.channel,
      });
      return errorReply(error, reference, wordsFor(locale));
    }
  }

  async function action(request: ActionRequest): Promise<Message> {
    const def = actions.find((a) => a.actionId === request.actionId);
    if (!def) return { text: ':x: This button is no longer supported by Kanaria.' };
    let target: { command: string; text: string };
    try {
      target = def.toCommand(request.value);
    } catch {
      return { text: ':x: This button carries data Kanaria cannot read; use the slash command instead.' };
    }
    return command({
      ...target,
      userId: request.userId,
      channel: request.channel,
      requestId: request.requestId,
      ...(request.responseUrl !== undefined && { responseUrl: request.responseUrl }),
      ...(request.message && { message: request.message }),
    });
  }

  return { command, action };
}

/** How any failure becomes the private reply: people's errors verbatim, our own with a reference. */
export function errorReply(error: unknown, reference: string, t: Words): Message {
  if (error instanceof Refusal) {
    const { message, hint } = explain(t, error);
    return { text: `:x: ${message}${hint ? `\n${hint}` : ''}` };
  }
  return {
    text: `:warning: Something went wrong inside Kanaria and nothing was queued (reference \`${reference}\`). Please try again; if it persists, tell the platform team.`,
  };
}
