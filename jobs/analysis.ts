import type { Job } from 'bullmq';
import type { RolloutRef, Rollouts } from '../src/adapters/rollouts.js';
import { analysisJobId, type AnalysisJob } from '../src/queues/analysis.js';
import { verdictMessage } from '../src/blocks/analysis.js';
import { verdictReason } from '../src/blocks/verdict.js';
import { analysisChartSpec, chartTitle } from '../src/blocks/chart.js';
import { renderChart } from '../src/charts/render.js';
import { chooseLocale, wordsFor, type Words } from '../src/i18n/index.js';
import { escape } from '../src/blocks/gitops.js';
import { analysisSettings } from '../src/domain/analysis-config.js';
import { autopilotDecision } from '../src/domain/autopilot.js';
import { Refusal } from '../src/domain/errors.js';
import {
  isUpdating,
  patchesFor,
  rolloutPosition,
  rolloutRevision,
  type RolloutAction,
  type RolloutState,
} from '../src/domain/rollout.js';
import type { Verdict } from '../src/domain/verdict.js';
import type { JobDeps } from '../src/boot/deps.js';
import { refreshPipelineCard } from '../src/queues/pipeline-card.js';
import { analyze } from './canary-analysis.js';
import type { Processor } from './run-job.js';

/** Who autopilot's presses are by (the card shows it; Slack users are ids like U0ANA). */
const AUTOPILOT = 'autopilot';

/**
 * The analysis queue's processor: judge the app's running canary (its pod template hash) against stable
 * over the same window, post the verdict card with a chart, and, with autopilot on, act on it.
 */
export const analysisProcessor: Processor<AnalysisJob, string> = async (context) => {
  const { data, deps, job } = context;
  const app = context.app();
  if (!app.analysis) throw new Refusal('errorsJobs.noAnalysis', { app: data.app });
  if (!app.rollout || !deps.rollouts) throw new Refusal('errorsJobs.noRolloutToJudge', { app: data.app });
  if (!deps.prometheus) throw new Refusal('errorsJobs.noPrometheus');
  const settings = analysisSettings(app.analysis);
  const { state } = await deps.rollouts.get(app.rollout);
  if (!isUpdating(state) || state.aborted || !state.currentPodHash || !state.stableRS) {
    if (data.trigger === 'command')
      throw state.aborted
        ? new Refusal('errorsJobs.canaryAborted', { app: data.app })
        : new Refusal('errorsJobs.noCanary', { app: data.app, stable: state.stableRS ?? '?' });
    return 'no canary';
  }
  // A scheduled or pause analysis for a revision that is no longer the canary ends quietly.
  if (data.revision && data.revision !== rolloutRevision(state)) return 'stale';

  const run = await analyze(
    deps.prometheus,
    settings,
    { canary: state.currentPodHash, stable: state.stableRS },
    Math.floor(Date.now() / 1000),
    data.windowSeconds,
  );
  deps.metrics.analysisRuns.inc({ app: data.app, verdict: run.verdict.verdict });
  // The pipeline card shows the last verdict of the revision running: recorded, then the card redrawn.
  const revision = rolloutRevision(state);
  await deps.cards.setLastVerdict(data.app, { revision, verdict: run.verdict.verdict, score: run.verdict.score });
  await refreshPipelineCard(deps, data.app, `verdict-${revision}-${job.id ?? job.timestamp}`);
  // Autopilot acts on its own analyses only (at pauses, every interval): `/analyze`, which anyone may run,
  // neither counts towards a promotion nor aborts.
  const acted =
    settings.autopilot.enabled && data.trigger !== 'command'
      ? await autopilot(deps, deps.rollouts, {
          app: data.app,
          ref: app.rollout,
          state,
          verdict: run.verdict,
          passes: settings.autopilot.passes,
          job,
        })
      : undefined;
  const where = await placeFor(deps, data);
  if (where) {
    // The verdict is for the channel it is posted in: its language.
    const t = wordsFor(chooseLocale(deps.config.locale, { channel: where.channel }));
    const note = acted?.note?.(t);
    const posted = await context.quietly('chat.postMessage', () =>
      deps.chat.post(where.channel, verdictMessage(t, data.app, run, state, note), where.thread),
    );
    if (run.series.length > 0) {
      const units = Object.fromEntries(settings.metrics.flatMap((m) => (m.unit ? [[m.name, m.unit]] : [])));
      const spec = analysisChartSpec(t, { app: data.app, panels: run.series, units });
      const chart = {
        filename: `${data.app}-canary-${state.currentPodHash}.png`,
        title: chartTitle(t, data.app),
        data: await renderChart(spec, { locale: t.locale, logger: context.log }),
      };
      await context.quietly('files.uploadV2', () => deps.chat.upload(where.channel, chart, posted?.ts ?? where.thread));
    }
  }
  if (data.trigger !== 'command' && settings.intervalSeconds && !acted?.pressed)
    await scheduleNext(deps, data, state, settings.intervalSeconds);
  return run.verdict.verdict;
};

