import { describe, expect, it } from 'vitest';
import {
  BUDGET_LINE,
  OVERSPENT,
  renderBudgetChart,
  ZERO_LINE,
  type BudgetPoint,
} from '../../src/blocks/budget-chart.js';
import { decode } from '../helpers/png.js';

/** One point an hour over 30 days from unix time 1.7e9, valued by `f(hour)`. */
const budget = (f: (hour: number) => number, hours = 720): BudgetPoint[] =>
  Array.from({ length: hours + 1 }, (_, h) => [1_700_000_000 + 3600 * h, f(h)] as const);

describe('renderBudgetChart', () => {
  it('is 800 × 200 px by default on opaque white with a grey frame, and follows the options', () => {
    const image = decode(renderBudgetChart(budget(() => 1)));
    expect([image.width, image.height]).toEqual([800, 200]);
    expect(image.pixel(0, 0)).toEqual([255, 255, 255, 255]);
    const [r, g, b] = image.pixel(8, 100); // the frame's left edge
    expect([r === g, g === b, r! > 150 && r! < 255]).toEqual([true, true, true]);
    const small = decode(renderBudgetChart([], { width: 300, height: 120 }));
    expect([small.width, small.height]).toEqual([300, 120]);
  });

  it('draws an untouched budget at the top, the zero line near the bottom, nothing overspent', () => {
    const image = decode(renderBudgetChart(budget(() => 1)));
    const line = image.rows(BUDGET_LINE);
    const zero = image.rows(ZERO_LINE);
    expect(Math.max(...line)).toBeLessThan(30);
    expect(Math.min(...zero)).toBeGreaterThan(170);
    expect(image.count(ZERO_LINE, 0, 800, zero[0], (zero[0] ?? 0) + 1)).toBeGreaterThan(700); // across the width
    expect(image.count(OVERSPENT)).toBe(0);
  });

  it('shades the overspent part below the zero line, only where the budget is below zero', () => {
    // From full to 1.5 budgets overspent, linearly: zero is crossed at 40 % of the time (x ≈ 10 + 0.4·778 = 321).
    const image = decode(renderBudgetChart(budget((h) => 1 - (2.5 * h) / 720)));
    const zero = Math.min(...image.rows(ZERO_LINE));
    expect(image.count(OVERSPENT)).toBeGreaterThan(10_000);
    expect(image.count(OVERSPENT, 0, 800, 0, zero)).toBe(0); // nothing above zero
    expect(image.count(OVERSPENT, 0, 315)).toBe(0); // nothing before the crossing
    expect(image.count(OVERSPENT, 330, 800)).toBeGreaterThan(0);
    // The line runs from the top left to the bottom right, over the shading.
    expect(image.count(BUDGET_LINE, 0, 60, 0, 30)).toBeGreaterThan(0);
    expect(image.count(BUDGET_LINE, 740, 800, 170, 200)).toBeGreaterThan(0);
  });

  it('keeps zero in view however far the budget is overspent, and the full budget however healthy', () => {
    const overspent = decode(renderBudgetChart(budget(() => -49)));
    expect(overspent.rows(ZERO_LINE).length).toBeGreaterThan(0);
    expect(Math.max(...overspent.rows(ZERO_LINE))).toBeLessThan(Math.min(...overspent.rows(BUDGET_LINE)));
    const healthy = decode(renderBudgetChart(budget(() => 0.99)));
    expect(Math.max(...healthy.rows(BUDGET_LINE))).toBeLessThan(40);
  });

  it('leaves a gap where values are missing, draws a lone point as a dot, and only frame and zero without points', () => {
    const gap = decode(renderBudgetChart(budget((h) => (h >= 300 && h < 420 ? NaN : 0.5))));
    // Hours 299 and 420 are the last and first drawn: x ≈ 10 + 778·299/720 = 333 and 10 + 778·420/720 = 464.
    expect(gap.count(BUDGET_LINE, 340, 460)).toBe(0);
    expect(gap.count(BUDGET_LINE, 0, 330)).toBeGreaterThan(0);
    expect(gap.count(BUDGET_LINE, 470, 800)).toBeGreaterThan(0);
    const lone = decode(
      renderBudgetChart([
        [1, NaN],
        [2, 0.5],
        [3, NaN],
      ]),
    );
    expect(lone.count(BUDGET_LINE)).toBeGreaterThan(0);
    for (const empty of [renderBudgetChart([]), renderBudgetChart([[1, NaN]])]) {
      const image = decode(empty);
      expect(image.count(BUDGET_LINE) + image.count(OVERSPENT)).toBe(0);
      expect(image.count(ZERO_LINE)).toBeGreaterThan(700);
    }
  });

  it('gives the same bytes for the same input', () => {
    const input = budget((h) => Math.cos(h / 50));
    expect(renderBudgetChart(input).equals(renderBudgetChart(input))).toBe(true);
  });
});
