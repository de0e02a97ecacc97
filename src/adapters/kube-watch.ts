import { ApiException, type Watch } from '@kubernetes/client-node';

type WatchEvent = { type: string; object: Record<string, unknown> } | { type: 'END'; error?: unknown };

/** Pushes a watch's callbacks into an async iterator. */
function eventQueue() {
  const events: WatchEvent[] = [];
  let wake: (() => void) | undefined;
  return {
    push(event: WatchEvent) {
      events.push(event);
      wake?.();
    },
    async next(): Promise<WatchEvent> {
      while (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      return events.shift() as WatchEvent;
    },
  };
}

export const nameOf = (object: Record<string, unknown>): string =>
  String((object['metadata'] as { name?: string } | undefined)?.name ?? '');
const versionOf = (object: Record<string, unknown>): string | undefined =>
  (object['metadata'] as { resourceVersion?: string } | undefined)?.resourceVersion;

export interface WatchedObject {
  readonly object: Record<string, unknown>;
  /** The first sight of it after a (re)list, or a change seen by the watch. */
  readonly kind: 'listed' | 'changed' | 'deleted';
}

export interface WatchOptions {
  readonly watcher: Watch;
  readonly path: string;
  readonly fieldSelector?: string;
  readonly list: (
    fieldSelector?: string,
  ) => Promise<{ items?: Record<string, unknown>[]; metadata?: { resourceVersion?: string } }>;
  /** Turns API errors into typed facts (see kube-errors.ts): 403, 404, transient trouble. */
  readonly explain: (error: unknown, verb: string) => unknown;
  /** How long the API server keeps one watch open before it is resumed. */
  readonly watchSeconds: number;
  readonly signal: AbortSignal;
  /** Resume from this resourceVersion instead of listing first. */
  readonly from?: string;
}

/**
 * Objects as they are now (a list), then every change (a watch), until `signal` aborts. A watch the API
 * server ends is resumed from the last resourceVersion; after 410 Gone or a dropped connection, the
 * objects are listed again, so nothing is missed.
 */
export async function* watchObjects(options: WatchOptions): AsyncGenerator<WatchedObject> {
  const { signal, fieldSelector } = options;
  let resourceVersion = options.from;
  while (!signal.aborted) {
    if (resourceVersion === undefined) {
      let list: Awaited<ReturnType<WatchOptions['list']>>;
      try {
        list = await options.list(fieldSelector);
      } catch (error) {
        throw options.explain(error, 'list');
      }
      for (const item of list.items ?? []) yield { object: item, kind: 'listed' };
      resourceVersion = list.metadata?.resourceVersion;
    }
    const events = eventQueue();
    const controller = await options.watcher.watch(
      options.path,
      { fieldSelector, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: options.watchSeconds },
      (type: string, object: Record<string, unknown>) => events.push({ type, object }),
      (error: unknown) => events.push({ type: 'END', error }),
    );
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop, { once: true });
    // Aborted while listing or connecting: the listener above never fires, so stop now.
    if (signal.aborted) stop();
    try {
      for (;;) {
        const event = await events.next();
        if (event.type === 'END' || signal.aborted) {
          const error = 'error' in event ? event.error : undefined;
          // A dropped connection: pause briefly, then list again in case events were missed.
          if (error && !signal.aborted) {
            const statusCode = (error as { statusCode?: number }).statusCode;
            if (statusCode === 403 || statusCode === 404)
              throw options.explain(new ApiException(statusCode, String(error), '', {}), 'watch');
            await new Promise((r) => setTimeout(r, 500));
            resourceVersion = undefined;
          }
          break;
        }
        if (!('object' in event)) continue; // narrows the type: END was handled above
        if (event.type === 'ERROR') {
          // 410 Gone: the version we resume from is compacted away. List again.
          resourceVersion = undefined;
          break;
        }
        resourceVersion = versionOf(event.object) ?? resourceVersion;
        if (event.type === 'BOOKMARK') continue;
        yield { object: event.object, kind: event.type === 'DELETED' ? 'deleted' : 'changed' };
      }
    } finally {
      signal.removeEventListener('abort', stop);
      controller.abort();
    }
  }
}
