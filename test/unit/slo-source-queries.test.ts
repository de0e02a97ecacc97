import { describe, expect, it } from 'vitest';
import { prometheusDurationName, rawRatioQuery, ruleQuery, type SloDefinition } from '../../src/adapters/slo-source.js';

const pair: SloDefinition = {
  objective: 99.9,
  window: '30d',
  sli: {
    errors: 'sum(rate(http_requests_total{code=~"5.."}[{{window}}]))',
    total: 'sum(rate(http_requests_total[{{window}}]))',
  },
};

describe('the queries an SLO is read with', () => {
  it.each([
    [2_592_000, '30d'],
    [2_419_200, '4w'],
    [604_800, '1w'],
    [43_200, '12h'],
    [90_000, '1d1h'],
    [5_400, '1h30m'],
    [5, '5s'],
  ])('names %i seconds as Prometheus (and so Sloth) prints them: %s', (seconds, text) => {
    expect(prometheusDurationName(seconds)).toBe(text);
  });

  it('divides errors (none counted yet: zero) by total over the range, or takes the ratio as given', () => {
    expect(rawRatioQuery(pair, '5m')).toBe(
      '((sum(rate(http_requests_total{code=~"5.."}[5m]))) or on() vector(0)) / (sum(rate(http_requests_total[5m])))',
    );
    const ratio: SloDefinition = { ...pair, sli: { errorRatio: 'job:errors:ratio_rate{{window}}' } };
    expect(rawRatioQuery(ratio, '1h')).toBe('job:errors:ratio_rate1h');
  });

  it.each([
    [{ sloth: 'web-availability' }, '1h', 'slo:sli_error:ratio_rate1h{sloth_id="web-availability"}'],
    [{ sloth: 'web-availability' }, { whole: 2_592_000 }, 'slo:sli_error:ratio_rate30d{sloth_id="web-availability"}'],
    [{ sloth: 'web' }, { whole: 2_419_200 }, 'slo:sli_error:ratio_rate4w{sloth_id="web"}'],
    [{ sloth: 'a"b' }, '5m', 'slo:sli_error:ratio_rate5m{sloth_id="a\\"b"}'],
    [{ pyrra: 'web' }, '1d', '{__name__=~".+:burnrate1d",slo="web"}'],
    [{ pyrra: 'web' }, '3d', undefined],
    [{ pyrra: 'web' }, { whole: 2_419_200 }, undefined],
    [{ errorRatio: 'x:ratio_rate{{window}}{team="a"}' }, '6h', 'x:ratio_rate6h{team="a"}'],
    [{ errorRatio: 'x:ratio_rate{{window}}' }, { whole: 43_200 }, 'x:ratio_rate12h'],
  ] as const)('rules %j over %j read %s', (rules, window, query) => {
    expect(ruleQuery(rules, window)).toBe(query);
  });
});
