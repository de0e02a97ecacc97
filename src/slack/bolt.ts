import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type BlockAction, type ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CommandDef } from '../command.js';
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

  for (const def of options.commands) {
    app.command(`/${def.name}`, async ({ command, ack }) => {
      const reply = await dispatcher.command({
        command: def.name,
        text: command.text,
        userId: command.user_id,
        userName: command.user_name,
        channel: command.channel_id,
        requestId: command.trigger_id,
        responseUrl: command.response_url,
      });
      await ack(ephemeral(reply));
    });
  }

  for (const def of options.actions) {
    app.action<BlockAction<ButtonAction>>(def.actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const channel = body.channel?.id ?? body.container?.channel_id ?? '';
      const messageTs = body.container?.message_ts ?? body.message?.ts ?? body.trigger_id;
      const reply = await dispatcher.action({
        actionId: def.actionId,
        value: action.value ?? '',
        userId: body.user.id,
        channel,
        requestId: `${def.actionId}-${channel}-${messageTs}`,
        ...(body.response_url && { responseUrl: body.response_url }),
        ...(body.container?.message_ts && { message: { channel, ts: body.container.message_ts } }),
      });
      await respond({ ...ephemeral(reply), replace_original: false });
    });
  }

  app.error(async (error) => {
    logger.error({ err: error }, 'Slack handler failed');
  });
  return receiver ? { app, receiver } : { app };
}
