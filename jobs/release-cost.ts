import type { SloSource } from '../src/adapters/slo-source.js';
import { releaseCostMessage, releaseCostUnavailable, type ReleaseCost } from '../src/blocks/slo.js';
import type { Posted } from '../src/domain/chat.js';
import { slosOf, type ConfiguredSlo } from '../src/domain/config.js';
import { budgetSpent } from '../src/domain/slo/release-cost.js';
import { burnWindowSeconds } from '../src/domain/slo/windows.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import type { JobDeps } from '../src/boot/deps.js';
import { releaseCostJobId, type CostAfter, type ReleaseCostJob } from '../src/queues/slo.js';
import type { ReconcileJob } from '../src/queues/reconcile.js';
import { errorText, failureWords, type JobContext, type Processor } from './run-job.js';

const AFTER: readonly CostAfter[] = ['1h', '1d'];

/** How long after going live a cost is told: the longest of the app's SLOs' (scaled) windows, so each is whole. */
const delaySeconds = (slos: readonly ConfiguredSlo[], after: CostAfter): number =>
  Math.max(...slos.map((s) => burnWindowSeconds(after, s)));

/**
 * A change went live (reconcile saw it Synced and Healthy at its revision, or a canary was fully promoted):
 * the cost of the release is posted in `thread` 1 h and 1 d later (scaled for sped-up SLO windows). Only for
 * apps with an SLO, with Prometheus to ask. Job ids make a redelivery or a second replica a no-op.
 */
export async function scheduleReleaseCost(
  deps: Pick<JobDeps, 'config' | 'queues' | 'slo'>,
  live: { readonly app: string; readonly revision: string; readonly liveAt: number; readonly thread: Posted },
): Promise<void> {
  const slos = slosOf(deps.config, live.app);
  if (slos.length === 0 || !deps.slo) return;
  for (const after of AFTER)
    await deps.queues.slo.add(
      releaseCostJobId(live.app, live.revision, after),
      { ...live, after },
      { delayMs: Math.max(0, (live.liveAt + delaySeconds(slos, after)) * 1000 - Date.now()) },
    );
}

/**
 * Reconcile saw the change live: its cost goes into the change's thread (the announcement's, else the progress
 * message's). An app with a Rollout is left to the canary's end (jobs/canary.ts), which is when it is all live.
 */
export async function releaseCostAfterReconcile(
  context: JobContext<ReconcileJob>,
  revision: string,
  hasRollout: boolean,
): Promise<void> {
  const { data, deps } = context;
  const thread = data.thread ?? data.progress;
  if (hasRollout || !thread) return;
  await scheduleReleaseCost(deps, { app: data.app, revision, liveAt: Math.floor(Date.now() / 1000), thread });
}

/** The budget one SLO spent over `seconds` after going live, and over as long before. */
async function costOf(source: SloSource, slo: ConfiguredSlo, job: ReleaseCostJob): Promise<ReleaseCost> {
  const seconds = burnWindowSeconds(job.after, slo);
  // The `after` window read at its end: [live, live + d] and, read at the moment it went live, [live − d, live].
  const [since, until] = await Promise.all([
    source.read(slo.name, slo.config, job.liveAt + seconds),
    source.read(slo.name, slo.config, job.liveAt),
  ]);
  const spent = (ratio: number | undefined) => (ratio === undefined ? undefined : budgetSpent(ratio, seconds, slo));
  const after = spent(since.ratios[job.after]);
  const before = spent(until.ratios[job.after]);
  return { slo: slo.name, ...(after !== undefined && { after }), ...(before !== undefined && { before }) };
}

/** The slo queue's processor: posts the cost of a release in the change's thread, "no data" said per SLO. */
export const releaseCostProcessor: Processor<ReleaseCostJob, string> = async (context) => {
  const { data, deps } = context;
  context.app();
  const slos = slosOf(deps.config, data.app);
  const source = deps.slo;
  if (slos.length === 0 || !source) return 'no slo';
  const { channel, ts } = data.thread;
  // The thread's language: it is posted for the channel.
  const t = wordsFor(chooseLocale(deps.config.locale, { channel }));
  const seconds = delaySeconds(slos, data.after);
  context.tellFailuresWith({
    failed: async (failure) => {
      const reason = failureWords(t, failure)?.message ?? errorText(failure.error);
      await context.quietly('chat.postMessage', () =>
        deps.chat.post(channel, releaseCostUnavailable(t, seconds, reason), ts),
      );
    },
  });
  const costs = await Promise.all(slos.map((s) => costOf(source, s, data)));
  await context.quietly('chat.postMessage', () =>
    deps.chat.post(channel, releaseCostMessage(t, { seconds, revision: data.revision, costs }), ts),
  );
  return 'posted';
};
