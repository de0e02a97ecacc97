import { Worker as Thread } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { JobHost, JobMetrics } from './jobs.js';
import type { Settings } from './settings.js';

/**
 * Runs the workers in a worker thread. Git spawns a process per command, and spawning blocks the event loop
 * for milliseconds; on their own thread, the jobs cannot delay Slack's acks (bench:ack measures this).
 */
export async function startJobsInThread(settings: Settings, logger: Logger): Promise<JobHost> {
  const built = !import.meta.url.endsWith('.ts');
  const entry = new URL(built ? './job-thread.js' : './job-thread.ts', import.meta.url);
  // From source (npm start, tests), the thread registers tsx itself: loader hooks do not carry over to threads.
  const thread = built
    ? new Thread(entry, { workerData: settings })
    : new Thread(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`,
        { eval: true, workerData: settings },
      );
  let alive = true;
  let sequence = 0;
  const pending = new Map<number, (data: unknown) => void>();
  thread.on('message', (message: { type: string; id?: number; data?: unknown }) => {
    if (message.type === 'answer' && message.id !== undefined) pending.get(message.id)?.(message.data);
  });
  /** Asks the thread (`metrics` or `problems`); `fallback` when it does not answer in time. */
  const ask = <T>(type: 'metrics' | 'problems', fallback: T): Promise<T> =>
    new Promise<T>((resolve) => {
      if (!alive) return resolve(fallback);
      const id = ++sequence;
      const timer = setTimeout(() => (pending.delete(id), resolve(fallback)), 2_000);
      pending.set(id, (data) => (clearTimeout(timer), pending.delete(id), resolve(data as T)));
      thread.postMessage({ type, id });
    });
  thread.on('error', (err) => logger.error({ err }, 'job thread failed'));
  thread.on('exit', (code) => {
    alive = false;
    if (code !== 0) logger.error({ code }, 'job thread exited');
  });
  await new Promise<void>((resolve, reject) => {
    thread.once('message', (message: { type: string; error?: string }) =>
      message.type === 'ready' ? resolve() : reject(new Error(message.error)),
    );
    thread.once('exit', (code) => reject(new Error(`job thread exited with code ${code} while starting`)));
  });
  return {
    problems: () =>
      alive ? ask('problems', ['the job thread does not answer']) : Promise.resolve(['the job thread has stopped']),
    metrics: () => ask<JobMetrics>('metrics', []),
    async close() {
      if (!alive) return;
      const stopped = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.postMessage({ type: 'stop' });
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 35_000).unref())]);
      if (alive) await thread.terminate();
    },
  };
}
