import { describe, expect, it } from 'vitest';
import { parseUsageArgs } from '../../commands/gpu-usage.js';
import { gpuUsageChartSpec } from '../../src/blocks/gpu-usage-chart.js';
import { gpuUsageMessage } from '../../src/blocks/gpu-usage.js';
import { allocationSamples } from '../../src/domain/gpu-allocation.js';
import type { NodeSummary, PodUsage } from '../../src/domain/gpu.js';
import {
  gpuUsage,
  isUnknownScope,
  nodesFrom,
  priceOf,
  resourceFromKsm,
  usagePeriod,
  type AllocationSeries,
  type DailySeries,
  type NodeInfo,
  type UsageInput,
  type UsageReport,
} from '../../src/domain/gpu-usage.js';
import { allDays, chooseSources, sourceSummary } from '../../src/domain/gpu-usage-sources.js';
import { csvText, usageCsv } from '../../src/domain/gpu-usage-csv.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { Refusal } from '../../src/domain/errors.js';
import { parseConfig } from '../../src/boot/config-file.js';

const DAY = 86_400;
/** 2026-12-01 10:00 UTC: the 7-day period is 2026-11-24 00:00 – 2026-12-01 00:00 UTC. */
const NOW = Date.parse('2026-12-01T10:00:00Z');
const period = usagePeriod(7, NOW);
/** The end of the period's day `i` (0–6). */
const dayEnd = (i: number) => period.start + (i + 1) * DAY;
/** A day's sum of 5-minute samples for `units` held all day (288 samples). */
const allDay = (units: number) => units * 288;

const ksm = (namespace: string, node: string, resource: string, days: Record<number, number>): DailySeries => ({
  labels: { namespace, node, resource },
  points: Object.entries(days).map(([i, units]) => [dayEnd(Number(i)), allDay(units)] as const),
});
const busy = (
  namespace: string,
  node: string,
  model: string,
  days: Record<number, number>,
  profile?: string,
): DailySeries => ({
  labels: { namespace, Hostname: node, modelName: model, ...(profile && { GPU_I_PROFILE: profile }) },
  points: Object.entries(days).map(([i, ratio]) => [dayEnd(Number(i)), allDay(ratio)] as const),
});
const NODES = [
  { node: 'a100-0', pool: 'a100', product: 'NVIDIA-A100-SXM4-80GB' },
  { node: 'h100-0', pool: 'h100', product: 'NVIDIA-H100-80GB-HBM3' },
  { node: 'a30-0', pool: 'a30', product: 'NVIDIA-A30' },
  { node: 't4-0', pool: 't4', product: 'Tesla-T4-SHARED', replicas: 4 },
];
/** kube-state-metrics' `allocated` on every day of the period, unless the test says otherwise. */
type TestInput = Partial<UsageInput> & { allocated?: DailySeries[]; nodes?: NodeInfo[] };
const usage = ({ allocated = [], nodes = NODES, ...input }: TestInput): UsageReport => {
  const ksmSeries: AllocationSeries = { allocated, nodes };
  const report = gpuUsage({ period, days: allDays(period, 'ksm'), ksm: ksmSeries, busy: [], ...input });
  if (isUnknownScope(report)) throw new Error(`unknown scope ${JSON.stringify(report)}`);
  return report;
};
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const row = (report: UsageReport, namespace: string) => report.rows.filter((r) => r.namespace === namespace);

