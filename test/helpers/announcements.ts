import { tsOf, type RecordedCall } from './fake-slack.js';
import { SIGNING_SECRET, type Harness } from './harness.js';
import { buttonPress, postSigned } from './slack-requests.js';

/**
 * The last text of the in-channel announcement of the change whose text names `needle` (the first such post),
 * once it matches `status`: it is posted once and then updated in place.
 */
export function announcement(
  h: Harness,
  needle: string,
  status: RegExp,
  timeoutMs = 30_000,
): Promise<{ ts: string; text: string }> {
  return h.slack.waitFor(() => {
    const posted = h.slack.calls.find(
      (c) => c.method === 'chat.postMessage' && !c.body['thread_ts'] && String(c.body['text']).includes(needle),
    );
    const ts = tsOf(posted);
    if (!ts) return undefined;
    const last = [...h.slack.calls]
      .reverse()
      .find((c) => c === posted || (c.method === 'chat.update' && c.body['ts'] === ts));
    const text = String(last?.body['text']);
    return status.test(text) ? { ts, text } : undefined;
  }, timeoutMs);
}

/** The replies in the thread of the message posted at `ts`. */
export const threadOf = (h: Harness, ts: string | undefined): RecordedCall[] =>
  h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body['thread_ts'] === ts);

/** Presses the button `actionId` of a recorded message as `userId`, signed like Slack; resolves with the private reply. */
export async function pressButton(
  h: Harness,
  message: RecordedCall,
  actionId: string,
  userId: string,
  responseId: string,
): Promise<string> {
  const blocks = (message.body['blocks'] ?? []) as { elements?: { action_id: string; value: string }[] }[];
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button`);
  const response = await postSigned(
    h.port,
    SIGNING_SECRET,
    buttonPress({
      actionId,
      value: button.value,
      userId,
      channel: String(message.body['channel']),
      messageTs: tsOf(message) ?? '',
      responseUrl: h.slack.responseUrl(responseId),
    }),
  );
  if (response.status !== 200) throw new Error(`the press of ${actionId} was answered ${response.status}`);
  const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === `response_url:${responseId}`));
  return String(reply.body['text']);
}
