import { tsOf, type RecordedCall } from '../../test/helpers/fake-slack.js';
import { SIGNING_SECRET, type Harness } from '../../test/helpers/harness.js';
import { buttonPress, postSigned } from '../../test/helpers/slack-requests.js';
import type { RefWatcher } from './ref-watch.js';
import { waitUntil } from './util.js';

/**
 * Approval press → commit: the time from sending the last Approve a held change needs (signed block_actions) to its
 * commit landing on the remote. For bench:approvals, and for bench:promote to report beside its own numbers.
 */

let presses = 0;

/** The approval request posted in the thread of the change's announcement whose text names `needle`. */
async function requestFor(h: Harness, needle: string): Promise<RecordedCall> {
  return waitUntil(
    `the approval request of ${needle}`,
    () => {
      const posted = h.slack.calls.find(
        (c) => c.method === 'chat.postMessage' && !c.body['thread_ts'] && String(c.body['text']).includes(needle),
      );
      const ts = tsOf(posted);
      if (!ts) return undefined;
      return h.slack.calls.find(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.body['thread_ts'] === ts &&
          /approvals? needed from/.test(String(c.body['text'])),
      );
    },
    30_000,
  );
}

/** Sends a signed Approve press as `userId`; resolves once it is acknowledged (the reply comes separately). */
async function pressApprove(h: Harness, request: RecordedCall, userId: string): Promise<string> {
  const blocks = (request.body['blocks'] ?? []) as { elements?: { action_id: string; value: string }[] }[];
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'kanaria:quorum-approve');
  if (!button) throw new Error('the approval request has no Approve button');
  const responseId = `bench-approve-${++presses}`;
  const response = await postSigned(
    h.port,
    SIGNING_SECRET,
    buttonPress({
      actionId: 'kanaria:quorum-approve',
      value: button.value,
      userId,
      channel: String(request.body['channel']),
      messageTs: tsOf(request) ?? '',
      responseUrl: h.slack.responseUrl(responseId),
    }),
  );
  if (response.status !== 200) throw new Error(`the Approve press was answered ${response.status}`);
  return responseId;
}

/**
 * Sends `/deploy <app> <image>` (as U0ANA) into an environment that needs two approvals, approves it as U0BOB, then
 * times U0CAROL's press, the last one needed, until the commit is on the remote. Milliseconds.
 */
export async function timeApprovalPress(h: Harness, watcher: RefWatcher, app: string, image: string): Promise<number> {
  const ack = await h.command('/deploy', `${app} ${image}`);
  if (!ack.text.startsWith('Queued')) throw new Error(`/deploy ${app} ${image} was not queued: ${ack.text}`);
  const request = await requestFor(h, `\`${image}\``);
  const first = await pressApprove(h, request, 'U0BOB');
  await waitUntil('the first approval', () => h.slack.callsTo(`response_url:${first}`)[0], 30_000);
  const mark = watcher.changes.length;
  const start = Date.now();
  await pressApprove(h, request, 'U0CAROL');
  const landed = await watcher.next(mark);
  return landed.at - start;
}
