import type { Logger } from 'pino';
import type { SloSource } from '../src/adapters/slo-source.js';
import type { SloReport, SloStatusLine } from '../src/blocks/slo.js';
import { slosOf, type Config, type ConfiguredSlo } from '../src/domain/config.js';
import { sloStatus } from '../src/domain/slo/budget.js';
import { burnWindowSeconds } from '../src/domain/slo/windows.js';
import { errorText } from './run-job.js';

/** An SLO read at `now` (unix seconds) and what it means; Prometheus' errors are the caller's to handle. */
export async function readReport(
  source: SloSource,
  slo: ConfiguredSlo,
  now?: number,
): Promise<Extract<SloReport, { kind: 'read' }>> {
  const readings = await source.read(slo.name, slo.config, now);
  const hour = burnWindowSeconds('1h', slo);
  return { kind: 'read', status: sloStatus(slo, readings), ...(hour !== 3600 && { spedUpHour: hour }) };
}

/**
 * How long `/status` waits for an SLO: Prometheus' own retries on a server that does not answer take half a minute,
 * and the rest of the status should not wait for them.
 */
export const STATUS_WAIT_MS = 5_000;

/**
 * The SLO lines of `/status`: read like `/slo`, but never failing: without Prometheus, with Prometheus down, slow
 * or refusing a query, the line says so and the rest of the status stands.
 */
export async function sloStatusLines(
  deps: { readonly config: Config; readonly slo?: SloSource },
  app: string,
  log: Logger,
): Promise<SloStatusLine[]> {
  const slos = slosOf(deps.config, app);
  const source = deps.slo;
  if (!source) return slos.map((s) => ({ kind: 'no-prometheus', slo: s.name }));
  const unavailable = (slo: string, error: unknown): SloStatusLine => {
    log.warn({ err: error, slo }, 'could not read an SLO for /status');
    return { kind: 'unavailable', slo, reason: errorText(error) };
  };
  return Promise.all(
    slos.map((s) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<SloStatusLine>((resolve) => {
        timer = setTimeout(
          () => resolve(unavailable(s.name, new Error(`no answer within ${STATUS_WAIT_MS} ms`))),
          STATUS_WAIT_MS,
        );
      });
      const read = readReport(source, s).catch((error: unknown) => unavailable(s.name, error));
      return Promise.race([read, late]).finally(() => clearTimeout(timer));
    }),
  );
}
