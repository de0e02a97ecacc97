import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { claimRedisDir, recordRedisOwner } from './private-redis-dir.js';
import { PrivateRedisStartError, tailOf } from './redis-server-output.js';

/**
 * Connections as BullMQ wants them: workers block, so never give up on a command. Enqueueing fails fast and is
 * never sent again behind the user's back: a command answered "NOT queued" must not be queued after all when
 * Redis returns (ioredis would otherwise resend unanswered commands on reconnection).
 */
export function connectRedis(url: string, role: 'worker' | 'client'): Redis {
  const client = role === 'client';
  return new Redis(url, {
    maxRetriesPerRequest: client ? 0 : null,
    enableOfflineQueue: !client,
    autoResendUnfulfilledCommands: !client,
    lazyConnect: false,
    connectTimeout: 2_000,
  });
}

export async function waitUntilReady(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis did not become ready within ${timeoutMs} ms`)), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface PrivateRedis {
  readonly url: string;
  stop(): Promise<void>;
}

export const hasRedisServer = (): boolean => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * A redis-server of Kanaria's own on a loopback port, for the terminal adapter and tests.
 * With `dir`, it keeps an append-only file there (fsynced every second; a tail cut short by a kill is dropped
 * on load), so queued work survives a restart, on the previous run's port when it is free. `extraArgs` (tests)
 * come last and override.
 */
export async function startPrivateRedis(
  dir?: string,
  fixedPort?: number,
  extraArgs: readonly string[] = [],
): Promise<PrivateRedis> {
  if (!hasRedisServer()) {
    throw new Error(
      'REDIS_URL is not set and there is no redis-server on the PATH. Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_URL=redis://host:6379.',
    );
  }
  if (dir) await mkdir(dir, { recursive: true });
  const previousPort = dir ? await claimRedisDir(dir) : undefined;
  const port = fixedPort ?? previousPort ?? (await freePort());
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
  ];
  if (dir) {
    args.push('--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--aof-load-truncated', 'yes');
  } else {
    args.push('--appendonly', 'no');
  }
  // Its own process group: Ctrl-C in the terminal reaches Kanaria, which drains its jobs and then stops this
  // server, instead of the server dying first under jobs that still need it.
  // Without a data directory, whatever it might still write (a SHUTDOWN SAVE) lands in the temp directory, not here.
  const child: ChildProcess = spawn('redis-server', [...args, ...extraArgs], {
    cwd: dir ?? tmpdir(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = tailOf(child);
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  probe.on('error', () => undefined); // refused until the server listens
  try {
    await Promise.race([
      probe.ping(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`redis-server did not start on port ${port}`)), 10_000),
      ),
      // 'close' rather than 'exit': by then its last output has been read.
      new Promise((_, reject) => child.once('close', (code) => reject(new PrivateRedisStartError(code, log(), dir)))),
    ]);
  } catch (error) {
    probe.disconnect();
    child.kill();
    throw error;
  }
  probe.disconnect();
  if (dir) await recordRedisOwner(dir, port);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        // A server killed by a signal has no exit code, only a signal code: either way it is gone.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
