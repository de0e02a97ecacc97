import { randomUUID } from 'node:crypto';
import type { Message } from '../domain/chat.js';
import { CodedRefusal, Refusal, TransientError, Unrecoverable } from '../domain/errors.js';
import { chooseLocale, explain, requesterLocale, wordsFor, type Words } from '../i18n/index.js';
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
  /**
   * The reply to a delivery refused before it names a person (no valid user id): in the language of its channel
   * when it names one, else the workspace's default.
   */
  refuseDelivery(error: unknown, channel: unknown): Message;
  /** The words of a person (their Slack locale, else the channel's, else the workspace's): for a modal. */
  wordsOf(userId: string, channel: string): Promise<Words>;
}

/** The one command path behind HTTP, Socket Mode and the terminal. Never throws: failures become replies. */
export function createDispatcher(
  deps: Deps,
  commands: readonly CommandDef[],
  actions: readonly ActionDef[],
): Dispatcher {
  const byName = new Map<string, CommandDef>(commands.map((c) => [c.name, c]));

  async function command(request: CommandRequest): Promise<Message> {
    const name = request.command.replace(/^\//, '');
    // Once per request (the person is cached): the acknowledgement and any refusal speak the same language.
    const t = wordsFor(
      await requesterLocale(deps.directory, deps.config.locale, { user: request.userId, channel: request.channel }),
    );
    try {
      const def = byName.get(name);
      if (!def) {
        const near = closest(name, [...byName.keys()]);
        throw near[0] === undefined
          ? new CodedRefusal('unknown-command', 'dispatch.unknownCommand', { command: `/${name}` })
          : new CodedRefusal('unknown-command', 'dispatch.unknownCommandNear', {
              command: `/${name}`,
              suggestion: near[0],
            });
      }
      const typed = parseWords(request, def.grammar);
      const reply = await def.run({ ...typed, request, deps, t });
      deps.metrics.commands.inc({ command: name, outcome: 'accepted' });
      return reply;
    } catch (error) {
      const reference = randomUUID().slice(0, 8);
      // A refusal (or Redis away) is counted by its code where it has one (CodedRefusal, UsageRefusal,
      // QueueUnavailable), else by its key.
      const answered = error instanceof Refusal || error instanceof TransientError;
      const outcome = !answered ? 'error' : 'code' in error ? String(error.code) : error.key;
      deps.metrics.commands.inc({ command: byName.has(name) ? name : 'unknown', outcome });
      if (answered) deps.logger.info({ command: name, user: request.userId, code: outcome }, 'command refused');
      else deps.logger.error({ err: error, command: name, user: request.userId, reference }, 'command failed');
      return errorReply(error, reference, t);
    }
  }

  async function action(request: ActionRequest): Promise<Message> {
    const def = actions.find((a) => a.actionId === request.actionId);
    let target: { command: string; text: string } | undefined;
    try {
      target = def?.toCommand(request.value);
    } catch {
      target = undefined;
    }
    if (!target) {
      const locale = await requesterLocale(deps.directory, deps.config.locale, {
        user: request.userId,
        channel: request.channel,
      });
      return { text: wordsFor(locale)(def ? 'dispatch.buttonUnreadable' : 'dispatch.buttonUnsupported') };
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

  function refuseDelivery(error: unknown, channel: unknown): Message {
    const locale = chooseLocale(deps.config.locale, typeof channel === 'string' ? { channel } : {});
    return errorReply(error, '', wordsFor(locale));
  }

  const wordsOf = async (user: string, channel: string): Promise<Words> =>
    wordsFor(await requesterLocale(deps.directory, deps.config.locale, { user, channel }));

  return { command, action, refuseDelivery, wordsOf };
}

/**
 * How any failure becomes the private reply: refusals and infrastructure that may come back (Redis away) in the
 * catalog's words, our own errors with a reference.
 */
export function errorReply(error: unknown, reference: string, t: Words): Message {
  if (error instanceof Refusal || error instanceof TransientError || error instanceof Unrecoverable) {
    const { message, hint } = explain(t, error);
    return { text: hint ? t('dispatch.refusalWithHint', { message, hint }) : t('dispatch.refusal', { message }) };
  }
  return { text: t('dispatch.internalError', { reference }) };
}
