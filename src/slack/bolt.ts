import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type BlockAction, type ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { CommandDef } from '../dispatch/index.js';
import { actionRequestId, callerOf, commandRequestId, messageTsOf, type Caller } from '../domain/invocation.js';
import type { Dispatcher } from '../dispatch/index.js';
import type { Message } from '../domain/chat.js';
import type { ActionDef } from '../dispatch/index.js';
import type { ModalDef } from './modals.js';

export interface SlackAppOptions {
  readonly botToken: string;
  readonly signingSecret?: string;
  /** Socket Mode when set. */
  readonly appToken?: string;
  readonly slackApiUrl?: string;
  readonly logger: Logger;
  readonly commands: readonly CommandDef[];
  readonly actions: readonly ActionDef[];
  /** Buttons that open a modal first (Reject asks for a reason). */
  readonly modals?: readonly ModalDef[];
  readonly dispatcher: Dispatcher;
  /** Known ids spare Bolt an auth.test call per request. */
  readonly botId?: string;
  readonly botUserId?: string;
}

const ephemeral = (message: Message) => ({
  response_type: 'ephemeral' as const,
  text: message.text,
  ...(message.blocks && { blocks: [...message.blocks] }),
});

/** Bolt over HTTP (receiver returned for Kanaria's own server) or Socket Mode; both call the same dispatcher. */
export function createSlackApp(options: SlackAppOptions): { app: App; receiver?: HTTPReceiver } {
  const { dispatcher, logger } = options;
  const clientOptions = options.slackApiUrl ? { slackApiUrl: options.slackApiUrl.replace(/\/?$/, '/') } : {};
  const boltLogger = {
    debug: (...m: unknown[]) => logger.debug({ bolt: m }, 'bolt'),
    info: (...m: unknown[]) => logger.info({ bolt: m }, 'bolt'),
    warn: (...m: unknown[]) => logger.warn({ bolt: m }, 'bolt'),
    error: (...m: unknown[]) => logger.error({ bolt: m }, 'bolt'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
  const ids = {
    ...(options.botId && { botId: options.botId }),
    ...(options.botUserId && { botUserId: options.botUserId }),
  };

  let app: App;
  let receiver: HTTPReceiver | undefined;
  if (options.appToken) {
    // Built by hand so that SLACK_API_URL also reaches the socket client's apps.connections.open.
    const socket = new SocketModeReceiver({
      appToken: options.appToken,
      logger: boltLogger,
      installerOptions: { clientOptions },
    });
    app = new App({ token: options.botToken, receiver: socket, clientOptions, logger: boltLogger, ...ids });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret ?? '',
      endpoints: ['/slack/events'],
      logger: boltLogger,
    });
    app = new App({ token: options.botToken, receiver, clientOptions, logger: boltLogger, ...ids });
  }

  /** Who sent it and from where, or the private reply that refuses a delivery without them. */
  const check = (kind: string, userId: unknown, channel: unknown): { caller: Caller } | { refusal: Message } => {
    try {
      return { caller: callerOf(userId, channel) };
    } catch (error) {
      logger.warn(
        { kind, hasUser: Boolean(userId), hasChannel: Boolean(channel) },
        'refused a Slack request without a valid user or channel id',
      );
      return { refusal: dispatcher.refuseDelivery(error, channel) };
    }
  };

  for (const def of options.commands) {
    app.command(`/${def.name}`, async ({ command, ack }) => {
      const checked = check(`/${def.name}`, command.user_id, command.channel_id);
      if ('refusal' in checked) return ack(ephemeral(checked.refusal));
      const { caller } = checked;
      const reply = await dispatcher.command({
        command: def.name,
        text: typeof command.text === 'string' ? command.text : '',
        userId: caller.userId,
        userName: command.user_name,
        channel: caller.channel,
        requestId: commandRequestId({ triggerId: command.trigger_id, responseUrl: command.response_url }, randomUUID),
        responseUrl: command.response_url,
      });
      await ack(ephemeral(reply));
    });
  }

  // A button that opens a modal is handled by its modal alone.
  const withModal = new Set((options.modals ?? []).map((m) => m.actionId));
  for (const def of options.actions.filter((a) => !withModal.has(a.actionId))) {
    app.action<BlockAction<ButtonAction>>(def.actionId, async ({ ack, body, action, respond }) => {
      await ack();
      // A forged payload may lack what Slack always sends: read it as unknown, not as the type promises.
      const user: { id?: unknown } | undefined = body.user;
      const checked = check(def.actionId, user?.id, body.channel?.id ?? body.container?.channel_id);
      const messageTs = messageTsOf(body.container?.message_ts, body.message?.ts);
      const value = action.value ?? '';
      const reply =
        'refusal' in checked
          ? checked.refusal
          : await dispatcher.action({
              actionId: def.actionId,
              value,
              userId: checked.caller.userId,
              channel: checked.caller.channel,
              requestId: actionRequestId({ actionId: def.actionId, channel: checked.caller.channel, messageTs, value }),
              ...(body.response_url && { responseUrl: body.response_url }),
              ...(messageTs && { message: { channel: checked.caller.channel, ts: messageTs } }),
            });
      if (body.response_url) await respond({ ...ephemeral(reply), replace_original: false });
    });
  }

  for (const def of options.modals ?? []) registerModal(app, def, dispatcher, check);

  app.error(async (error) => {
    logger.error({ err: error }, 'Slack handler failed');
  });
  return receiver ? { app, receiver } : { app };
}

