import { stringify } from 'yaml';
import { BURN_WINDOWS } from '../../src/domain/slo/types.js';
import { prometheusDurationName } from '../../src/adapters/slo-source.js';
import { burnWindowSeconds, promDuration } from '../../src/domain/slo/windows.js';

/**
 * The SLI recording rules Sloth generates for one SLO (`sloth generate`, group `sloth-slo-sli-recordings-<id>`):
 * `slo:sli_error:ratio_rate<w>` for the Workbook's windows, each errors ÷ total over that range, and the SLO
 * window's `slo:sli_error:ratio_rate<window>` as the average of the 5m rule over the window. Same names and
 * labels as Sloth's; the ranges are those of a sped-up SLO when `windowSeconds` is under 28 days (a 12h window
 * records `ratio_rate5m` over [5s], `ratio_rate1h` over [1m]), as Kanaria reads them.
 */
export function slothRules(slo: {
  readonly id: string;
  readonly service: string;
  readonly name: string;
  readonly windowSeconds: number;
  /** PromQL with `{{window}}` where the range goes, as in Sloth's `error_query` / `total_query`. */
  readonly errors: string;
  readonly total: string;
}): string {
  const spec = { name: slo.name, objective: 99, windowSeconds: slo.windowSeconds };
  const labels = { sloth_id: slo.id, sloth_service: slo.service, sloth_slo: slo.name };
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  const window = prometheusDurationName(slo.windowSeconds);
  const at = (query: string, range: string) => query.replaceAll('{{window}}', range);
  return stringify({
    groups: [
      {
        name: `sloth-slo-sli-recordings-${slo.id}`,
        rules: [
          ...BURN_WINDOWS.map((w) => {
            const range = promDuration(burnWindowSeconds(w, spec));
            return {
              record: `slo:sli_error:ratio_rate${w}`,
              expr: `(${at(slo.errors, range)})\n/\n(${at(slo.total, range)})\n`,
              labels: { ...labels, sloth_window: w },
            };
          }),
          {
            record: `slo:sli_error:ratio_rate${window}`,
            expr:
              `sum_over_time(slo:sli_error:ratio_rate5m{${selector}}[${window}])\n` +
              `/ ignoring (sloth_window)\n` +
              `count_over_time(slo:sli_error:ratio_rate5m{${selector}}[${window}])\n`,
            labels: { ...labels, sloth_window: window },
          },
        ],
      },
    ],
  });
}

/**
 * Pyrra's burn-rate recording rules for a ratio SLO (pyrra-dev/pyrra slo/rules.go, `Burnrates`): per window
 * `<metric without _total>:burnrate<w>` = errors ÷ total, labelled `slo="<name>"`. Pyrra's windows for a 28-day
 * SLO are 5m, 30m, 1h, 2h, 6h, 1d and 4d (not the Workbook's 3d); here with the ranges of a sped-up SLO.
 */
export function pyrraRules(slo: {
  readonly name: string;
  readonly windowSeconds: number;
  /** The counter, e.g. `http_requests_total`, and the matchers of all events and of the bad ones. */
  readonly metric: string;
  readonly total: string;
  readonly errors: string;
}): string {
  const spec = { name: slo.name, objective: 99, windowSeconds: slo.windowSeconds };
  const record = slo.metric.replace(/_total$/, '');
  const ranges: (readonly [string, number])[] = [
    ...BURN_WINDOWS.filter((w) => w !== '3d').map((w) => [w, burnWindowSeconds(w, spec)] as const),
    ['4d', Math.round((4 * 86_400 * slo.windowSeconds) / (30 * 86_400))],
  ];
  return stringify({
    groups: [
      {
        name: slo.name,
        rules: ranges.map(([w, seconds]) => ({
          record: `${record}:burnrate${w}`,
          expr:
            `sum(rate(${slo.metric}{${slo.errors}}[${promDuration(seconds)}]))\n` +
            `/\nsum(rate(${slo.metric}{${slo.total}}[${promDuration(seconds)}]))\n`,
          labels: { slo: slo.name },
        })),
      },
    ],
  });
}