describe('usagePeriod', () => {
  it.each([
    ['2026-12-01T10:00:00Z', 7, '2026-11-24T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01T00:00:00Z', 7, '2026-11-24T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01T23:59:59Z', 30, '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
  ])('at %s, %i days: whole UTC days ending at the last midnight', (now, days, start, end) => {
    const p = usagePeriod(days, Date.parse(now));
    expect([new Date(p.start * 1000).toISOString(), new Date(p.end * 1000).toISOString()]).toEqual([start, end]);
  });
});

describe('resourceFromKsm: kube-state-metrics sanitised names back to the device plugin’s', () => {
  it.each([
    ['nvidia_com_gpu', 'nvidia.com/gpu'],
    ['nvidia_com_mig_1g_10gb', 'nvidia.com/mig-1g.10gb'],
    ['nvidia_com_mig_3g_40gb_me', 'nvidia.com/mig-3g.40gb+me'],
    ['nvidia_com_gpu_shared', 'nvidia.com/gpu.shared'],
    ['nvidia_com_mig_1g_5gb_shared', 'nvidia.com/mig-1g.5gb.shared'],
  ])('%s → %s', (ksmName, resource) => expect(resourceFromKsm(ksmName)).toBe(resource));
});

describe('gpuUsage: GPU-hours allocated and busy, efficiency and cost', () => {
  it('whole GPUs, MIG slices (1/7 of an H100, 1/4 of an A30) and time-sliced replicas (1/replicas) in GPU-equivalents', () => {
    const all = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((i) => [i, 1]));
    const report = usage({
      allocated: [
        ksm('research', 'a100-0', 'nvidia_com_gpu', { ...all, 0: 4 }),
        ksm('ml', 'h100-0', 'nvidia_com_mig_1g_10gb', all),
        ksm('ml', 'a30-0', 'nvidia_com_mig_1g_6gb', all),
        ksm('serving', 't4-0', 'nvidia_com_gpu', all),
      ],
    });
    expect(row(report, 'research')).toMatchObject([{ kind: 'gpu', allocatedHours: 240, equivalentHours: 240 }]);
    expect(row(report, 'ml').map((r) => [r.resource, r.allocatedHours, round(r.equivalentHours)])).toEqual([
      ['nvidia.com/mig-1g.6gb', 168, 42],
      ['nvidia.com/mig-1g.10gb', 168, 24],
    ]);
    expect(row(report, 'serving')).toMatchObject([{ kind: 'shared', allocatedHours: 168, equivalentHours: 42 }]);
    // Whole GPUs, slices by profile and replicas stay apart; only GPU-equivalents are summed.
    expect(report.namespaces.find((n) => n.namespace === 'ml')).toMatchObject({
      gpuHours: 0,
      sharedHours: 0,
      migHours: { '1g.6gb': 168, '1g.10gb': 168 },
    });
    expect(round(report.namespaces.find((n) => n.namespace === 'ml')?.equivalentHours ?? 0)).toBe(66);
    expect(round(report.totals.equivalentHours)).toBe(240 + 66 + 42);
  });

  it('time-sliced MIG slices (kube-state-metrics): a replica is its slice over the replicas, and DCGM’s busy joins it', () => {
    const nodes = [
      // Mixed strategy, renamed: the slice's replicas are not among kube_node_labels, so a replica counts as a slice.
      { node: 'mixed-0', pool: 'a100', product: 'NVIDIA-A100-SXM4-40GB' },
      // Single strategy shared ×2: GFD's product ends in -SHARED, gpu.replicas says 2.
      { node: 'single-0', pool: 'a100', product: 'NVIDIA-A100-SXM4-40GB-MIG-1g.5gb-SHARED', replicas: 2 },
    ];
    const report = usage({
      nodes,
      allocated: [
        ksm('ml', 'mixed-0', 'nvidia_com_mig_1g_5gb_shared', { 0: 7 }),
        ksm('serving', 'single-0', 'nvidia_com_gpu', { 0: 14 }),
      ],
      busy: [
        busy('ml', 'mixed-0', 'NVIDIA A100-SXM4-40GB', { 0: 3.5 }, '1g.5gb'),
        busy('serving', 'single-0', 'NVIDIA A100-SXM4-40GB', { 0: 7 }, '1g.5gb'),
      ],
    });
    expect(
      report.rows.map((r) => [r.namespace, r.resource, r.kind, r.allocatedHours, round(r.equivalentHours)]),
    ).toEqual([
      ['ml', 'nvidia.com/mig-1g.5gb.shared', 'shared', 168, 24],
      ['serving', 'nvidia.com/gpu', 'shared', 336, 24],
    ]);
    expect(report.rows.map((r) => round(r.busyHours ?? NaN))).toEqual([12, 24]);
    expect(report.namespaces.find((n) => n.namespace === 'serving')).toMatchObject({ sharedHours: 336, migHours: {} });
  });

  it('a gap counts nothing, a partial period counts what it holds, points outside the period are ignored', () => {
    const report = usage({
      allocated: [
        {
          labels: { namespace: 'ml', node: 'a100-0', resource: 'nvidia_com_gpu' },
          points: [
            [period.start, allDay(8)], // the day before the period
            [dayEnd(0), allDay(2)],
            // days 1–4: a gap
            [dayEnd(5), 144], // held half of the day
            [dayEnd(6), allDay(2)],
            [period.end + DAY, allDay(8)], // after it
          ],
        },
      ],
    });
    expect(report.totals.equivalentHours).toBe(48 + 12 + 48);
    expect(report.daily.map((d) => [d.day, d.hours])).toEqual([
      ['2026-11-24', 48],
      ['2026-11-29', 12],
      ['2026-11-30', 48],
    ]);
  });

  it('busy from DCGM joins the row of its namespace, pool, product and MIG profile; efficiency is busy ÷ allocated', () => {
    const all = (v: number) => Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((i) => [i, v]));
    const report = usage({
      allocated: [
        ksm('research', 'a100-0', 'nvidia_com_gpu', all(2)),
        ksm('research', 'h100-0', 'nvidia_com_mig_1g_10gb', all(1)),
        ksm('serving', 't4-0', 'nvidia_com_gpu', all(1)),
      ],
      busy: [
        busy('research', 'a100-0', 'NVIDIA A100-SXM4-80GB', all(0.5)),
        busy('research', 'a100-0', 'NVIDIA A100-SXM4-80GB', all(1)),
        // A MIG instance's activity is relative to the instance: × 1/7.
        busy('research', 'h100-0', 'NVIDIA H100 80GB HBM3', all(0.7), '1g.10gb'),
      ],
    });
    const [a100, h100] = row(report, 'research');
    expect(a100).toMatchObject({ allocatedHours: 336, busyHours: 252, efficiency: 0.75 });
    expect(h100?.busyHours).toBeCloseTo(16.8);
    expect(h100?.efficiency).toBeCloseTo(0.7);
    // No DCGM series for serving: unknown, never 0 %; and left out of the efficiency of the total.
    expect(row(report, 'serving')[0]).not.toHaveProperty('busyHours');
    expect(report.totals.efficiency).toBeCloseTo((252 + 16.8) / (336 + 24));
    expect(report.noBusy).toBe(false);
  });

  it('busy hours with nothing allocated beside them are shown, but left out of efficiency (it would pass 100 %)', () => {
    const report = usage({
      allocated: [ksm('ml', 'a100-0', 'nvidia_com_gpu', { 0: 1 })],
      busy: [
        busy('ml', 'a100-0', 'NVIDIA A100-SXM4-80GB', { 0: 0.5 }),
        // An H100 no allocation series names (a pod between two readings): busy, nothing allocated.
        busy('ml', 'h100-0', 'NVIDIA H100 80GB HBM3', { 0: 1 }),
      ],
    });
    expect(row(report, 'ml').map((r) => [r.product, r.equivalentHours, r.busyHours, r.efficiency])).toEqual([
      ['NVIDIA-A100-SXM4-80GB', 24, 12, 0.5],
      ['NVIDIA-H100-80GB-HBM3', 0, 24, undefined],
    ]);
    expect(report.totals).toMatchObject({ equivalentHours: 24, busyHours: 36, efficiency: 0.5 });
    expect(report.namespaces[0]).toMatchObject({ busyHours: 36, efficiency: 0.5 });
  });

  it('no DCGM at all: busy and efficiency are unknown', () => {
    const report = usage({ allocated: [ksm('ml', 'a100-0', 'nvidia_com_gpu', { 0: 1 })] });
    expect(report.noBusy).toBe(true);
    expect(report.totals).toEqual({ equivalentHours: 24 });
  });

  it('cost: the product’s price, its physical GPU’s, else `*`; a slice costs its share; no price, no cost', () => {
    const prices = { currency: 'EUR', perGpuHour: { 'NVIDIA-A100-SXM4-80GB': 2, 'NVIDIA-H100-80GB-HBM3': 7 } };
    expect(priceOf(prices, 'NVIDIA-H100-80GB-HBM3-MIG-1g.10gb')).toBe(7);
    expect(priceOf(prices, 'Tesla-T4-SHARED')).toBeUndefined();
    expect(priceOf({ ...prices, perGpuHour: { ...prices.perGpuHour, '*': 1 } }, 'Tesla-T4-SHARED')).toBe(1);
    const report = usage({
      prices,
      allocated: [
        ksm('ml', 'h100-0', 'nvidia_com_mig_1g_10gb', { 0: 7 }),
        ksm('ml', 't4-0', 'nvidia_com_gpu', { 0: 4 }),
      ],
    });
    const [slices, t4] = row(report, 'ml');
    expect(slices).toMatchObject({ equivalentHours: 24, pricePerGpuHour: 7, cost: 168 });
    expect(t4).not.toHaveProperty('cost');
    expect(report.totals.cost).toBe(168);
    expect(report.currency).toBe('EUR');
    expect(usage({ allocated: [ksm('ml', 'a100-0', 'nvidia_com_gpu', { 0: 1 })] })).not.toHaveProperty('currency');
  });

  it('Kanaria’s own series carry pool, product and kind, and their equivalents', () => {
    const labels = {
      namespace: 'ml',
      pool: 'h100',
      product: 'NVIDIA-H100-80GB-HBM3',
      resource: 'nvidia.com/mig-2g.20gb',
      kind: 'mig',
    };
    const report = usage({
      days: allDays(period, 'kanaria'),
      kanaria: {
        nodes: [],
        allocated: [{ labels, points: [[dayEnd(0), allDay(7)]] }],
        equivalents: [{ labels, points: [[dayEnd(0), allDay(2)]] }],
      },
    });
    expect(report.rows).toMatchObject([{ kind: 'mig', allocatedHours: 168, equivalentHours: 48 }]);
  });

  it('Kanaria’s namespace renamed `exported_namespace` by a scrape that attaches its own target’s', () => {
    const labels = {
      namespace: 'kanaria',
      exported_namespace: 'research',
      pool: 'a100',
      product: 'NVIDIA-A100-SXM4-80GB',
      resource: 'nvidia.com/gpu',
      kind: 'gpu',
    };
    const report = usage({
      days: allDays(period, 'kanaria'),
      kanaria: {
        nodes: NODES,
        allocated: [{ labels, points: [[dayEnd(0), allDay(2)]] }],
        equivalents: [{ labels, points: [[dayEnd(0), allDay(2)]] }],
      },
    });
    expect(report.rows).toMatchObject([{ namespace: 'research', allocatedHours: 48, equivalentHours: 48 }]);
    expect(
      nodesFrom(
        [{ labels: { node: 'prom-node', exported_node: 'a100-0', pool: 'a100', product: 'A' } }],
        'kanaria',
        '',
      ),
    ).toEqual([{ node: 'a100-0', pool: 'a100', product: 'A' }]);
  });

  it('narrows to a namespace or pool; an unknown name comes back with the closest known ones', () => {
    const allocated = [
      ksm('research', 'a100-0', 'nvidia_com_gpu', { 0: 1 }),
      ksm('ml', 'h100-0', 'nvidia_com_mig_1g_10gb', { 0: 1 }),
    ];
    expect(usage({ allocated, scope: { kind: 'pool', name: 'h100' } }).rows.map((r) => r.namespace)).toEqual(['ml']);
    expect(usage({ allocated, scope: { kind: 'namespace', name: 'research' } }).rows).toHaveLength(1);
    const unknown = gpuUsage({
      period,
      days: allDays(period, 'ksm'),
      ksm: { allocated, nodes: NODES },
      busy: [],
      scope: { kind: 'namespace', name: 'reserch' },
    });
    expect(unknown).toEqual({
      unknown: { kind: 'namespace', name: 'reserch' },
      near: ['research'],
      known: ['ml', 'research'],
    });
  });
});

