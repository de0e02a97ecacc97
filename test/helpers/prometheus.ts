import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { stopChild } from './cli.js';
import { freePort } from '../../src/adapters/redis.js';

export const hasPrometheus = (): boolean => spawnSync('prometheus', ['--version'], { stdio: 'ignore' }).status === 0;

export interface RunningPrometheus {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A real Prometheus (Debian's package) with a temporary TSDB, scraping `targets` (host:port) every second;
 * `flags` are passed on (e.g. `--query.max-samples=100`); `ruleFiles` (recording/alerting rule files) are
 * copied beside its configuration and evaluated every second; `backfill` (OpenMetrics text, ending `# EOF`) is
 * written into the TSDB as blocks before it starts (`promtool tsdb create-blocks-from openmetrics`): history
 * without waiting for it (pass a `--storage.tsdb.retention.time` that keeps it).
 */
export async function startPrometheus(
  targets: readonly string[],
  flags: readonly string[] = [],
  options: { readonly ruleFiles?: readonly string[]; readonly backfill?: string } = {},
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'kanaria-prometheus-'));
  const port = await freePort();
  if (options.backfill !== undefined) {
    writeFileSync(join(dir, 'backfill.om'), options.backfill);
    execFileSync('promtool', [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      '-q',
      join(dir, 'backfill.om'),
      join(dir, 'data'),
    ]);
    rmSync(join(dir, 'backfill.om'));
  }
  const rules = (options.ruleFiles ?? []).map((file, i) => {
    const copy = `${i}-${basename(file)}`;
    copyFileSync(file, join(dir, copy));
    return copy;
  });
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global: { scrape_interval: 1s, evaluation_interval: 1s }\n` +
      (rules.length > 0 ? `rule_files: [${rules.map((r) => `'${r}'`).join(', ')}]\n` : '') +
      `scrape_configs:\n  - job_name: apps\n    static_configs:\n      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n`,
  );
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...flags,
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
      throw new Error('prometheus did not become ready');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until Prometheus holds `samples` scrapes (over the last minute) of every series `selector` names: a loaded
 * machine scrapes late, and a sped-up burn window without two samples reads as no data.
 */
export async function waitForScrapes(url: string, selector: string, samples = 6): Promise<void> {
  const query = encodeURIComponent(`min(count_over_time(${selector}[1m]))`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = (await (await fetch(`${url}/api/v1/query?query=${query}`)).json()) as {
      data: { result: { value: [number, string] }[] };
    };
    if (Number(answer.data.result[0]?.value[1] ?? 0) >= samples) return;
    if (Date.now() > deadline) throw new Error(`Prometheus has not scraped ${selector} ${samples} times`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
