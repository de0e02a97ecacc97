import { UnrecoverableError, type Job } from 'bullmq';
import { analyze } from '../src/analysis.js';
import { ANALYSIS_QUEUE, analysisJobId, type AnalysisJob } from '../src/analysis-job.js';
import { verdictMessage } from '../src/blocks/analysis.js';
import { CHART_LEGEND, renderChart } from '../src/blocks/chart.js';
import { failedMessage } from '../src/blocks/gitops.js';
import type { Message } from '../src/chat.js';
import { requireApp } from '../src/command.js';
import { analysisSettings } from '../src/domain/analysis-config.js';
import { UserFacingError } from '../src/domain/errors.js';
import { isUpdating, patchesFor, rolloutPosition, type RolloutState } from '../src/domain/rollout.js';
import type { Verdict } from '../src/domain/verdict.js';
import type { JobDeps } from '../src/deps.js';
import { quietly as quietlyFor } from '../src/quietly.js';

export { ANALYSIS_QUEUE };

/**
 * The analysis queue's processor: judge the app's running canary (its pod template hash) against stable
 * over the same window, post the verdict card with a chart, and, with autopilot on, act on it.
 */
export function analysisProcessor(deps: JobDeps) {
  const quietly = quietlyFor(deps);
  return async (job: Job<AnalysisJob>): Promise<string> => {
    const data = job.data;
    const whisper = (message: Message) =>
      data.requester && data.channel ? quietly('whisper', () => deps.chat.whisper({ channel: data.channel as string, user: data.requester!.id, ...(data.responseUrl && { responseUrl: data.responseUrl }) }, message)) : Promise.resolve(undefined);
    try {
      const app = requireApp(deps, data.app);
      if (!app.analysis) throw new UserFacingError('not-configured', `\`${data.app}\` has no canary analysis in Kanaria's configuration.`, `Add queries under apps.${data.app}.analysis in kanaria.yaml.`);
      if (!app.rollout || !deps.rollouts) throw new UserFacingError('not-configured', `\`${data.app}\` has no Argo Rollout Kanaria can read, so there is no canary to judge.`);
      if (!deps.prometheus) throw new UserFacingError('not-configured', 'Kanaria has no Prometheus to ask (PROMETHEUS_URL is not set).');
      const settings = analysisSettings(app.analysis);
      const { state } = await deps.rollouts.get(app.rollout);
      if (!isUpdating(state) || !state.currentPodHash || !state.stableRS) {
        if (data.trigger === 'command') throw new UserFacingError('not-configured', `\`${data.app}\` has no canary running: its Rollout runs one version (\`${state.stableRS ?? '?'}\`).`);
        return 'no canary';
      }
      // A scheduled or pause analysis for a revision that is no longer the canary ends quietly.
      if (data.revision && data.revision !== rolloutPosition(state).split('/')[0]) return 'stale';

      const run = await analyze(deps.prometheus, settings, { canary: state.currentPodHash, stable: state.stableRS }, Math.floor(Date.now() / 1000), data.windowSeconds);
      deps.metrics.analysisRuns.inc({ app: data.app, verdict: run.verdict.verdict });
      const note = settings.autopilot.enabled ? await autopilot(deps, data.app, app.rollout, state, run.verdict, settings.autopilot.passes) : undefined;

      const where = await placeFor(deps, data);
      if (where) {
        const posted = await quietly('chat.postMessage', () => deps.chat.post(where.channel, verdictMessage(data.app, run, state, note), where.thread));
        if (run.series.length > 0) {
          const chart = { filename: `${data.app}-canary-${state.currentPodHash}.png`, title: `${data.app}: canary vs stable (${CHART_LEGEND})`, data: renderChart(run.series) };
          await quietly('files.uploadV2', () => deps.chat.upload(where.channel, chart, posted?.ts ?? where.thread));
        }
      }
      if (data.trigger !== 'command' && settings.intervalSeconds && !(note && /aborted|promoted/i.test(note))) await scheduleNext(deps, data, state, settings.intervalSeconds);
      return run.verdict.verdict;
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      await whisper(failedMessage(error.message, error.hint));
      throw new UnrecoverableError(error.message);
    }
  };
}

/** Where the verdict goes: the channel asked from; else the canary card's thread; else the app's channel. */
async function placeFor(deps: JobDeps, data: AnalysisJob): Promise<{ channel: string; thread?: string } | undefined> {
  if (data.trigger === 'command' && data.channel) return { channel: data.channel };
  const card = await deps.cards.card(data.app);
  if (card) return { channel: card.channel, thread: card.ts };
  const channel = deps.config.apps[data.app]?.channel;
  return channel ? { channel } : undefined;
}

async function scheduleNext(deps: JobDeps, data: AnalysisJob, state: RolloutState, intervalSeconds: number): Promise<void> {
  const revision = rolloutPosition(state).split('/')[0] as string;
  const slot = Math.floor(Date.now() / 1000 / intervalSeconds) + 1;
  await deps.queues.analysis.add(analysisJobId(data.app, `${revision}-${slot}`), { app: data.app, trigger: 'schedule', revision }, { delayMs: intervalSeconds * 1000 });
}

/**
 * Autopilot: after `passes` passing verdicts in a row for this revision, promote; on a fail, abort. It
 * says what it did and why; an inconclusive verdict does nothing (and breaks the streak).
 */
async function autopilot(deps: JobDeps, app: string, ref: { name: string; namespace: string }, state: RolloutState, verdict: Verdict, passes: number): Promise<string | undefined> {
  const revision = rolloutPosition(state).split('/')[0] as string;
  const streak = await deps.cards.passStreak(app, revision, verdict.verdict === 'pass');
  const rollouts = deps.rollouts!;
  if (verdict.verdict === 'fail') {
    await rollouts.apply(ref, patchesFor('abort', state));
    await deps.cards.setLastPress(app, { action: 'abort', by: 'autopilot', at: Date.now(), from: rolloutPosition(state) });
    return `:robot_face: Autopilot *aborted* the canary: ${escapeReason(verdict.reason)} (score ${verdict.score}).`;
  }
  if (verdict.verdict === 'pass' && streak >= passes && state.phase !== 'Degraded') {
    await rollouts.apply(ref, patchesFor('promote', state));
    await deps.cards.passStreak(app, revision, false);
    await deps.cards.setLastPress(app, { action: 'promote', by: 'autopilot', at: Date.now(), from: rolloutPosition(state) });
    return `:robot_face: Autopilot *promoted* the canary after ${streak} passing analyses in a row.`;
  }
  return verdict.verdict === 'pass' ? `:robot_face: Autopilot: ${streak} of ${passes} passing analyses before it promotes.` : undefined;
}

const escapeReason = (text: string): string => text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] as string);