describe('chooseSources: the allocation source of each day', () => {
  const FULL = 288;
  /** Coverage (5-minute steps with a reading) per day of the period; undefined: none that day. */
  const covering = (steps: readonly (number | undefined)[]): DailySeries[] => [
    {
      labels: {},
      points: steps.flatMap((n, i) => (n === undefined ? [] : [[dayEnd(i), n] as const])),
    },
  ];
  const _ = undefined;
  const F = FULL;
  it.each([
    ['Kanaria only', [F, F, F, F, F, F, F], [], 'KKKKKKK'],
    ['kube-state-metrics only', [], [F, F, F, F, F, F, F], 'SSSSSSS'],
    ['both all along: Kanaria’s', [F, F, F, F, F, F, F], [F, F, F, F, F, F, F], 'KKKKKKK'],
    // Kanaria deployed on day 4 at 14:00: that day kube-state-metrics saw more of it.
    ['switch mid-period', [_, _, _, _, 120, F, F], [F, F, F, F, F, F, F], 'SSSSSKK'],
    ['a gap in both', [F, F, _, _, _, _, _], [_, _, _, _, F, F, F], 'KK--SSS'],
    [
      'Kanaria restarted for a while, kube-state-metrics whole',
      [F, 280, F, F, F, F, F],
      [F, F, F, F, F, F, F],
      'KSKKKKK',
    ],
    [
      'partial days: the one that saw more, Kanaria’s on a tie',
      [100, 100, 40, _, _, _, _],
      [_, 100, 50, _, _, _, _],
      'KKS----',
    ],
  ] as const)('%s', (_name, kanaria, ksm, expected) => {
    const days = chooseSources(period, { kanaria: covering(kanaria), ksm: covering(ksm) });
    expect(days.map((d) => (d.source === 'kanaria' ? 'K' : d.source === 'ksm' ? 'S' : '-')).join('')).toBe(expected);
    expect(days[0]).toMatchObject({ end: dayEnd(0), day: '2026-11-24' });
  });

  it('a day outside the period or without any source is never counted', () => {
    const days = chooseSources(period, { kanaria: covering([]), ksm: [{ labels: {}, points: [[period.start, F]] }] });
    expect(days.every((d) => d.source === undefined)).toBe(true);
    expect(sourceSummary(days)).toEqual({ kanaria: 0, ksm: 0, noData: ['2026-11-24 – 2026-11-30'] });
  });
});

