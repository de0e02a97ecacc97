/**
 * Whether the Redis that holds Kanaria's queues keeps them: through a crash or restart of Redis (persistence)
 * and when memory fills (eviction). BullMQ asks for AOF and `maxmemory-policy noeviction`
 * (docs.bullmq.io, "Going to production").
 */

/** What Redis reports; null where it would not say (CONFIG refused, as many managed services do). */
export interface RedisDurabilitySettings {
  /** `appendonly` (or INFO's `aof_enabled`). */
  readonly appendonly: boolean | null;
  /** `appendfsync`: always, everysec or no. */
  readonly appendfsync: string | null;
  /** `save`: the RDB snapshot schedule as pairs "seconds changes"; '' when off. */
  readonly save: string | null;
  /** `maxmemory` in bytes; 0 is no limit. */
  readonly maxmemory: number | null;
  readonly maxmemoryPolicy: string | null;
  /** INFO persistence: the last AOF write (`aof_last_write_status`) and RDB save (`rdb_last_bgsave_status`) failed. */
  readonly aofWriteFailing: boolean | null;
  readonly rdbSaveFailing: boolean | null;
}

export type Persistence = 'aof' | 'rdb' | 'none' | 'unknown';

export interface DurabilityVerdict {
  /** Known to keep every acked job through a Redis crash or restart (AOF, fsynced at least every second). */
  readonly durable: boolean;
  /** Known never to evict keys: `noeviction`, or no memory limit. */
  readonly evictionSafe: boolean;
  readonly persistence: Persistence;
  /** Facts and what to do, for logs and /readyz detail; empty exactly when durable and eviction-safe. */
  readonly warnings: string[];
}

const FIX_PERSISTENCE = 'set appendonly yes and appendfsync everysec';
const FSYNC_OK = new Set(['everysec', 'always']);

export function assessDurability(settings: RedisDurabilitySettings): DurabilityVerdict {
  const persistence = assessPersistence(settings);
  const eviction = assessEviction(settings);
  return {
    durable: persistence.durable,
    evictionSafe: eviction.safe,
    persistence: persistence.kind,
    warnings: [...persistence.warnings, ...eviction.warnings],
  };
}

function assessPersistence(s: RedisDurabilitySettings): { durable: boolean; kind: Persistence; warnings: string[] } {
  if (s.appendonly === null) {
    return {
      durable: false,
      kind: 'unknown',
      warnings: [
        'Redis persistence is unknown (CONFIG and INFO persistence refused): make sure it has appendonly yes, else a Redis restart may lose queued changes',
      ],
    };
  }
  if (s.appendonly) {
    const writeFailing = s.aofWriteFailing
      ? ['Redis reports its last AOF write failed (aof_last_write_status:err): check the disk of its data directory']
      : [];
    if (s.appendfsync === null) {
      return {
        durable: false,
        kind: 'aof',
        warnings: [
          'Redis has AOF on, but its appendfsync is unknown (CONFIG refused): make sure it is everysec or always',
          ...writeFailing,
        ],
      };
    }
    if (!FSYNC_OK.has(s.appendfsync)) {
      return {
        durable: false,
        kind: 'aof',
        warnings: [
          `Redis has AOF on with appendfsync ${s.appendfsync}: a machine crash may lose the last seconds of queued changes (the OS flushes when it likes); set appendfsync everysec`,
          ...writeFailing,
        ],
      };
    }
    return { durable: writeFailing.length === 0, kind: 'aof', warnings: writeFailing };
  }
  const saveFailing = s.rdbSaveFailing
    ? ['Redis reports its last RDB snapshot failed (rdb_last_bgsave_status:err): check the disk of its data directory']
    : [];
  if (s.save === null) {
    return {
      durable: false,
      kind: 'unknown',
      warnings: [
        `Redis has AOF off and its snapshot schedule is unknown (CONFIG refused): a Redis restart loses every change queued since the last snapshot, if any; ${FIX_PERSISTENCE}`,
        ...saveFailing,
      ],
    };
  }
  if (s.save.trim() === '') {
    return {
      durable: false,
      kind: 'none',
      warnings: [
        `Redis keeps nothing on disk (appendonly no, save ""): a Redis restart loses every queued change; ${FIX_PERSISTENCE}`,
      ],
    };
  }
  return {
    durable: false,
    kind: 'rdb',
    warnings: [
      `Redis keeps RDB snapshots only (save "${s.save}": ${describeSchedule(s.save)}): a Redis crash loses the changes queued since the last snapshot, which may be minutes of them; ${FIX_PERSISTENCE}`,
      ...saveFailing,
    ],
  };
}

function assessEviction(s: RedisDurabilitySettings): { safe: boolean; warnings: string[] } {
  const policy = s.maxmemoryPolicy;
  if (policy === 'noeviction' || (policy !== null && s.maxmemory === 0)) return { safe: true, warnings: [] };
  if (policy === null) {
    return {
      safe: false,
      warnings: [
        'Redis maxmemory-policy is unknown (CONFIG and INFO memory refused): make sure it is noeviction, else Redis may evict queued jobs and their locks when memory fills',
      ],
    };
  }
  const limit =
    s.maxmemory === null ? 'an unknown maxmemory (CONFIG refused)' : `maxmemory ${formatBytes(s.maxmemory)}`;
  return {
    safe: false,
    warnings: [
      `Redis has maxmemory-policy ${policy} with ${limit}: when memory fills it evicts keys, queued jobs and their locks among them; set maxmemory-policy noeviction (BullMQ requires it)`,
    ],
  };
}

/** "3600 1 300 100" → "every 3600 s after ≥ 1 change, every 300 s after ≥ 100 changes". */
function describeSchedule(save: string): string {
  const numbers = save.trim().split(/\s+/);
  const pairs: string[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2)
    pairs.push(`every ${numbers[i]} s after ≥ ${numbers[i + 1]} change${numbers[i + 1] === '1' ? '' : 's'}`);
  return pairs.length > 0 ? pairs.join(', ') : 'an unreadable schedule';
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} B`;
}
