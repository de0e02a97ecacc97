import { requireApp } from './apps.js';
import type { Config } from './config.js';
import { CodedRefusal, Refusal } from './errors.js';
import { findStage, pipelineNamed, pipelineOf } from './pipeline.js';
import { authorize, policyFor, type Identity } from './policy.js';
import { clip, escape } from './quote.js';
import { parseDuration } from './slo/windows.js';

/*
 * Locks (issue 15, the hubot-deploy convention): someone holds an app (one stage of a pipeline) and, until they
 * unlock it or it expires, nobody else changes it. Pure: the ledger (src/adapters/locks.ts) keeps them in Redis.
 */

/** A lock on one app, as kept in Redis. */
export interface Lock {
  readonly app: string;
  readonly holder: { readonly id: string; readonly name?: string };
  /** What the holder said it is for; empty when they said nothing. */
  readonly reason: string;
  /** Unix ms it was taken (kept when the holder updates it). */
  readonly since: number;
  /** Unix ms it expires; none: until someone unlocks it. */
  readonly until?: number;
}

/** Characters of a reason kept: a line, not a document. */
export const REASON_LIMIT = 200;

/**
 * The kinds of change (and canary presses) a lock never holds back: a rollback (git revert) and a canary abort
 * put back what ran before, which is what an on-call needs while the holder is away or asleep.
 */
const PASSES_LOCKS: ReadonlySet<string> = new Set(['rollback', 'abort']);
export const passesLocks = (kind: string): boolean => PASSES_LOCKS.has(kind);

/** Whether a lock still holds at `now` (Redis drops expired ones; this also covers a read just before). */
export const holds = (lock: Lock | undefined, now: number): lock is Lock =>
  lock !== undefined && (lock.until === undefined || lock.until > now);

/** A date every Slack client shows in its reader's time zone; the ISO text elsewhere (the terminal). */
export const chatDate = (ms: number): string =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;

/** The facts of a lock as messages show them: who, since and until when, why (a quoted line, or nothing). */
export function lockFacts(lock: Lock): Record<string, unknown> {
  return {
    app: lock.app,
    holder: lock.holder.id,
    since: chatDate(lock.since),
    ...(lock.until !== undefined && { until: chatDate(lock.until), context: 'until' }),
    why: lock.reason ? `\n> ${escape(lock.reason).replace(/\n/g, ' ')}` : '',
  };
}

/**
 * A change (or canary press) of a locked app by someone other than the holder. Facts: the app, the holder, since
 * and until when, why, and the environment whose `override` list may unlock it.
 */
export class LockedRefusal extends Refusal {
  override readonly name = 'LockedRefusal';
  constructor(
    readonly lock: Lock,
    environment: string,
  ) {
    super('locks.held', { ...lockFacts(lock), environment });
  }
}

/** The refusal for `kind` of change to a locked app by `by`, or undefined when the lock does not hold it back. */
export function lockRefusal(
  lock: Lock | undefined,
  change: { readonly kind: string; readonly by: string; readonly environment: string },
  now: number,
): LockedRefusal | undefined {
  if (!holds(lock, now) || lock.holder.id === change.by || passesLocks(change.kind)) return undefined;
  return new LockedRefusal(lock, change.environment);
}

/** What `/lock` and `/unlock` name: an app, with the words typed after it. */
export interface LockTarget {
  readonly app: string;
  readonly environment: string;
  /** The words after the app (and its stage, when typed): `/lock`'s reason. */
  readonly rest: readonly string[];
}

/**
 * `<app|pipeline> [<stage>] …`: a pipeline needs the stage (its name or app); an app names itself, and a stage or
 * environment typed after it that is its own is taken as confirming it (`/lock llm-api-prod prod …`).
 */
export function lockTarget(config: Config, args: readonly string[]): LockTarget {
  const [typed = '', next, ...rest] = args;
  const pipeline = pipelineNamed(config, typed);
  if (pipeline) {
    const stage = next === undefined ? undefined : findStage(pipeline, next);
    const found = stage && config.apps[stage.app];
    if (stage && found) return { app: stage.app, environment: found.environment, rest };
    if (!config.apps[typed]) {
      const stages = pipeline.stages.map((s) => s.name);
      throw next === undefined
        ? new CodedRefusal('bad-arguments', 'locks.needsStage', { pipeline: typed, stages, first: stages[0] })
        : new CodedRefusal('bad-arguments', 'locks.unknownStage', { pipeline: typed, typed: next, stages });
    }
  }
  const app = requireApp({ config }, typed);
  const ownStage = pipelineOf(config, typed)?.stages.find((s) => s.app === typed)?.name;
  const confirms = next !== undefined && (next === app.environment || next === ownStage);
  return { app: typed, environment: app.environment, rest: confirms || next === undefined ? rest : [next, ...rest] };
}

/** `--for 2h`: how long a lock lasts, in seconds; a refusal that says what a duration looks like. */
export function lockDuration(typed: string | undefined): number | undefined {
  if (typed === undefined) return undefined;
  const seconds = parseDuration(typed);
  if (seconds === undefined) throw new CodedRefusal('bad-arguments', 'locks.badDuration', { typed });
  return seconds;
}

/** The reason as kept: one line, clipped. */
export const lockReason = (words: readonly string[]): string =>
  clip(words.join(' ').replace(/\s+/g, ' ').trim(), REASON_LIMIT);

/** What `/lock` does: take a free lock, update one's own, or refuse someone else's. */
export type LockDecision =
  { readonly kind: 'take' | 'update'; readonly lock: Lock } | { readonly kind: 'held'; readonly lock: Lock };

/**
 * `/lock` by `who` on `app` at `now`: a new lock, the holder's own updated (what they typed replaces, what they
 * left out is kept, `since` stays), or someone else's, which holds.
 */
export function decideLock(
  current: Lock | undefined,
  request: {
    readonly app: string;
    readonly who: Lock['holder'];
    readonly reason: string;
    readonly forSeconds?: number;
  },
  now: number,
): LockDecision {
  const until = request.forSeconds === undefined ? undefined : now + request.forSeconds * 1000;
  if (holds(current, now)) {
    if (current.holder.id !== request.who.id) return { kind: 'held', lock: current };
    const kept = until ?? current.until;
    return {
      kind: 'update',
      lock: {
        ...current,
        reason: request.reason || current.reason,
        ...(kept !== undefined ? { until: kept } : {}),
      },
    };
  }
  return {
    kind: 'take',
    lock: {
      app: request.app,
      holder: request.who,
      reason: request.reason,
      since: now,
      ...(until !== undefined && { until }),
    },
  };
}

/** Whether `who` may lift `lock`: its holder, or someone in `policies.<env>.override` (break-glass). */
export function mayUnlock(
  config: Pick<Config, 'policies'>,
  environment: string,
  lock: Lock,
  who: Identity,
): { readonly allowed: true; readonly as: 'holder' | 'override' } | { readonly allowed: false; readonly rule: string } {
  if (lock.holder.id === who.userId) return { allowed: true, as: 'holder' };
  const decision = authorize(config, environment, 'override', who);
  if (decision.allowed) return { allowed: true, as: 'override' };
  return { allowed: false, rule: `policies.${policyFor(config, environment)?.name ?? environment}.override` };
}
