import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { SimpleGit } from 'simple-git';
import type { GitOpsRepo, Operation, Outcome } from '../../src/adapters/gitops-repo.js';
import type { Message, Posted } from '../../src/domain/chat.js';
import type { Kanaria } from '../../src/boot/start.js';

export interface Span {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Read-only instrumentation of a running Kanaria, so a benchmark can say where the time goes instead of
 * guessing: wraps (without changing what they do) every git command of the GitOps repository, each
 * `submit` of a change, each chat post, and on the ack path the dispatcher and the enqueue. Span times are
 * Date.now() milliseconds, like BullMQ's job stamps; the ack-path durations use performance.now().
 */
export class KanariaProbe {
  /** Every git command the repository ran, named by its subcommand (`fetch`, `commit`, …). */
  readonly gitCommands: Span[] = [];
  /** Start and end of `repo.submit` per request id (the Slack trigger id). */
  readonly submits = new Map<string, { start: number; end?: number }>();
  /** Chat posts as they completed; thread replies carry `threadTs`. */
  readonly posts: { at: number; text: string; threadTs?: string }[] = [];
  /** Ack path: time in the dispatcher (parse, policy, enqueue) per command, and in the enqueue alone. */
  readonly dispatchMs: number[] = [];
  readonly enqueueMs: number[] = [];

  constructor(kanaria: Kanaria) {
    // The repo is reachable only when the jobs run on this thread (not with jobThread).
    if (kanaria.jobDeps) {
      this.wrapGit(kanaria.jobDeps.repo);
      this.wrapSubmit(kanaria.jobDeps.repo);
    }
    this.wrapChat(kanaria.deps.chat);
    this.wrapAckPath(kanaria);
  }

  private wrapAckPath(kanaria: Kanaria): void {
    const { dispatcher } = kanaria;
    const command = dispatcher.command.bind(dispatcher);
    dispatcher.command = (request) => timeInto(this.dispatchMs, () => command(request));
    const queue = kanaria.deps.queues.gitops;
    const add = queue.add.bind(queue);
    queue.add = (jobId, data) => timeInto(this.enqueueMs, () => add(jobId, data));
  }

  private wrapGit(repo: GitOpsRepo): void {
    // The simple-git instance is private to GitOpsRepository; reached at run time for timing only.
    const git = (repo as unknown as { git: SimpleGit }).git;
    const raw = git.raw.bind(git) as (args: string[]) => Promise<string>;
    const timed = (args: string[]): Promise<string> => {
      const start = Date.now();
      const result = raw(args);
      result.then(
        () => this.gitCommands.push({ name: args[0] ?? '?', start, end: Date.now() }),
        () => this.gitCommands.push({ name: `${args[0] ?? '?'} (failed)`, start, end: Date.now() }),
      );
      return result;
    };
    (git as unknown as { raw: typeof timed }).raw = timed;
  }

  private wrapSubmit(repo: GitOpsRepo): void {
    const submit = repo.submit.bind(repo);
    repo.submit = <T>(op: Operation<T>): Promise<Outcome<T>> => {
      const record: { start: number; end?: number } = { start: Date.now() };
      this.submits.set(op.requestId, record);
      const outcome = submit(op);
      const done = () => (record.end = Date.now());
      outcome.then(done, done);
      return outcome;
    };
  }

  private wrapChat(chat: Kanaria['deps']['chat']): void {
    const post = chat.post.bind(chat);
    chat.post = async (channel: string, message: Message, threadTs?: string): Promise<Posted> => {
      const posted = await post(channel, message, threadTs);
      this.posts.push({ at: Date.now(), text: message.text, ...(threadTs !== undefined && { threadTs }) });
      return posted;
    };
  }

  /** Git commands that started within [from, to], e.g. those of one deploy. */
  gitBetween(from: number, to: number): Span[] {
    return this.gitCommands.filter((c) => c.start >= from && c.start <= to);
  }
}

/** Total milliseconds per git subcommand, and how many ran. */
export function totalsByCommand(spans: readonly Span[]): Record<string, { count: number; ms: number }> {
  const totals: Record<string, { count: number; ms: number }> = {};
  for (const span of spans) {
    const entry = (totals[span.name] ??= { count: 0, ms: 0 });
    entry.count++;
    entry.ms += span.end - span.start;
  }
  return totals;
}

async function timeInto<T>(durations: number[], work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    durations.push(performance.now() - start);
  }
}

/**
 * Server-side time of each HTTP request, from Node's 'request' event to the response's 'finish' (an extra
 * listener: the server's own handler still answers). Compared with the client's latency, it tells time
 * spent handling a request from time spent waiting before the server's event loop got to it.
 */
export function recordRequestDurations(server: Server): number[] {
  const durations: number[] = [];
  server.on('request', (_req, res) => {
    const start = performance.now();
    res.once('finish', () => durations.push(performance.now() - start));
  });
  return durations;
}
