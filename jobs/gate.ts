import { createHash } from 'node:crypto';
import { DelayedError } from 'bullmq';
import type { Message } from '../src/domain/chat.js';
import { approvalGranted, approvalRequest, gateEvidence, overrideCause } from '../src/blocks/gate.js';
import { describeChange } from '../src/blocks/changes.js';
import type { ChangeStatus } from '../src/blocks/gitops.js';
import { requireApp } from '../src/domain/apps.js';
import { freezeWindowsOf, slosOf, type AppConfig } from '../src/domain/config.js';
import type { Refusal } from '../src/domain/errors.js';
import { TransientError } from '../src/domain/errors.js';
import { readReplicas } from '../src/domain/manifest.js';
import { budgetPolicy } from '../src/domain/policy.js';
import { sloStatus } from '../src/domain/slo/budget.js';
import { freezeState } from '../src/domain/slo/freeze.js';
import { budgetGate, type BudgetCheck } from '../src/domain/slo/gate.js';
import { BudgetRefusal, FrozenRefusal, type ForwardChange, type GateTarget } from '../src/domain/slo/refusals.js';
import type { FreezeState, GateDecision, GateReason } from '../src/domain/slo/types.js';
import type { JobDeps } from '../src/boot/deps.js';
import { chooseLocale, wordsFor, type Words } from '../src/i18n/index.js';
import { OVERRIDE_TTL_HOURS, type Change, type GitopsJob } from '../src/queues/gitops.js';
import { quorumGate } from './approvals.js';
import { manifestTarget } from './change-runner.js';
import type { JobContext } from './run-job.js';

/*
 * The gate a forward change passes before it is committed (issue 14): freeze windows first (config only), then the
 * error budget read from Prometheus. Rollbacks, aborts and scaling down are never held back. What holds a change
 * back is a refusal with the numbers, unless the requester asked to wait for the freeze to end (`--when-open`) or
 * for a break-glass override (`--override "<reason>"`), which a second person approves (commands/approve.ts).
 */

/** How the gate speaks in the change's announcement and thread (jobs/gitops.ts gives them). */
export interface GateVoice {
  say(status: ChangeStatus): Promise<unknown>;
  thread(kind: string, words: (t: Words) => Message): Promise<void>;
}

/** `go`: commit now. The rest end the job as it is (the announcement says where it stands). */
export type GateOutcome = 'go' | 'awaiting-approval' | 'superseded';

/** The id of a break-glass request: short enough to type (`/approve <id>`), stable per request. */
export const overrideId = (requestId: string): string =>
  createHash('sha256').update(requestId).digest('hex').slice(0, 10);

/** Whether a change spends reliability, and what kind of forward change it is; /scale reads the replicas it replaces. */
async function forwardKind(deps: JobDeps, change: Change): Promise<ForwardChange | undefined> {
  if (change.kind === 'deploy' || change.kind === 'promote') return change.kind;
  if (change.kind === 'rollback') return undefined;
  const app = requireApp(deps, change.app);
  const current = await deps.repo.read(async (tree) =>
    readReplicas(app.manifest, await tree.readFile(app.manifest), manifestTarget(app)),
  );
  // A manifest without `replicas` runs one.
  return change.replicas > (current ?? 1) ? 'scale' : undefined;
}

/** The freeze state of an app now, and the zone its dates are told in (the first window's that holds it). */
export function freezeOf(
  deps: Pick<JobDeps, 'config'>,
  appName: string,
  app: AppConfig,
  now = Date.now(),
): { state: FreezeState; zone: string } {
  const windows = freezeWindowsOf(deps.config);
  const state = freezeState(windows, { app: appName, environment: app.environment }, now);
  const zone = (state.frozen && windows.find((w) => state.windows.includes(w.name))?.timeZone) || 'UTC';
  return { state, zone };
}

