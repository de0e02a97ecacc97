import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { RedisDirInUseError } from '../../src/adapters/private-redis-dir.js';
import { connectRedis, startPrivateRedis, waitUntilReady, type PrivateRedis } from '../../src/adapters/redis.js';
import { PrivateRedisStartError } from '../../src/adapters/redis-server-output.js';
import { readRedisDurability } from '../../src/adapters/redis-durability.js';
import { assessDurability } from '../../src/domain/durability.js';
import { root, stopChild, TSX } from '../helpers/cli.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanaria-durability-'));
  dirs.push(dir);
  return dir;
};
const servers: PrivateRedis[] = [];
const clients: ReturnType<typeof connectRedis>[] = [];
/** Servers this suite started and no PrivateRedis stops (a killed parent's, or one killed here): by pid. */
const strays: number[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.disconnect());
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});
afterAll(() => {
  for (const pid of strays) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

async function start(dir?: string, args: readonly string[] = []): Promise<PrivateRedis> {
  const server = await startPrivateRedis(dir, undefined, args);
  servers.push(server);
  return server;
}
async function connect(server: PrivateRedis) {
  const client = connectRedis(server.url, 'worker');
  clients.push(client);
  await waitUntilReady(client);
  return client;
}
const serverPid = async (client: Awaited<ReturnType<typeof connect>>) =>
  Number(/^process_id:(\d+)/m.exec(await client.info('server'))![1]);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie has exited: an init that reaps late (some VMs, containers) keeps it listed for a while.
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): kill(0) is all there is
  }
};

describe('readRedisDurability + assessDurability against real redis-servers', () => {
  it("the terminal's private Redis (AOF in its directory) is durable and eviction-safe", async () => {
    const redis = await connect(await start(tempDir()));
    const settings = await readRedisDurability(redis);
    expect(settings).toEqual({
      appendonly: true,
      appendfsync: 'everysec',
      save: '',
      maxmemory: 0,
      maxmemoryPolicy: 'noeviction',
      aofWriteFailing: false,
      rdbSaveFailing: false,
    });
    expect(assessDurability(settings)).toEqual({ durable: true, evictionSafe: true, persistence: 'aof', warnings: [] });
  });

  it('a Redis without persistence is reported as keeping nothing', async () => {
    const verdict = assessDurability(await readRedisDurability(await connect(await start())));
    expect(verdict).toMatchObject({ durable: false, persistence: 'none', evictionSafe: true });
    expect(verdict.warnings).toEqual([expect.stringContaining('a Redis restart loses every queued change')]);
  });

  it('a Redis with RDB snapshots only names its schedule', async () => {
    const settings = await readRedisDurability(
      await connect(await start(undefined, ['--dir', tempDir(), '--save', '900 1 60 500'])),
    );
    expect(settings).toMatchObject({ appendonly: false, save: '900 1 60 500' });
    const verdict = assessDurability(settings);
    expect(verdict).toMatchObject({ durable: false, persistence: 'rdb' });
    expect(verdict.warnings).toEqual([
      expect.stringContaining(
        'RDB snapshots only (save "900 1 60 500": every 900 s after ≥ 1 change, every 60 s after ≥ 500 changes)',
      ),
    ]);
  });

  it('a Redis that may evict (maxmemory with allkeys-lru) is not eviction-safe', async () => {
    const verdict = assessDurability(
      await readRedisDurability(
        await connect(await start(tempDir(), ['--maxmemory', '100mb', '--maxmemory-policy', 'allkeys-lru'])),
      ),
    );
    expect(verdict).toMatchObject({ durable: true, evictionSafe: false });
    expect(verdict.warnings).toEqual([expect.stringContaining('maxmemory-policy allkeys-lru with maxmemory 100 MiB')]);
  });

  it('with CONFIG renamed away (as managed services do), INFO tells what it can and the rest is unknown', async () => {
    const redis = await connect(
      await start(tempDir(), [
        '--rename-command',
        'CONFIG',
        '',
        '--maxmemory',
        '1gb',
        '--maxmemory-policy',
        'volatile-lru',
      ]),
    );
    await expect(redis.config('GET', 'appendonly')).rejects.toThrow(/unknown command/);
    const settings = await readRedisDurability(redis);
    expect(settings).toEqual({
      appendonly: true,
      appendfsync: null,
      save: null,
      maxmemory: 2 ** 30,
      maxmemoryPolicy: 'volatile-lru',
      aofWriteFailing: false,
      rdbSaveFailing: false,
    });
    const verdict = assessDurability(settings);
    expect(verdict).toMatchObject({ durable: false, evictionSafe: false, persistence: 'aof' });
    expect(verdict.warnings).toEqual([
      expect.stringContaining('appendfsync is unknown (CONFIG refused)'),
      expect.stringContaining('volatile-lru with maxmemory 1 GiB'),
    ]);
  });

  it("deploy/components/redis' own redis-server arguments give a durable, eviction-safe Redis", async () => {
    type StatefulSet = { kind: string; spec: { template: { spec: { containers: { args: string[] }[] } } } };
    const yaml = readFileSync(join(root, 'deploy/components/redis/redis.yaml'), 'utf8');
    const statefulSet = parseAllDocuments(yaml)
      .map((d) => d.toJS() as StatefulSet)
      .find((d) => d.kind === 'StatefulSet')!;
    const args = [...statefulSet.spec.template.spec.containers[0]!.args];
    args[args.indexOf('--dir') + 1] = tempDir(); // the volume's mount path, here
    const verdict = assessDurability(await readRedisDurability(await connect(await start(undefined, args))));
    expect(verdict).toEqual({ durable: true, evictionSafe: true, persistence: 'aof', warnings: [] });
  });
});