describe('gpuUsage: each day counts the source chosen for it', () => {
  const A100 = 'NVIDIA-A100-SXM4-80GB';
  const kanariaLabels = (namespace: string) => ({
    namespace,
    pool: 'a100',
    product: A100,
    resource: 'nvidia.com/gpu',
    kind: 'gpu',
  });
  const recorded = (namespace: string, units: Record<number, number>): DailySeries => ({
    labels: kanariaLabels(namespace),
    points: Object.entries(units).map(([i, u]) => [dayEnd(Number(i)), allDay(u)] as const),
  });
  const every = (units: number) => Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((i) => [i, units]));
  /** kube-state-metrics the first 5 days, Kanaria the last 2 (as chooseSources gives for a switch). */
  const switched = chooseSources(period, {
    kanaria: [{ labels: {}, points: [5, 6].map((i) => [dayEnd(i), 288] as const) }],
    ksm: [{ labels: {}, points: [0, 1, 2, 3, 4, 5, 6].map((i) => [dayEnd(i), 288] as const) }],
  });

  it('a switch mid-period: every day counted once, from its own source; a row of both says mixed', () => {
    const report = usage({
      days: switched,
      // Both sources saw research's 2 A100s all week; only kube-state-metrics saw ml's, only Kanaria serving's.
      allocated: [
        ksm('research', 'a100-0', 'nvidia_com_gpu', every(2)),
        ksm('ml', 'a100-0', 'nvidia_com_gpu', every(1)),
      ],
      kanaria: {
        nodes: [],
        allocated: [recorded('research', every(2)), recorded('serving', { 5: 1, 6: 1 })],
        equivalents: [recorded('research', every(2)), recorded('serving', { 5: 1, 6: 1 })],
      },
    });
    expect(report.rows.map((r) => [r.namespace, r.allocatedHours, r.source])).toEqual([
      ['ml', 5 * 24, 'ksm'],
      ['research', 7 * 48, 'mixed'],
      ['serving', 2 * 24, 'kanaria'],
    ]);
    expect(report.daily.filter((d) => d.namespace === 'research').map((d) => d.hours)).toEqual(Array(7).fill(48));
    expect(usageCsv(report).split('\r\n')[2]).toMatch(/,research,.*,mixed$/);
  });

  it('Kanaria only on the last days and nothing from kube-state-metrics: the earlier days are “no data”, not 0', () => {
    const days = chooseSources(period, {
      kanaria: [{ labels: {}, points: [4, 5, 6].map((i) => [dayEnd(i), 288] as const) }],
      ksm: [],
    });
    const report = usage({
      days,
      kanaria: { nodes: [], allocated: [recorded('research', { 4: 2, 5: 2, 6: 2 })] },
    });
    expect(report.totals.equivalentHours).toBe(3 * 48);
    expect(sourceSummary(report.days)).toEqual({ kanaria: 3, ksm: 0, noData: ['2026-11-24 – 2026-11-27'] });
  });

  it.each([
    [
      'en',
      'Allocation, day by day: Kanaria’s own samples (kanaria_gpu_allocated) on 2 days, kube-state-metrics (kube_pod_container_resource_requests) on 4 days.',
      'No allocation data on 2026-11-26 (UTC): nothing is counted for those days.',
      'Allocation: kube-state-metrics (kube_pod_container_resource_requests).',
    ],
    [
      'ja',
      '割り当て（日ごと）: Kanaria 自身の記録（kanaria_gpu_allocated）2日分、kube-state-metrics（kube_pod_container_resource_requests）4日分。',
      '2026-11-26（UTC）は割り当てのデータがありません。この日は集計に含まれていません。',
      '割り当て: kube-state-metrics（kube_pod_container_resource_requests）。',
    ],
  ] as const)(
    'the message says which source covered how many days, and the days without data (%s)',
    (locale, sources, gap, whole) => {
      const days = chooseSources(period, {
        kanaria: [{ labels: {}, points: [5, 6].map((i) => [dayEnd(i), 288] as const) }],
        ksm: [{ labels: {}, points: [0, 1, 3, 4].map((i) => [dayEnd(i), 288] as const) }],
      });
      const allocated = [ksm('ml', 'a100-0', 'nvidia_com_gpu', every(1))];
      const text = (report: UsageReport) => JSON.stringify(gpuUsageMessage(wordsFor(locale), report).blocks);
      const mixed = text(usage({ days, allocated }));
      expect(mixed).toContain(sources);
      expect(mixed).toContain(gap);
      // One source all along: said once, no day count.
      const single = text(usage({ allocated }));
      expect(single).toContain(whole);
      expect(single).not.toContain(gap.slice(10));
    },
  );
});

