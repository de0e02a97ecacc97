import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { budgetChartSpec } from '../../src/blocks/budget-chart.js';
import { renderChart } from '../../src/charts/render.js';
import { wordsFor } from '../../src/i18n/index.js';
import { decode } from '../helpers/png.js';

/* Its own file: the warning is once per process (vitest runs each file in its own). */
describe('a Japanese chart without a CJK font', () => {
  const empty = mkdtempSync(join(tmpdir(), 'kanaria-fonts-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));
  const points = [
    [1_700_000_000, 1],
    [1_700_003_600, 0.5],
  ] as const;

  it('is still drawn, and says once, in the log, what is missing and how to fix it', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_: object, message: string) => void warnings.push(message) };
    const en = await renderChart(budgetChartSpec(wordsFor('en'), { app: 'web', slo: 'a', points: [...points] }), {
      locale: 'en',
      fontDir: empty,
      logger,
    });
    expect(warnings).toEqual([]); // English needs no CJK font
    for (let i = 0; i < 2; i++) {
      const png = await renderChart(budgetChartSpec(wordsFor('ja'), { app: 'web', slo: 'a', points: [...points] }), {
        locale: 'ja',
        fontDir: empty,
        logger,
      });
      expect(decode(png).width).toBeGreaterThan(0);
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no Japanese \(CJK\) font/);
    expect(warnings[0]).toMatch(/fonts-ipaexfont-gothic or set KANARIA_CHART_FONT_DIR/);
    expect(decode(en).width).toBeGreaterThan(0);
  });
});
