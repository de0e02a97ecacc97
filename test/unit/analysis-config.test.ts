import { describe, expect, it } from 'vitest';
import { analysisSchema, analysisSettings } from '../../src/domain/analysis-config.js';

const latency = 'histogram_quantile(0.99, sum by (le) (rate(x_bucket{h="{{hash}}"}[1m])))';

describe('analysis metric units (shown over the metric’s chart panel)', () => {
  it('carries a configured unit to the metric, and none where none is given', () => {
    const config = analysisSchema.parse({ latencyP99: { query: latency, unit: 's' }, errors: 'sum(x{h="{{hash}}"})' });
    expect(analysisSettings(config).metrics.map((m) => [m.name, m.unit])).toEqual([
      ['latencyP99', 's'],
      ['errors', undefined],
    ]);
  });

  it.each([[''], ['a unit far too long to fit']])('refuses the unit %j', (unit) => {
    expect(analysisSchema.safeParse({ latencyP99: { query: latency, unit } }).success).toBe(false);
  });
});
