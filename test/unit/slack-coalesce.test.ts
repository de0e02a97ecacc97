import { describe, expect, it } from 'vitest';
import { LatestWins } from '../../src/adapters/slack-coalesce.js';

/** A send that records what it sent and finishes only when the test says so. */
function controlledSend() {
  const sent: string[] = [];
  const finish: { ok(): void; fail(error: Error): void }[] = [];
  const send = (latest: () => string) =>
    new Promise<void>((resolve, reject) => {
      sent.push(latest());
      finish.push({ ok: resolve, fail: reject });
    });
  return { sent, finish, send };
}

const settled = (promise: Promise<void>) => {
  const state = { done: false, error: undefined as unknown };
  promise.then(
    () => (state.done = true),
    (error: unknown) => ((state.done = true), (state.error = error)),
  );
  return state;
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('LatestWins: card updates to one message', () => {
  it('sends the newest of the values that arrived while one was on its way, and settles the skipped ones with it', async () => {
    const { sent, finish, send } = controlledSend();
    const queue = new LatestWins(send);
    const first = settled(queue.submit('C1/1.0', 'step 1'));
    const skipped = [queue.submit('C1/1.0', 'step 2'), queue.submit('C1/1.0', 'step 3')].map(settled);
    const last = settled(queue.submit('C1/1.0', 'step 4'));
    expect(sent).toEqual(['step 1']);

    finish[0]?.ok();
    await tick();
    expect(first.done).toBe(true);
    expect(sent).toEqual(['step 1', 'step 4']);
    expect(skipped.some((s) => s.done)).toBe(false);

    finish[1]?.ok();
    await tick();
    expect([...skipped, last].every((s) => s.done && s.error === undefined)).toBe(true);
    expect(sent).toEqual(['step 1', 'step 4']);
  });

  it('a send that tries again (after a 429) sends the newest value at that moment', async () => {
    const sent: string[] = [];
    let retry: () => void = () => undefined;
    const queue = new LatestWins<string>(async (latest) => {
      sent.push(latest());
      await new Promise<void>((resolve) => (retry = resolve));
      sent.push(latest());
    });
    const first = settled(queue.submit('C1/1.0', 'step 1'));
    const second = settled(queue.submit('C1/1.0', 'step 2'));
    retry();
    await tick();
    expect(sent).toEqual(['step 1', 'step 2']);
    expect(first.done && second.done).toBe(true);
  });

  it('a failed send fails the values it carried; a later value is still sent', async () => {
    const { sent, finish, send } = controlledSend();
    const queue = new LatestWins(send);
    const failed = settled(queue.submit('C1/1.0', 'step 1'));
    const later = settled(queue.submit('C1/1.0', 'step 2'));
    finish[0]?.fail(new Error('message_not_found'));
    await tick();
    expect(failed.error).toEqual(new Error('message_not_found'));
    expect(sent).toEqual(['step 1', 'step 2']);
    finish[1]?.ok();
    await tick();
    expect(later).toEqual({ done: true, error: undefined });
  });

  it('messages do not wait for each other', async () => {
    const { sent, finish, send } = controlledSend();
    const queue = new LatestWins(send);
    void queue.submit('C1/1.0', 'card A');
    const other = settled(queue.submit('C2/2.0', 'card B'));
    expect(sent).toEqual(['card A', 'card B']);
    finish[1]?.ok();
    await tick();
    expect(other.done).toBe(true);
  });
});