/** Where the verdict goes: the channel asked from; else the canary card's thread; else the app's channel. */
async function placeFor(deps: JobDeps, data: AnalysisJob): Promise<{ channel: string; thread?: string } | undefined> {
  if (data.trigger === 'command' && data.channel) return { channel: data.channel };
  const card = await deps.cards.card(data.app);
  if (card) return { channel: card.channel, thread: card.ts };
  const channel = deps.config.apps[data.app]?.channel;
  return channel ? { channel } : undefined;
}

async function scheduleNext(
  deps: JobDeps,
  data: AnalysisJob,
  state: RolloutState,
  intervalSeconds: number,
): Promise<void> {
  const revision = rolloutRevision(state);
  const slot = Math.floor(Date.now() / 1000 / intervalSeconds) + 1;
  await deps.queues.analysis.add(
    analysisJobId(data.app, `${revision}-${slot}`),
    { app: data.app, trigger: 'schedule', revision },
    { delayMs: intervalSeconds * 1000 },
  );
}

/**
 * Autopilot: counts the passes in a row for this revision, carries out its decision (src/domain/autopilot.ts)
 * and says what it did and why; an inconclusive verdict does nothing (and breaks the streak).
 */
async function autopilot(
  deps: JobDeps,
  rollouts: Rollouts,
  run: { app: string; ref: RolloutRef; state: RolloutState; verdict: Verdict; passes: number; job: Job<AnalysisJob> },
): Promise<{ note?: (t: Words) => string; pressed?: RolloutAction }> {
  const { app, ref, state, verdict, passes, job } = run;
  // A retried job must not act twice: a press by autopilot since this job was queued was this job's.
  const last = await deps.cards.lastPress(app);
  if (last?.by === AUTOPILOT && last.at >= job.timestamp) return {};
  const revision = rolloutRevision(state);
  // Counted once per job, so a retry does not count its pass again.
  const passed = verdict.verdict === 'pass';
  const streak = passed ? await deps.cards.countPass(app, revision, job.id ?? `${job.timestamp}`) : 0;
  if (!passed) await deps.cards.resetPasses(app, revision);
  const press = async (action: RolloutAction): Promise<void> => {
    await deps.cards.markPressing(app, rolloutPosition(state));
    await rollouts.apply(ref, patchesFor(action, state));
    // Recorded at once: what follows may fail, and its retry must find this press.
    await deps.cards.setLastPress(app, { action, by: AUTOPILOT, at: Date.now(), from: rolloutPosition(state) });
  };
  const decision = autopilotDecision({ verdict, streak, passes, phase: state.phase });
  if (decision.act === 'abort') {
    await press('abort');
    return {
      pressed: 'abort',
      note: (t) =>
        t('jobs.autopilot.aborted', { reason: escape(verdictReason(t, decision.reason)), score: decision.score }),
    };
  }
  if (decision.act === 'promote') {
    await press('promote');
    await deps.cards.resetPasses(app, revision);
    return {
      pressed: 'promote',
      note: (t) => t('jobs.autopilot.promoted', { count: decision.streak }),
    };
  }
  return decision.why === 'inconclusive'
    ? {}
    : { note: (t) => t('jobs.autopilot.streak', { streak: decision.streak, count: decision.passes }) };
}