/** The error a start in `dir` fails with; a server that starts after all is stopped with the others. */
const refused = (dir: string): Promise<unknown> =>
  startPrivateRedis(dir).then(
    (server) => void servers.push(server),
    (error: unknown) => error,
  );

describe("the terminal's private Redis keeps the queue across restarts", () => {
  const fill = async (redis: Awaited<ReturnType<typeof connect>>, n: number) => {
    for (let i = 1; i <= n; i++) await redis.rpush('queue', `change-${i}`);
  };
  const queued = async (server: PrivateRedis) => (await connect(server)).lrange('queue', 0, -1);
  const incrAof = (dir: string) =>
    join(
      dir,
      'appendonlydir',
      readdirSync(join(dir, 'appendonlydir')).find((f) => f.endsWith('.incr.aof'))!,
    );

  it('a redis-server killed with SIGKILL, its AOF cut mid-command, comes back with every acknowledged write', async () => {
    const dir = tempDir();
    const first = await start(dir);
    const redis = await connect(first);
    await fill(redis, 50);
    process.kill(await serverPid(redis), 'SIGKILL');
    // What a kill in the middle of a write leaves: half a command at the end.
    appendFileSync(incrAof(dir), '*3\r\n$5\r\nRPUSH\r\n$5\r\nqueue\r\n$9\r\nchange-');
    const again = await start(dir);
    expect(await queued(again)).toEqual(Array.from({ length: 50 }, (_, i) => `change-${i + 1}`));
  });

  it('an AOF damaged inside is refused with what to do, and left as it was', async () => {
    const dir = tempDir();
    const first = await start(dir);
    await fill(await connect(first), 3);
    await first.stop();
    servers.splice(servers.indexOf(first), 1);
    appendFileSync(incrAof(dir), 'not a command\r\n*1\r\n$4\r\nPING\r\n');
    const before = readFileSync(incrAof(dir));
    const error = await refused(dir);
    expect(error).toBeInstanceOf(PrivateRedisStartError);
    expect((error as Error).message).toContain('Bad file format reading the append only file');
    expect((error as Error).message).toContain(`redis-check-aof --fix ${dir}/appendonlydir/appendonly.aof.manifest`);
    expect(readFileSync(incrAof(dir))).toEqual(before);
  });

  it('a Kanaria killed with SIGKILL leaves its redis-server running: the next start shuts it down and takes over its data and port', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', TSX, join(root, 'test/helpers/private-redis-process.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (code) => reject(new Error(`the process exited with ${code} before its Redis started`)));
    });
    const leftover = await connect({ url, stop: async () => undefined });
    const leftoverPid = await serverPid(leftover);
    strays.push(leftoverPid);
    await fill(leftover, 20);
    leftover.disconnect();
    child.kill('SIGKILL');
    await stopChild(child);
    expect(isAlive(leftoverPid)).toBe(true);

    const next = await start(dir);
    expect(next.url).toBe(url);
    expect(isAlive(leftoverPid)).toBe(false);
    expect(await queued(next)).toHaveLength(20);
  });

  it('a directory whose owner still runs is refused, and nothing is started or changed', async () => {
    const dir = tempDir();
    // The parent of this test process stands in for another live Kanaria.
    const owner = JSON.stringify({ pid: process.ppid, port: 1 });
    writeFileSync(join(dir, 'kanaria-owner.json'), owner);
    const error = await refused(dir);
    expect(error).toBeInstanceOf(RedisDirInUseError);
    expect((error as Error).message).toContain(`another running Kanaria (pid ${process.ppid})`);
    expect(readdirSync(dir)).toEqual(['kanaria-owner.json']);
    expect(readFileSync(join(dir, 'kanaria-owner.json'), 'utf8')).toBe(owner);
  });
});
