import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

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
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface PrivateRedis {
  readonly url: string;
  stop(): Promise<void>;
}

export const hasRedisServer = (): boolean => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * A redis-server of Kanaria's own on a free loopback port, for the terminal adapter and tests.
 * With `dir`, it keeps an append-only file there, so queued work survives a restart (on the same `fixedPort`).
 */
export async function startPrivateRedis(dir?: string, fixedPort?: number): Promise<PrivateRedis> {
  if (!hasRedisServer()) {
    throw new Error('REDIS_URL is not set and there is no redis-server on the PATH. Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_URL=redis://host:6379.');
  }
  const port = fixedPort ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--daemonize', 'no', '--loglevel', 'warning'];
  if (dir) {
    await mkdir(dir, { recursive: true });
    args.push('--dir', dir, '--appendonly', 'yes');
  } else {
    args.push('--appendonly', 'no');
  }
  // Its own process group: Ctrl-C in the terminal reaches Kanaria, which drains its jobs and then stops this
  // server, instead of the server dying first under jobs that still need it.
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore', detached: true });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  probe.on('error', () => undefined); // refused until the server listens
  try {
    await Promise.race([
      probe.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`redis-server did not start on port ${port}`)), 10_000)),
      new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}`)))),
    ]);
  } catch (error) {
    probe.disconnect();
    child.kill();
    throw error;
  }
  probe.disconnect();
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