type Check = (kind: string, userId: unknown, channel: unknown) => { caller: Caller } | { refusal: Message };

/**
 * A button that opens a modal (views.open within the press's trigger id's 3 s), and the modal's submission, which
 * re-enters the command path as its submitter; the modal then shows the answer in place of a private reply.
 */
function registerModal(app: App, def: ModalDef, dispatcher: Dispatcher, check: Check): void {
  app.action<BlockAction<ButtonAction>>(def.actionId, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user: { id?: unknown } | undefined = body.user;
    const checked = check(def.actionId, user?.id, body.channel?.id ?? body.container?.channel_id);
    const tell = async (message: Message) => {
      if (body.response_url) await respond({ ...ephemeral(message), replace_original: false });
    };
    if ('refusal' in checked) return tell(checked.refusal);
    const { userId, channel } = checked.caller;
    const t = await dispatcher.wordsOf(userId, channel);
    const messageTs = messageTsOf(body.container?.message_ts, body.message?.ts);
    let view;
    try {
      view = def.open(action.value ?? '', { channel, ...(messageTs && { messageTs }) }, t);
    } catch {
      return tell({ text: t('dispatch.buttonUnreadable') });
    }
    await client.views.open({ trigger_id: body.trigger_id, view });
  });

  app.view(def.callbackId, async ({ ack, body, view }) => {
    let target: ReturnType<ModalDef['toCommand']> | undefined;
    try {
      target = def.toCommand(view.private_metadata, view.state.values);
    } catch {
      target = undefined;
    }
    const user: { id?: unknown } | undefined = body.user;
    const checked = check(def.callbackId, user?.id, target?.channel);
    // A forged submission without a user or channel: logged by check, and the modal closes.
    if ('refusal' in checked) return ack();
    const { userId, channel } = checked.caller;
    const t = await dispatcher.wordsOf(userId, channel);
    const reply = target
      ? await dispatcher.command({
          command: target.command,
          text: target.text,
          userId,
          channel,
          // One submission of one modal: a redelivery carries the same view id and hash.
          requestId: `view-${view.id}-${view.hash}`,
          ...(target.messageTs && { message: { channel, ts: target.messageTs } }),
        })
      : { text: t('dispatch.buttonUnreadable') };
    await ack({ response_action: 'update', view: def.answer(t, reply) });
  });
}
