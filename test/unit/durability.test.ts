import { describe, expect, it } from 'vitest';
import { assessDurability, type Persistence, type RedisDurabilitySettings } from '../../src/domain/durability.js';

/** A Redis as BullMQ wants it: AOF fsynced every second, never evicting. */
const good: RedisDurabilitySettings = {
  appendonly: true,
  appendfsync: 'everysec',
  save: '',
  maxmemory: 0,
  maxmemoryPolicy: 'noeviction',
  aofWriteFailing: false,
  rdbSaveFailing: false,
};
/** What a managed Redis that refuses CONFIG lets INFO tell. */
const infoOnly = (over: Partial<RedisDurabilitySettings>): RedisDurabilitySettings => ({
  ...good,
  appendfsync: null,
  save: null,
  ...over,
});

describe('assessDurability: persistence', () => {
  it.each<[string, Partial<RedisDurabilitySettings>, boolean, Persistence, RegExp[]]>([
    ['AOF fsynced every second', {}, true, 'aof', []],
    ['AOF fsynced on every write', { appendfsync: 'always' }, true, 'aof', []],
    ['AOF beside RDB snapshots', { save: '3600 1' }, true, 'aof', []],
    [
      'AOF left to the OS to flush',
      { appendfsync: 'no' },
      false,
      'aof',
      [/appendfsync no: a machine crash may lose the last seconds.*; set appendfsync everysec/],
    ],
    [
      'AOF whose last write failed',
      { aofWriteFailing: true },
      false,
      'aof',
      [/last AOF write failed \(aof_last_write_status:err\)/],
    ],
    [
      'RDB snapshots only',
      { appendonly: false, save: '3600 1 300 100 60 10000' },
      false,
      'rdb',
      [
        /RDB snapshots only \(save "3600 1 300 100 60 10000": every 3600 s after ≥ 1 change, every 300 s after ≥ 100 changes, every 60 s after ≥ 10000 changes\).*may be minutes.*set appendonly yes/,
      ],
    ],
    [
      'RDB snapshots whose last save failed',
      { appendonly: false, save: '60 1', rdbSaveFailing: true },
      false,
      'rdb',
      [/RDB snapshots only/, /last RDB snapshot failed/],
    ],
    [
      'nothing on disk',
      { appendonly: false, save: '' },
      false,
      'none',
      [/keeps nothing on disk \(appendonly no, save ""\): a Redis restart loses every queued change/],
    ],
    ['CONFIG refused, AOF on per INFO', infoOnly({}), false, 'aof', [/appendfsync is unknown \(CONFIG refused\)/]],
    [
      'CONFIG refused, AOF off per INFO',
      infoOnly({ appendonly: false }),
      false,
      'unknown',
      [/AOF off and its snapshot schedule is unknown \(CONFIG refused\)/],
    ],
    [
      'CONFIG and INFO refused',
      infoOnly({ appendonly: null, aofWriteFailing: null, rdbSaveFailing: null }),
      false,
      'unknown',
      [/persistence is unknown/],
    ],
  ])('%s', (_, over, durable, persistence, warnings) => {
    const verdict = assessDurability({ ...good, ...over });
    expect(verdict).toMatchObject({ durable, persistence, evictionSafe: true });
    expect(verdict.warnings).toEqual(warnings.map((warning) => expect.stringMatching(warning)));
  });
});

describe('assessDurability: eviction', () => {
  it.each<[string, Partial<RedisDurabilitySettings>, boolean, RegExp | undefined]>([
    ['noeviction with a limit', { maxmemory: 192 * 2 ** 20 }, true, undefined],
    [
      'an evicting policy without a limit never evicts',
      { maxmemoryPolicy: 'allkeys-lru', maxmemory: 0 },
      true,
      undefined,
    ],
    [
      'an evicting policy with a limit',
      { maxmemoryPolicy: 'allkeys-lru', maxmemory: 100 * 2 ** 20 },
      false,
      /maxmemory-policy allkeys-lru with maxmemory 100 MiB: when memory fills it evicts keys/,
    ],
    // Managed services often default to volatile-lru; BullMQ's locks carry a TTL, so they go first.
    [
      'volatile-lru, as managed services often default',
      { maxmemoryPolicy: 'volatile-lru', maxmemory: 1.5 * 2 ** 30 },
      false,
      /volatile-lru with maxmemory 1.5 GiB.*set maxmemory-policy noeviction/,
    ],
    [
      'an evicting policy with an unknown limit',
      { maxmemoryPolicy: 'allkeys-lfu', maxmemory: null },
      false,
      /allkeys-lfu with an unknown maxmemory \(CONFIG refused\)/,
    ],
    ['an unknown policy', { maxmemoryPolicy: null, maxmemory: null }, false, /maxmemory-policy is unknown/],
  ])('%s', (_, over, evictionSafe, warning) => {
    const verdict = assessDurability({ ...good, ...over });
    expect(verdict).toMatchObject({ evictionSafe, durable: true });
    if (warning) expect(verdict.warnings).toEqual([expect.stringMatching(warning)]);
    else expect(verdict.warnings).toEqual([]);
  });
});

describe('assessDurability: both at once', () => {
  it('names every problem: nothing on disk and an evicting policy', () => {
    const verdict = assessDurability({
      ...good,
      appendonly: false,
      save: '',
      maxmemoryPolicy: 'allkeys-random',
      maxmemory: 2 ** 20,
    });
    expect(verdict).toMatchObject({ durable: false, evictionSafe: false, persistence: 'none' });
    expect(verdict.warnings).toEqual([
      expect.stringMatching(/keeps nothing on disk/),
      expect.stringMatching(/allkeys-random with maxmemory 1 MiB/),
    ]);
  });
});
