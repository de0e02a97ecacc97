import { gpuUsageEmptyMessage, gpuUsageMessage } from '../src/blocks/gpu-usage.js';
import { gpuUsageChartSpec } from '../src/blocks/gpu-usage-chart.js';
import { renderChart } from '../src/charts/render.js';
import { Refusal } from '../src/domain/errors.js';
import { DEFAULT_POOL_LABEL } from '../src/domain/gpu.js';
import {
  dailySteps,
  gpuUsage,
  isUnknownScope,
  nodesFrom,
  USAGE_PERIODS,
  usagePeriod,
  usageQueries,
  type DailySeries,
  type UsagePeriod,
} from '../src/domain/gpu-usage.js';
import { usageCsv } from '../src/domain/gpu-usage-csv.js';
import { chooseSources } from '../src/domain/gpu-usage-sources.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import type { Prometheus } from '../src/adapters/prometheus.js';
import type { GpuUsageJob } from '../src/queues/gpu.js';
import { postOnce, uploadOnce } from './post-once.js';
import type { JobContext } from './run-job.js';

/** How many known names a refusal of an unknown scope lists. */
const KNOWN_SHOWN = 15;

const dailySums = (prometheus: Prometheus, query: string, period: UsagePeriod): Promise<DailySeries[]> => {
  const { start, end, step } = dailySteps(period);
  return prometheus.rangeMatrix(query, start, end, step);
};

/**
 * `/gpu usage`: asks Prometheus for the period's daily GPU-hours (allocation day by day from Kanaria's own series
 * on the days it recorded them, else kube-state-metrics'; busy from DCGM), posts the showback in the channel, then the chart and the CSV
 * in its thread. Prometheus away is a TransientError (retried, then told); an unknown name is refused.
 */
export async function gpuUsageProcessor({
  job,
  data,
  deps,
  quietly,
  log,
}: Pick<JobContext<GpuUsageJob>, 'job' | 'data' | 'deps' | 'quietly' | 'log'>): Promise<string> {
  if (!deps.prometheus) throw new Refusal('usage.noPrometheus');
  const prometheus = deps.prometheus;
  const days = USAGE_PERIODS[data.period];
  const period = usagePeriod(days, Date.now());
  const queries = usageQueries(period, deps.config.gpu?.poolLabel ?? DEFAULT_POOL_LABEL);
  const [kanariaCoverage, ksmCoverage, kanaria, equivalents, busy, kanariaNodes] = await Promise.all([
    dailySums(prometheus, queries.kanariaCoverage, period),
    dailySums(prometheus, queries.ksmCoverage, period),
    dailySums(prometheus, queries.kanariaAllocated, period),
    dailySums(prometheus, queries.kanariaEquivalents, period),
    dailySums(prometheus, queries.busy, period),
    prometheus.instantVector(queries.kanariaNodes, period.end),
  ]);
  const dayList = chooseSources(period, { kanaria: kanariaCoverage, ksm: ksmCoverage });
  // kube-state-metrics' (heavier) queries only when some day needs them.
  const [ksmAllocated, ksmNodes] = dayList.some((d) => d.source === 'ksm')
    ? await Promise.all([
        dailySums(prometheus, queries.ksmAllocated, period),
        prometheus.instantVector(queries.ksmNodes, period.end),
      ])
    : [[], []];
  const prices = deps.config.gpu?.prices;
  const report = gpuUsage({
    period,
    days: dayList,
    kanaria: { allocated: kanaria, equivalents, nodes: nodesFrom(kanariaNodes, 'kanaria', queries.ksmPoolLabel) },
    ksm: { allocated: ksmAllocated, nodes: nodesFrom(ksmNodes, 'ksm', queries.ksmPoolLabel) },
    busy,
    ...(prices && { prices }),
    ...(data.scope && { scope: data.scope }),
  });
  if (isUnknownScope(report) && report.known.length > 0) {
    const { unknown, near, known } = report;
    throw new Refusal(known.length > KNOWN_SHOWN ? 'usage.unknownScopeMany' : 'usage.unknownScope', {
      kind: unknown.kind,
      name: unknown.name,
      days,
      near,
      known: known.slice(0, KNOWN_SHOWN).join(', '),
      more: known.length - KNOWN_SHOWN,
      ...(near.length > 0 && { context: 'near' }),
    });
  }
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: data.channel }));
  if (isUnknownScope(report) || report.rows.length === 0) {
    await deps.chat.post(data.channel, gpuUsageEmptyMessage(t, period, data.scope));
    return 'no data';
  }
  const scopeName = report.scope ? `${report.scope.kind}-${report.scope.name}` : 'cluster';
  const name = `usage-${scopeName.replace(/[^\w.-]/g, '_')}-${data.period}`;
  // Drawn before posting: a chart that cannot be drawn fails the job before anything is said twice.
  const files = [
    {
      filename: `${name}.png`,
      title: t('usage.chartUpload'),
      data: await renderChart(gpuUsageChartSpec(t, report), { locale: t.locale, logger: log }),
    },
    { filename: `${name}.csv`, title: t('usage.csvUpload'), data: Buffer.from(usageCsv(report), 'utf8') },
  ];
  const posted = await postOnce(job, deps.chat, data.channel, gpuUsageMessage(t, report));
  if (!posted) return 'posted';
  for (const file of files)
    await uploadOnce(job, file.filename, () =>
      quietly('files.uploadV2', () => deps.chat.upload(data.channel, file, posted.ts)),
    );
  return 'posted';
}
