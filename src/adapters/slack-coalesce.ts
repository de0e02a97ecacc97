interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/** The newest value not yet taken for sending, and everyone waiting for it or for a value it superseded. */
interface Pending<T> {
  value: T;
  waiters: Waiter[];
}

interface Lane<T> {
  next: Pending<T> | undefined;
}

/**
 * Latest-wins sending per key (a Slack message: channel + ts): one send at a time per key, in the order
 * values were submitted; a value superseded before its send began is skipped, and the newest is always sent.
 * A submission settles when its value, or a newer one, has been sent (or that send failed).
 *
 * `send` gets `latest()` rather than a value so that a send that waits and tries again (a 429) sends the
 * newest value at each attempt.
 */
export class LatestWins<T> {
  private readonly lanes = new Map<string, Lane<T>>();

  constructor(private readonly send: (latest: () => T) => Promise<void>) {}

  submit(key: string, value: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject };
      const lane = this.lanes.get(key);
      if (lane) {
        lane.next = { value, waiters: [...(lane.next?.waiters ?? []), waiter] };
        return;
      }
      const started: Lane<T> = { next: { value, waiters: [waiter] } };
      this.lanes.set(key, started);
      void this.drain(key, started);
    });
  }

  private async drain(key: string, lane: Lane<T>): Promise<void> {
    while (lane.next) {
      let taken = lane.next;
      lane.next = undefined;
      const latest = () => {
        if (lane.next) {
          taken = { value: lane.next.value, waiters: [...taken.waiters, ...lane.next.waiters] };
          lane.next = undefined;
        }
        return taken.value;
      };
      try {
        await this.send(latest);
        for (const waiter of taken.waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of taken.waiters) waiter.reject(error);
      }
    }
    this.lanes.delete(key);
  }
}
