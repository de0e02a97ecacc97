import { tsOf, type RecordedCall } from './fake-slack.js';
import type { Harness } from './harness.js';

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
