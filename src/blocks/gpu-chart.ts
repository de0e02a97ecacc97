import { PNG } from 'pngjs';
import type { CapacityRow } from '../domain/gpu.js';
import type { Words } from '../i18n/index.js';

/** The upload's title, saying what the bars mean (the PNG carries no text: no fonts here). */
export const gpuChartTitle = (t: Words): string => t('blocks.gpu.chart');

const COLOURS = {
  requested: [0x1f, 0x77, 0xb4],
  free: [0x2c, 0xa0, 0x2c],
  unavailable: [0x99, 0x99, 0x99],
  unhealthy: [0xd6, 0x27, 0x28],
} as const;
const MAX_GPU_BARS = 12;

/**
 * Allocated against free GPUs per product and pool as horizontal stacked bars (PNG), one per report row,
 * scaled to the largest capacity. Pure, hand-drawn like the canary chart (no native canvas dependency).
 */
export function renderGpuChart(rows: readonly CapacityRow[], width = 800, barHeight = 28): Buffer {
  const shown = rows.slice(0, MAX_GPU_BARS);
  const height = Math.max(1, shown.length) * (barHeight + 8) + 8;
  const png = new PNG({ width, height });
  png.data.fill(0xff);
  const max = Math.max(1, ...shown.map((r) => r.capacity));
  const span = width - 16;
  shown.forEach((row, i) => {
    const top = 8 + i * (barHeight + 8);
    let x = 8;
    for (const [part, value] of [
      ['requested', row.requested],
      ['free', row.free],
      ['unavailable', row.unavailable],
      ['unhealthy', row.unhealthy],
    ] as const) {
      const w = Math.round((value / max) * span);
      const [r, g, b] = COLOURS[part];
      for (let px = x; px < Math.min(x + w, width - 8); px++) {
        for (let py = top; py < top + barHeight; py++) {
          const at = (py * width + px) * 4;
          png.data[at] = r;
          png.data[at + 1] = g;
          png.data[at + 2] = b;
        }
      }
      x += w;
    }
  });
  return PNG.sync.write(png);
}