/**
 * The error-budget decision for a forward change of `appName`: every SLO it names read from Prometheus at once.
 * Prometheus away (or not configured) is "cannot tell", which the policy's `errorBudgetUnknown` decides.
 */
export async function budgetDecision(
  deps: Pick<JobDeps, 'config' | 'slo'>,
  appName: string,
  app: AppConfig,
): Promise<{ decision: GateDecision; windows: Record<string, number>; unavailable: string[] }> {
  const { mode, unknown } = budgetPolicy(deps.config, app.environment);
  const slos = mode === 'off' ? [] : slosOf(deps.config, appName);
  const now = Math.floor(Date.now() / 1000);
  const checks = await Promise.all(
    slos.map(async (slo): Promise<BudgetCheck> => {
      if (!deps.slo) return { slo: slo.name, unavailable: true };
      try {
        return sloStatus(slo, await deps.slo.read(slo.name, slo.config, now));
      } catch (error) {
        if (error instanceof TransientError) return { slo: slo.name, unavailable: true };
        throw error;
      }
    }),
  );
  const windows = Object.fromEntries(slos.map((slo) => [slo.name, slo.windowSeconds]));
  const unavailable = checks.flatMap((check) => ('unavailable' in check ? [check.slo] : []));
  return { decision: budgetGate({ mode, unknown, direction: 'forward', checks }), windows, unavailable };
}

/**
 * Runs the gate for a change's job: freeze windows and the error budget, then quorum approvals
 * (policies.<env>.approvals, jobs/approvals.ts). Throws the refusal (told by the job's failure teller) or
 * DelayedError when the job was parked until a freeze ends.
 */
export async function gateChange(context: JobContext<GitopsJob>, voice: GateVoice): Promise<GateOutcome> {
  const outcome = await freezeAndBudget(context, voice);
  if (outcome !== 'go') return outcome;
  return quorumGate(context, voice, async () => (await forwardKind(context.deps, context.data.change)) !== undefined);
}

async function freezeAndBudget(context: JobContext<GitopsJob>, voice: GateVoice): Promise<GateOutcome> {
  const { deps, data } = context;
  const appName = data.change.app;
  const app = context.app();
  if (data.override?.approvedBy) {
    const { card, approvedBy, reason } = data.override;
    if (card)
      await context.quietly('chat.update', () =>
        deps.chat.update(
          card.channel,
          card.ts,
          approvalGranted(channelWords(context), {
            approver: approvedBy.id,
            description: describeChange(channelWords(context), data.change),
            why: reason,
          }),
        ),
      );
    return 'go';
  }
  // Of the changes that waited for the same freeze, only the newest is applied.
  if (data.waitingUntil !== undefined) {
    const newest = await deps.gate.newestWaiting(appName);
    if (newest !== undefined && newest !== data.requestId) {
      await voice.say({ kind: 'superseded', app: appName });
      await voice.thread('superseded', (t) => ({ text: t('gate.supersededReply', { app: appName }) }));
      return 'superseded';
    }
  }
  const what = await forwardKind(deps, data.change);
  if (what === undefined) return 'go';
  const target: GateTarget = { app: appName, environment: app.environment, what };
  const count = (outcome: string) => deps.metrics.budgetGate.inc({ environment: app.environment, outcome });

  const freeze = freezeOf(deps, appName, app);
  if (freeze.state.frozen) {
    if (data.override) {
      count('override-requested');
      return requestApproval(context, voice, target, { kind: 'frozen', windows: freeze.state.windows });
    }
    if (data.whenOpen && freeze.state.reopensAt !== undefined) {
      count('waiting');
      return park(context, voice, freeze.state.windows, freeze.state.reopensAt, freeze.zone);
    }
    count('frozen');
    throw new FrozenRefusal(target, freeze.state, freeze.zone);
  }

  const { decision, windows, unavailable } = await budgetDecision(deps, appName, app);
  const { mode } = budgetPolicy(deps.config, app.environment);
  // Nothing to show when the gate did not look (off, or no SLO).
  if (!looked(decision)) return 'go';
  await voice.thread('gate', (t) =>
    gateEvidence(t, { app: appName, environment: app.environment, mode }, decision, unavailable),
  );
  count(decision.kind === 'pass' ? 'pass' : decision.kind);
  if (decision.kind !== 'refuse') return 'go';
  if (data.override) {
    count('override-requested');
    const [first] = decision.reasons;
    return requestApproval(context, voice, target, first ?? { kind: 'unknown', slo: '', why: 'no-data' });
  }
  throw new BudgetRefusal(target, decision.reasons, windows);
}

