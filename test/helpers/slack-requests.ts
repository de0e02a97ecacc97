import { createHmac } from 'node:crypto';

/** Signs a body as Slack does: v0=HMAC-SHA256(secret, `v0:${timestamp}:${body}`). */
export function sign(secret: string, body: string, timestamp: number): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    'x-slack-signature': signature,
    'x-slack-request-timestamp': String(timestamp),
    'content-type': 'application/x-www-form-urlencoded',
  };
}

let trigger = 0;

/** A slash-command payload shaped like Slack's (see bolt-js test/unit/helpers/events.ts). */
export function slashCommand(
  command: string,
  text: string,
  options: { userId?: string; channel?: string; responseUrl?: string; triggerId?: string } = {},
): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: options.channel ?? 'C0DEPLOYS',
    channel_name: 'deploys',
    user_id: options.userId ?? 'U0ANA',
    user_name: 'ana',
    command,
    text,
    api_app_id: 'A0KANARIA',
    is_enterprise_install: 'false',
    response_url: options.responseUrl ?? 'https://hooks.slack.com/commands/T0001/1/abc',
    trigger_id: options.triggerId ?? `${Date.now()}.${++trigger}.0123456789abcdef0123456789abcdef`,
  }).toString();
}

/** A block_actions payload for a button press. */
export function buttonPress(options: {
  actionId: string;
  value: string;
  userId: string;
  channel: string;
  messageTs: string;
  responseUrl: string;
}): string {
  const payload = {
    type: 'block_actions',
    user: { id: options.userId, username: 'u', name: 'u', team_id: 'T0001' },
    api_app_id: 'A0KANARIA',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: options.messageTs, channel_id: options.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.${++trigger}.fedcba`,
    team: { id: 'T0001', domain: 'acme' },
    channel: { id: options.channel, name: 'deploys' },
    message: { type: 'message', ts: options.messageTs, text: 'Pushed' },
    response_url: options.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: options.actionId,
        block_id: 'b1',
        value: options.value,
        text: { type: 'plain_text', text: 'Roll back' },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * A view_submission payload for a modal Kanaria opened (the `view` it passed to views.open, as the fake answered
 * it with its id and hash), with what the person typed: `values[blockId][actionId]` (bolt-js
 * test/unit/helpers/events.ts has the shape).
 */
export function viewSubmission(options: {
  userId: string;
  view: Record<string, unknown>;
  values: Record<string, Record<string, string>>;
}): string {
  const state = Object.fromEntries(
    Object.entries(options.values).map(([block, inputs]) => [
      block,
      Object.fromEntries(
        Object.entries(inputs).map(([action, value]) => [action, { type: 'plain_text_input', value }]),
      ),
    ]),
  );
  const payload = {
    type: 'view_submission',
    team: { id: 'T0001', domain: 'acme' },
    user: { id: options.userId, username: 'u', name: 'u', team_id: 'T0001' },
    api_app_id: 'A0KANARIA',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.${++trigger}.abcdef`,
    view: {
      team_id: 'T0001',
      app_id: 'A0KANARIA',
      bot_id: 'BKANARIA',
      root_view_id: options.view['id'],
      previous_view_id: null,
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
      ...options.view,
      state: { values: state },
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export async function postSigned(
  port: number,
  secret: string,
  body: string,
  options: { timestamp?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { ...sign(secret, body, timestamp), ...options.headers },
    body,
  });
}
