import { budgetChartSpec } from '../src/blocks/budget-chart.js';
import { renderChart } from '../src/charts/render.js';
import { MAX_OVERRIDES, overridesMessage, sloChartTitle, sloMessage } from '../src/blocks/slo.js';
import type { Message } from '../src/domain/chat.js';
import { TRAILER } from '../src/domain/commits.js';
import { appFiles, slosOf } from '../src/domain/config.js';
import { Refusal } from '../src/domain/errors.js';
import { overridesOf } from '../src/domain/slo/override-log.js';
import type { ReadJob } from '../src/queues/reads.js';
import type { JobContext } from './run-job.js';
import { readReport } from './slo-reports.js';

/** About this many points in a chart of the budget over the SLO window. */
const CHART_POINTS = 240;

/**
 * `/slo`'s work (commands/slo.ts asks). `budget`: each SLO of the app read from Prometheus, answered privately,
 * then a chart per SLO in the channel (files cannot be private). Returns nothing: it answered itself.
 * `overrides`: the app's break-glass commits, read where the working copy is.
 */
export async function slo(
  appName: string,
  view: 'budget' | 'overrides',
  context: JobContext<ReadJob>,
): Promise<Message | undefined> {
  const { deps, t } = context;
  if (view === 'overrides') {
    const files = appFiles(context.app());
    const commits = await deps.repo.read((tree) =>
      tree.log({ paths: files, limit: MAX_OVERRIDES, grep: `^${TRAILER.overrideReason}:` }),
    );
    return overridesMessage(t, appName, deps.config.gitops.branch, overridesOf(commits, MAX_OVERRIDES));
  }
  context.app();
  const slos = slosOf(deps.config, appName);
  if (slos.length === 0) throw new Refusal('slo.command.noSlo', { app: appName });
  const source = deps.slo;
  if (!source) throw new Refusal('slo.command.noPrometheus', { app: appName });
  const now = Math.floor(Date.now() / 1000);
  // Prometheus down: PrometheusUnavailable (transient) goes to the funnel, which retries and then tells.
  const reports = await Promise.all(slos.map((s) => readReport(source, s, now)));
  await context.whisper(sloMessage(t, appName, reports));
  const channel = context.data.channel;
  for (const s of slos) {
    // The answer is out: a chart that cannot be drawn is logged, not retried (that would answer twice).
    try {
      const step = Math.max(1, Math.ceil(s.windowSeconds / CHART_POINTS));
      const points = await source.budgetSeries(s.name, s.config, now - s.windowSeconds, now, step);
      if (points.length === 0) continue;
      const chart = {
        filename: `${appName}-slo-${s.name}.png`,
        title: sloChartTitle(t, appName, s.name),
        data: await renderChart(budgetChartSpec(t, { app: appName, slo: s.name, points }), {
          locale: t.locale,
          logger: context.log,
        }),
      };
      await context.quietly('files.uploadV2', () => deps.chat.upload(channel, chart));
    } catch (error) {
      context.log.warn({ err: error, slo: s.name }, 'could not chart the error budget');
    }
  }
  return undefined;
}