describe('usageCsv: RFC 4180, no formula injection', () => {
  it.each([
    ['ml', 'ml'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', `"'+1"`],
    ['-1', `"'-1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
  ])('%s → %s', (cell, quoted) => expect(csvText(cell)).toBe(quoted));

  it('one line per row with the period in UTC; unknown cells empty', () => {
    const report = usage({
      prices: { currency: 'USD', perGpuHour: { '*': 2.5 } },
      allocated: [ksm('=cmd', 'a100-0', 'nvidia_com_gpu', { 0: 1 })],
    });
    expect(usageCsv(report).split('\r\n')).toEqual([
      'period_start_utc,period_end_utc,namespace,product,resource,kind,allocated_hours,busy_gpu_hours,gpu_equivalent_hours,efficiency,price_per_gpu_hour,cost,currency,source',
      `2026-11-24T00:00:00Z,2026-12-01T00:00:00Z,"'=cmd",NVIDIA-A100-SXM4-80GB,nvidia.com/gpu,gpu,24,,24,,2.5,60,USD,ksm`,
      '',
    ]);
  });
});

describe('parseUsageArgs: `/gpu usage [<namespace>|pool <name>] [7d|30d]`', () => {
  it.each([
    [[], { period: '7d' }],
    [['30d'], { period: '30d' }],
    [['ml-research'], { period: '7d', scope: { kind: 'namespace', name: 'ml-research' } }],
    [['ml-research', '30d'], { period: '30d', scope: { kind: 'namespace', name: 'ml-research' } }],
    [['pool', 'a100', '7d'], { period: '7d', scope: { kind: 'pool', name: 'a100' } }],
  ])('%j → %j', (args, parsed) => expect(parseUsageArgs(args)).toEqual(parsed));

  it.each([
    [['9d'], 'usage.badPeriod', { period: '9d' }],
    [['ml', '24h'], 'usage.badPeriod', { period: '24h' }],
    [['30d', 'ml'], 'usage.badPeriod', { period: '30d' }],
    [['pool'], 'usage.poolMissing', {}],
    [['a', 'b'], 'usage.badName', { name: 'a b' }],
    [['<!here>'], 'usage.badName', { name: '<!here>' }],
  ])('%j is refused (%s)', (args, key, params) =>
    expect(() => parseUsageArgs(args)).toThrow(expect.objectContaining({ key, params }) as Error),
  );
});

describe('allocationSamples: what Kanaria records for showback', () => {
  const node = (name: string, pool: string, product: string, resource: string, kind: 'gpu' | 'mig' | 'shared') =>
    ({
      name,
      pool,
      product,
      resources: [{ resource, kind, capacity: 8, allocatable: 8 }],
      cordoned: false,
      ready: true,
    }) satisfies NodeSummary;
  const pod = (namespace: string, name: string, requests: Record<string, number>, on?: string): PodUsage => ({
    namespace,
    name,
    phase: on ? 'Running' : 'Pending',
    requests,
    ...(on && { node: on }),
  });

  it('units and GPU-equivalents per namespace, pool, product, resource and kind; pending pods hold nothing', () => {
    const nodes = [
      node('a100-0', 'a100', 'NVIDIA-A100-SXM4-80GB', 'nvidia.com/gpu', 'gpu'),
      node('h100-0', 'h100', 'NVIDIA-H100-80GB-HBM3', 'nvidia.com/mig-1g.10gb', 'mig'),
    ];
    const samples = allocationSamples(nodes, [
      pod('ml', 'a', { 'nvidia.com/gpu': 2 }, 'a100-0'),
      pod('ml', 'b', { 'nvidia.com/gpu': 1 }, 'a100-0'),
      pod('ml', 'c', { 'nvidia.com/mig-1g.10gb': 2 }, 'h100-0'),
      pod('ml', 'waiting', { 'nvidia.com/gpu': 8 }),
    ]);
    expect(samples.map((s) => [s.labels.resource, s.labels.pool, s.units, s.equivalents])).toEqual([
      ['nvidia.com/gpu', 'a100', 3, 3],
      ['nvidia.com/mig-1g.10gb', 'h100', 2, 2 / 7],
    ]);
  });

  it('a time-sliced replica is 1/replicas of a GPU, as the node offers it', () => {
    const t4: NodeSummary = {
      ...node('t4-0', 't4', 'Tesla-T4-SHARED', 'nvidia.com/gpu', 'shared'),
      resources: [{ resource: 'nvidia.com/gpu', kind: 'shared', capacity: 4, allocatable: 4, replicas: 4 }],
    };
    expect(allocationSamples([t4], [pod('serving', 'llm-0', { 'nvidia.com/gpu': 2 }, 't4-0')])).toEqual([
      {
        labels: {
          namespace: 'serving',
          pool: 't4',
          product: 'Tesla-T4-SHARED',
          resource: 'nvidia.com/gpu',
          kind: 'shared',
        },
        units: 2,
        equivalents: 0.5,
      },
    ]);
  });
});

describe('gpuUsageChartSpec: GPU-hours per day stacked by namespace', () => {
  it('every day of the period on the x axis, namespaces largest first, words and dates in the reader’s language', () => {
    const report = usage({
      allocated: [
        ksm('small', 'a100-0', 'nvidia_com_gpu', { 2: 1 }),
        ksm('big', 'a100-0', 'nvidia_com_gpu', { 0: 4, 6: 4 }),
      ],
    });
    const spec = gpuUsageChartSpec(wordsFor('ja'), report) as unknown as {
      title: { text: string };
      encoding: { x: { scale: { domain: string[] }; title: string }; color: { scale: { domain: string[] } } };
      data: { values: { day: string; namespace: string; hours: number }[] };
    };
    expect(spec.encoding.x.scale.domain).toEqual(['11/24', '11/25', '11/26', '11/27', '11/28', '11/29', '11/30']);
    expect(spec.encoding.x.title).toBe('日付（UTC）');
    expect(spec.title.text).toBe('名前空間別の1日あたりGPU時間（クラスタ全体、直近7日）');
    expect(spec.encoding.color.scale.domain).toEqual(['big', 'small']);
    expect(spec.data.values).toContainEqual(expect.objectContaining({ day: '11/30', namespace: 'big', hours: 96 }));
  });
});

describe('gpuUsageMessage: numbers, currency and words in the reader’s language', () => {
  const report = usage({
    prices: { currency: 'JPY', perGpuHour: { '*': 300 } },
    allocated: [ksm('ml', 'h100-0', 'nvidia_com_mig_1g_10gb', { 0: 7, 1: 7 })],
    // Seven 1g.10gb instances, each 50 % active (Prometheus sums them into one series).
    busy: [busy('ml', 'h100-0', 'NVIDIA H100 80GB HBM3', { 0: 3.5, 1: 3.5 }, '1g.10gb')],
  });

  it.each([
    ['en', 'GPU showback (whole cluster), last 7 days: 48.0 GPU-hours allocated, 50% efficiency, cost ¥14,400'],
    ['ja', 'GPUショーバック（クラスタ全体、直近7日）: 割り当て 48.0 GPU時間、効率 50%、コスト ￥14,400'],
  ] as const)('%s', (locale, title) => {
    const message = gpuUsageMessage(wordsFor(locale), report);
    expect(message.text).toBe(title);
    const body = JSON.stringify(message.blocks);
    expect(body).toContain('2026-11-24 00:00 – 2026-12-01 00:00 UTC');
    expect(body).toMatch(/ml +48\.0 +24\.0 +50% +[¥￥]14,400 +0\.0 +0\.0 +1g\.10gb 336\.0/);
  });
});

describe('gpuUsageMessage: long tables', () => {
  it('shows whole rows only, and says how many more the CSV has, within what Slack takes', () => {
    const nodes = [
      { node: 'mixed-0', pool: 'h100', product: 'NVIDIA-H100-80GB-HBM3' },
      { node: 'single-0', pool: 'h100-single', product: 'NVIDIA-H100-80GB-HBM3-MIG-1g.10gb' },
    ];
    const allocated = Array.from({ length: 20 }, (_, i) => [
      ksm(`team-machine-learning-${i}`, 'mixed-0', 'nvidia_com_mig_3g_40gb', { 0: 1234 }),
      ksm(`team-machine-learning-${i}`, 'single-0', 'nvidia_com_gpu', { 0: 1234 }),
    ]).flat();
    const report = usage({ nodes, allocated, prices: { currency: 'JPY', perGpuHour: { '*': 600 } } });
    for (const locale of ['en', 'ja'] as const) {
      const t = wordsFor(locale);
      const texts = (gpuUsageMessage(t, report).blocks ?? []).map((b) =>
        b.type === 'section' && b.text ? b.text.text : '',
      );
      const rowTable = texts.find((text) => text.includes('RESOURCE')) ?? '';
      expect(rowTable.length).toBeLessThanOrEqual(3000);
      const lines = rowTable.replace(/^```\n|\n```$/g, '').split('\n');
      const shown = lines.length - 2; // the header and the last line
      expect(lines.at(-1)).toBe(t('common.andMore', { count: 40 - shown }));
      // Every row shown is whole: it ends with its cost.
      for (const line of lines.slice(1, -1)) expect(line).toMatch(/[¥￥][\d,]+$/);
    }
  });
});

describe('an unknown namespace or pool, as a person reads it', () => {
  const refusal = (kind: 'namespace' | 'pool') =>
    new Refusal('usage.unknownScope', {
      kind,
      name: 'reserch',
      days: 7,
      near: ['research'],
      known: 'ml, research',
      context: 'near',
    });
  it.each([
    ['en', 'namespace', 'No namespace `reserch` held GPUs in the last 7 days. Did you mean `research`?'],
    ['ja', 'namespace', '直近7日に GPU を割り当てられた名前空間 `reserch` はありません。`research` のことですか？'],
    ['ja', 'pool', '直近7日に GPU を割り当てられたプール `reserch` はありません。`research` のことですか？'],
  ] as const)('%s, %s: the kind in the reader’s words', (locale, kind, message) => {
    expect(explain(wordsFor(locale), refusal(kind)).message).toBe(message);
  });
});

describe('gpu.prices in kanaria.yaml', () => {
  const APPS = 'apps:\n  web: { manifest: apps/web/deployment.yaml, container: web }\n';
  it('a price per GPU-hour per product, in USD unless said', () => {
    const config = parseConfig(
      `${APPS}gpu:\n  prices: { perGpuHour: { NVIDIA-A100-SXM4-80GB: 2.2, "*": 1 } }\n`,
      'k.yaml',
    );
    expect(config.gpu?.prices?.currency).toBe('USD');
    expect(priceOf(config.gpu?.prices, 'NVIDIA-A100-SXM4-80GB-MIG-1g.10gb')).toBe(2.2);
    // Read from a record without a prototype: a product named like Object's members finds only `*`.
    expect(priceOf(config.gpu?.prices, 'constructor')).toBe(1);
  });

  it.each([
    ['prices: { currency: usd, perGpuHour: { "*": 1 } }', 'ISO 4217'],
    ['prices: { perGpuHour: { "*": -1 } }', '>=0'],
    ['prices: { currency: EUR }', 'perGpuHour'],
  ])('%s is refused, naming what is wrong', (prices, why) => {
    expect(() => parseConfig(`${APPS}gpu:\n  ${prices}\n`, 'k.yaml')).toThrow(why);
  });
});