/** Whether the gate read an SLO (not off, not an app without one). */
const looked = (decision: GateDecision): boolean =>
  decision.kind !== 'pass' || decision.why === 'healthy' || decision.why === 'unknown-allowed';

/** The channel's words: the approval request is for everyone there. */
const channelWords = ({ deps, data }: JobContext<GitopsJob>): Words =>
  wordsFor(chooseLocale(deps.config.locale, { channel: data.channel }));

/**
 * Holds the change for a second person's approval: recorded in Redis (what the approval carries on), a request
 * with a button in the change's thread, and the announcement saying it waits. The job then ends.
 */
async function requestApproval(
  context: JobContext<GitopsJob>,
  voice: GateVoice,
  target: GateTarget,
  reason: GateReason | { kind: 'frozen'; windows: readonly string[] },
): Promise<GateOutcome> {
  const { deps, data } = context;
  const id = overrideId(data.requestId);
  await deps.gate.holdForApproval(
    id,
    { job: context.job.data, environment: target.environment, requestedAt: Date.now() },
    OVERRIDE_TTL_HOURS * 3600,
  );
  await voice.thread('approval', (t) =>
    approvalRequest(t, {
      id,
      requester: data.requester.id,
      environment: target.environment,
      description: describeChange(t, data.change),
      cause: overrideCause(t, reason),
      why: data.override?.reason ?? '',
    }),
  );
  await voice.say({ kind: 'awaiting-approval' });
  return 'awaiting-approval';
}

/** Parks the job until the freeze ends (BullMQ's delayed set: it survives restarts); the newest waiting one wins. */
async function park(
  context: JobContext<GitopsJob>,
  voice: GateVoice,
  windows: readonly string[],
  until: number,
  zone: string,
): Promise<never> {
  const { deps, data, job } = context;
  await deps.gate.waitForOpening(data.change.app, data.requestId, data.requestedAt);
  await job.updateData({ ...job.data, waitingUntil: until });
  await voice.say({ kind: 'waiting', windows, until, zone });
  // A second past the end: the window is open when the job runs again.
  await job.moveToDelayed(until + 1_000, context.token);
  throw new DelayedError();
}

/**
 * The gate for a canary promotion (`/canary promote`, the Promote buttons): the same freeze and budget rules as a
 * deploy, without waiting or break-glass (an abort is never held back). The refusal, or undefined to go ahead.
 */
export async function promotionRefusal(deps: JobDeps, appName: string): Promise<Refusal | undefined> {
  const app = requireApp(deps, appName);
  const target: GateTarget = { app: appName, environment: app.environment, what: 'promote' };
  const count = (outcome: string) => deps.metrics.budgetGate.inc({ environment: app.environment, outcome });
  const freeze = freezeOf(deps, appName, app);
  if (freeze.state.frozen) {
    count('frozen');
    return new FrozenRefusal(target, freeze.state, freeze.zone);
  }
  const { decision, windows } = await budgetDecision(deps, appName, app);
  if (!looked(decision)) return undefined;
  count(decision.kind === 'pass' ? 'pass' : decision.kind);
  return decision.kind === 'refuse' ? new BudgetRefusal(target, decision.reasons, windows) : undefined;
}
