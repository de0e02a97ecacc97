import { readFile, realpath, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * One data directory, one redis-server. The terminal's private Redis keeps its AOF in a directory of
 * `.kanaria/`, so any server started there resumes the queue, but two servers appending to one AOF corrupt it.
 * A server can outlive its Kanaria (a SIGKILL reaches the parent only), so each start records who owns the
 * directory and on which port; the next start shuts a leftover server down (SHUTDOWN writes its AOF out) and
 * takes its port again, and refuses a directory whose owner still runs.
 */
const OWNER_FILE = 'kanaria-owner.json';

interface Owner {
  readonly pid: number;
  readonly port: number;
}

/** The directory is in use by another live process. */
export class RedisDirInUseError extends Error {
  override readonly name = 'RedisDirInUseError';
  /** The file that names the owner: deleting it frees the directory. */
  readonly ownerFile: string;
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    const ownerFile = join(dir, OWNER_FILE);
    super(
      `${dir} holds the queue of another running Kanaria (pid ${pid}); two Redis servers on one AOF would corrupt it. Stop that Kanaria first (if pid ${pid} is not Kanaria, delete ${ownerFile}).`,
    );
    this.ownerFile = ownerFile;
  }
}

/** Makes `dir` ours: returns the port of the previous run when it is free again, to keep the same URL. */
export async function claimRedisDir(dir: string): Promise<number | undefined> {
  const owner = await readOwner(dir);
  if (!owner) return undefined;
  if (owner.pid !== process.pid && isAlive(owner.pid)) throw new RedisDirInUseError(dir, owner.pid);
  await shutDownLeftover(dir, owner.port);
  return (await portIsFree(owner.port)) ? owner.port : undefined;
}

export const recordRedisOwner = (dir: string, port: number): Promise<void> =>
  writeFile(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, port } satisfies Owner));

async function readOwner(dir: string): Promise<Owner | undefined> {
  try {
    const { pid, port } = JSON.parse(await readFile(join(dir, OWNER_FILE), 'utf8')) as Partial<Owner>;
    return Number.isInteger(pid) && Number.isInteger(port) ? { pid: pid!, port: port! } : undefined;
  } catch {
    return undefined; // none yet, or half-written by a killed run: nothing to take over
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A redis-server still on `port` and serving this very directory is the leftover; anything else is left alone. */
async function shutDownLeftover(dir: string, port: number): Promise<void> {
  const redis = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
  });
  redis.on('error', () => undefined); // nothing listening: no leftover
  try {
    await redis.connect();
    const [, served] = (await redis.config('GET', 'dir')) as string[];
    if (served !== (await realpath(dir))) return;
    const pid = Number(/^process_id:(\d+)/m.exec(await redis.info('server'))?.[1]);
    await redis.shutdown().catch(() => undefined); // the server closes the connection as it exits
    // Its port is closed after its AOF is written out. The pid may outlive it as a zombie: its parent, the
    // killed run, cannot reap it, and an init that reaps late (some VMs, containers) kept us waiting seconds.
    for (let attempt = 0; attempt < 100 && isAlive(pid) && !(await portIsFree(port)); attempt++)
      await new Promise((r) => setTimeout(r, 50));
  } catch {
    // Refused, or not a Redis we can ask: not ours.
  } finally {
    redis.disconnect();
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
