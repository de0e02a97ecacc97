import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type BlockAction, type ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { errorReply, type CommandDef } from '../command.js';
import { actionRequestId, callerOf, commandRequestId, messageTsOf, type Caller } from '../domain/invocation.js';
import type { Dispatcher } from '../dispatch.js';
import type { Message } from '../chat.js';
import type { ActionDef } from '../dispatch.js';

export interface SlackAppOptions {
  readonly botToken: string;
  readonly signingSecret?: string;
  /** Socket Mode when set. */
  readonly appToken?: string;
  readonly slackApiUrl?: string;
  readonly logger: Logger;
  readonly commands: readonly CommandDef[];
  readonly actions: readonly ActionDef[];
  readonly dispatcher: Dispatcher;
  /** Known ids spare Bolt an auth.test call per request. */
  readonly botId?: string;
  readonly botUserId?: string;
}

const ephemeral = (message: Message) => ({ response_type: 'ephemeral' as const, text: message.text, ...(message.blocks && { blocks: [...message.blocks] }) });

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
  const ids = { ...(options.botId && { botId: options.botId }), ...(options.botUserId && { botUserId: options.botUserId }) };

  let app: App;
  let receiver: HTTPReceiver | undefined;
  if (options.appToken) {
    // Built by hand so that SLACK_API_URL also reaches the socket client's apps.connections.open.
    const socket = new SocketModeReceiver({ appToken: options.appToken, logger: boltLogger, installerOptions: { clientOptions } });
    app = new App({ token: options.botToken, receiver: socket, clientOptions, logger: boltLogger, ...ids });
  } else {
    receiver = new HTTPReceiver({ signingSecret: options.signingSecret ?? '', endpoints: ['/slack/events'], logger: boltLogger });
    app = new App({ token: options.botToken, receiver, clientOptions, logger: boltLogger, ...ids });
  }

  /** Who sent it and from where, or the private reply that refuses a delivery without them. */
  const callerOrRefusal = (userId: unknown, channel: unknown): Caller | Message => {
    try {
      return callerOf(userId, channel);
    } catch (error) {
      logger.warn({ hasUser: Boolean(userId), hasChannel: Boolean(channel) }, 'refused a Slack request without a valid user or channel');
      return errorReply(error, '');
    }
  };

  for (const def of options.commands) {
    app.command(`/${def.name}`, async ({ command, ack }) => {
      const caller = callerOrRefusal(command.user_id, command.channel_id);
      if (!('userId' in caller)) return ack(ephemeral(caller));
      const reply = await dispatcher.command({
        command: def.name,
        text: command.text,
        userId: caller.userId,
        userName: command.user_name,
        channel: caller.channel,
        requestId: commandRequestId({ triggerId: command.trigger_id, responseUrl: command.response_url }, randomUUID),
        responseUrl: command.response_url,
      });
      await ack(ephemeral(reply));
    });
  }

  for (const def of options.actions) {
    app.action<BlockAction<ButtonAction>>(def.actionId, async ({ ack, body, action, respond }) => {
      await ack();
      // A forged payload may lack what Slack always sends: read it as unknown, not as the type promises.
      const user: { id?: unknown } | undefined = body.user;
      const caller = callerOrRefusal(user?.id, body.channel?.id ?? body.container?.channel_id);
      const messageTs = messageTsOf(body.container?.message_ts, body.message?.ts);
      const value = action.value ?? '';
      const reply =
        'userId' in caller
          ? await dispatcher.action({
              actionId: def.actionId,
              value,
              userId: caller.userId,
              channel: caller.channel,
              requestId: actionRequestId({ actionId: def.actionId, channel: caller.channel, messageTs, value }),
              ...(body.response_url && { responseUrl: body.response_url }),
              ...(messageTs && { message: { channel: caller.channel, ts: messageTs } }),
            })
          : caller;
      if (body.response_url) await respond({ ...ephemeral(reply), replace_original: false });
    });
  }

  app.error(async (error) => {
    logger.error({ err: error }, 'Slack handler failed');
  });
  return receiver ? { app, receiver } : { app };
}
