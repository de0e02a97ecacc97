import type { ChildProcess } from 'node:child_process';

/** redis-server stopped while starting; `log` holds its last lines, which say why (a port in use, a damaged AOF). */
export class PrivateRedisStartError extends Error {
  override readonly name = 'PrivateRedisStartError';
  /** The AOF in `dir` is damaged inside, not just cut short: redis-check-aof --fix can repair it. */
  readonly damagedAof: boolean;
  constructor(
    readonly exitCode: number | null,
    readonly log: string,
    readonly dir: string | undefined,
  ) {
    const damagedAof = dir !== undefined && /Bad file format reading the append only file/.test(log);
    super(
      `redis-server exited with code ${exitCode} while starting${log ? `: ${log}` : ''}` +
        (damagedAof
          ? `\nThe queue's append-only file in ${dir} is damaged inside, not just cut short. Keep a copy of ${dir}, then run \`redis-check-aof --fix ${dir}/appendonlydir/appendonly.aof.manifest\` (it drops the damaged part and what follows).`
          : ''),
    );
    this.damagedAof = damagedAof;
  }
}

/** Keeps reading the server's output (a full pipe would stall it) and returns its last lines, log prefixes cut. */
export function tailOf(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () =>
    tail
      .split('\n')
      .map((line) => line.replace(/^\d+:[A-Z] [^#*]*[#*] /, '').trim())
      .filter((line) => line && !/oO0OoO0OoO0Oo|^Redis version=|^Configuration loaded|Memory overcommit/.test(line))
      .slice(-3)
      .join(' | ');
}
