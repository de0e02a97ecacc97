import { describe, expect, it } from 'vitest';
import { GPU_COLOURS, gpuChartSpec, gpuRowLabel, MAX_GPU_BARS } from '../../src/blocks/gpu-chart.js';
import { MAX_CHART_BYTES, renderChart, renderSvg } from '../../src/charts/render.js';
import type { CapacityRow, GpuKind } from '../../src/domain/gpu.js';
import { wordsFor } from '../../src/i18n/index.js';
import { decode } from '../helpers/png.js';
import { textsOf } from '../helpers/svg.js';

const en = wordsFor('en');
const ja = wordsFor('ja');
const hex = (colour: string) => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));

function row(
  product: string,
  pool: string,
  kind: GpuKind,
  resource: string,
  parts: { requested: number; free: number; unavailable?: number; unhealthy?: number },
): CapacityRow {
  const { requested, free, unavailable = 0, unhealthy = 0 } = parts;
  const allocatable = requested + free + unavailable;
  // Only what the chart reads: the report's other figures (GPU-equivalents and the like) do not matter here.
  return {
    product,
    pool,
    kind,
    resource,
    nodes: 2,
    capacity: allocatable + unhealthy,
    allocatable,
    requested,
    free,
    unavailable,
    unhealthy,
    utilisation: requested / allocatable,
  } as CapacityRow;
}
const rows = [
  row('NVIDIA-A100-SXM4-80GB', 'a100', 'gpu', 'nvidia.com/gpu', {
    requested: 18,
    free: 14,
    unavailable: 4,
    unhealthy: 2,
  }),
  row('NVIDIA-H100-80GB-HBM3', 'h100', 'mig', 'nvidia.com/mig-1g.10gb', { requested: 9, free: 5 }),
  row('Tesla-T4-SHARED', 't4', 'shared', 'nvidia.com/gpu.shared', { requested: 3, free: 13 }),
];

describe('gpuChartSpec', () => {
  it('labels each bar by product and pool, with the resource where the product does not say what is counted', () => {
    expect(rows.map((r) => gpuRowLabel(en, r))).toEqual([
      'NVIDIA-A100-SXM4-80GB · a100',
      'NVIDIA-H100-80GB-HBM3 · h100 · mig-1g.10gb',
      'Tesla-T4-SHARED · t4 · gpu.shared',
    ]);
  });

  it('stacks requested, free, unavailable and unhealthy in that order, in table order, with a legend in the reader language', () => {
    for (const [t, parts, title] of [
      [en, ['Requested', 'Free', 'Idle on cordoned/NotReady nodes', 'Unhealthy'], 'GPUs per product and pool'],
      [ja, ['要求済み', '空き', 'cordon済み/NotReadyのノード上で未使用', '異常'], 'プロダクト・プールごとのGPU'],
    ] as const) {
      const spec = JSON.parse(JSON.stringify(gpuChartSpec(t, rows)));
      expect(spec.title.text).toBe(title);
      expect(spec.encoding.color.scale).toEqual({
        domain: parts,
        range: [GPU_COLOURS.requested, GPU_COLOURS.free, GPU_COLOURS.unavailable, GPU_COLOURS.unhealthy],
      });
      expect(spec.encoding.y.sort).toEqual(rows.map((r) => gpuRowLabel(t, r)));
      expect(spec.data.values.slice(0, 4)).toEqual([
        { row: 'NVIDIA-A100-SXM4-80GB · a100', part: parts[0], order: 0, value: 18 },
        { row: 'NVIDIA-A100-SXM4-80GB · a100', part: parts[1], order: 1, value: 14 },
        { row: 'NVIDIA-A100-SXM4-80GB · a100', part: parts[2], order: 2, value: 4 },
        { row: 'NVIDIA-A100-SXM4-80GB · a100', part: parts[3], order: 3, value: 2 },
      ]);
    }
  });

  it('keeps rows that read alike as bars of their own', () => {
    const twice = [rows[2], rows[2]].filter((r): r is CapacityRow => r !== undefined);
    const spec = JSON.parse(JSON.stringify(gpuChartSpec(en, twice)));
    expect(spec.encoding.y.sort).toEqual([
      'Tesla-T4-SHARED · t4 · gpu.shared',
      'Tesla-T4-SHARED · t4 · gpu.shared (2)',
    ]);
  });

  it(`shows at most ${MAX_GPU_BARS} bars and says how many rows are left out`, () => {
    const many = Array.from({ length: 14 }, (_, i) =>
      row(`P${i}`, 'pool', 'gpu', 'nvidia.com/gpu', { requested: 1, free: 1 }),
    );
    const spec = JSON.parse(JSON.stringify(gpuChartSpec(en, many)));
    expect(spec.encoding.y.sort).toHaveLength(MAX_GPU_BARS);
    expect(spec.title.subtitle).toBe('… and 2 more rows not shown');
  });
});

describe('the GPU chart, rendered', () => {
  it('holds the title, the bar labels, the axis with its unit, its values and the legend in both languages', async () => {
    expect(textsOf(await renderSvg(gpuChartSpec(en, rows), { locale: 'en' }))).toEqual(
      expect.arrayContaining([
        'GPUs per product and pool',
        'NVIDIA-A100-SXM4-80GB · a100',
        'NVIDIA-H100-80GB-HBM3 · h100 · mig-1g.10gb',
        'Requested',
        'Free',
        'Idle on cordoned/NotReady nodes',
        'Unhealthy',
        'Devices (GPUs; MIG slices and shared replicas on their rows)',
        '0',
        '35',
      ]),
    );
    expect(textsOf(await renderSvg(gpuChartSpec(ja, rows), { locale: 'ja' }))).toEqual(
      expect.arrayContaining([
        'プロダクト・プールごとのGPU',
        '要求済み',
        '空き',
        'cordon済み/NotReadyのノード上で未使用',
        '異常',
      ]),
    );
  });

  it('groups thousands in the axis values', async () => {
    const big = [row('NVIDIA-H100-80GB-HBM3', 'h100', 'gpu', 'nvidia.com/gpu', { requested: 2400, free: 600 })];
    expect(textsOf(await renderSvg(gpuChartSpec(en, big), { locale: 'en' }))).toContain('2,000');
  });

  it('draws one bar per row in the four colours, within the size budget', async () => {
    const png = await renderChart(gpuChartSpec(en, rows), { locale: 'en' });
    const image = decode(png);
    expect(png.length).toBeLessThan(MAX_CHART_BYTES);
    // The legend's squares are a short band at the top; the bars are taller bands below it.
    const bars = image.bands(hex(GPU_COLOURS.requested)).filter(([a, b]) => b - a > 30);
    expect(bars).toHaveLength(3);
    const [a100] = bars;
    for (const colour of Object.values(GPU_COLOURS))
      expect(image.count(hex(colour), 0, image.width, a100?.[0], (a100?.[1] ?? 0) + 1)).toBeGreaterThan(500);
    // Free on the MIG and shared rows, nothing unhealthy there.
    for (const [top, bottom] of bars.slice(1)) {
      expect(image.count(hex(GPU_COLOURS.free), 0, image.width, top, bottom + 1)).toBeGreaterThan(500);
      expect(image.count(hex(GPU_COLOURS.unhealthy), 0, image.width, top, bottom + 1)).toBe(0);
    }
  });
});
