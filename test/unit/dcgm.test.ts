import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { gpuReportProcessor } from '../../jobs/gpu-report.js';
import { runJob } from '../../jobs/run-job.js';
import { createMetrics } from '../../src/adapters/metrics.js';
import { PrometheusUnavailable, type Prometheus, type VectorSample } from '../../src/adapters/prometheus.js';
import type { Message } from '../../src/domain/chat.js';
import type { JobDeps } from '../../src/boot/deps.js';
import { GPU_QUEUE, type GpuReportJob } from '../../src/queues/gpu.js';
import { gpuReportMessage } from '../../src/blocks/gpu.js';
import { gpuReportText, idleGpuLines } from '../../src/blocks/gpu-text.js';
import { wordsFor } from '../../src/i18n/index.js';
import { configSchema } from '../../src/domain/config.js';
import { dcgmQueries, idleGpus, type DcgmSample, type IdleGpu } from '../../src/domain/dcgm.js';
import { gpuReport, type NodeSummary, type PodUsage } from '../../src/domain/gpu.js';

const EN = wordsFor('en');
/** What the report says when Prometheus has no DCGM data, as English readers see it. */
const NO_DCGM_NOTE = 'No DCGM metrics from Prometheus: idle GPUs are not shown.';

const A100 = 'NVIDIA A100-SXM4-80GB';
/** A series as avg_over_time / max_over_time return it (no __name__), with the scrape's job and instance. */
const sample = (value: number, labels: Record<string, string>): DcgmSample => ({
  labels: { instance: '10.0.0.7:9400', job: 'dcgm-exporter', modelName: A100, ...labels },
  value,
});
const gpuOn = (host: string, gpu: number, extra: Record<string, string> = {}, hostLabel = 'Hostname') => ({
  gpu: String(gpu),
  UUID: `GPU-${host}-${gpu}`,
  [hostLabel]: host,
  ...extra,
});
const pod = (namespace: string, name: string, node?: string): PodUsage => ({
  namespace,
  name,
  ...(node && { node }),
  phase: node ? 'Running' : 'Pending',
  requests: { 'nvidia.com/gpu': 1 },
});
const k8s = (namespace: string, podName: string) => ({ namespace, pod: podName, container: 'main' });

describe('dcgmQueries', () => {
  it('averages utilisation and takes the peak of frame buffer used over the window', () => {
    expect(dcgmQueries('1h')).toEqual({
      utilisation: 'avg_over_time(DCGM_FI_DEV_GPU_UTIL[1h])',
      memoryUsed: 'max_over_time(DCGM_FI_DEV_FB_USED[1h])',
    });
  });
});

describe('idleGpus with Kubernetes mapping labels', () => {
  const pods = [
    pod('ml', 'train-0', 'node-a'),
    pod('ml', 'train-1', 'node-a'),
    pod('serving', 'llm-0', 'node-b'),
    pod('ml', 'waiting'),
  ];
  const utilisation = [
    sample(93, gpuOn('node-a', 0, k8s('ml', 'train-0'))),
    sample(0.4, gpuOn('node-a', 1, k8s('ml', 'train-1'))),
    sample(0, gpuOn('node-a', 2)), // held by no pod: free, not idle-allocated
    sample(2, gpuOn('node-b', 10, k8s('serving', 'llm-0'))),
    sample(1, gpuOn('node-b', 9, k8s('gone', 'finished-0'))), // a pod not (or no longer) holding GPUs
  ];
  const memoryUsed = [
    sample(70_000, gpuOn('node-a', 0, k8s('ml', 'train-0'))),
    sample(1024, gpuOn('node-a', 1, k8s('ml', 'train-1'))),
    sample(512, gpuOn('node-b', 10, k8s('serving', 'llm-0'))),
  ];

  it('names the idle GPUs with their pods, sorted by node then GPU index', () => {
    expect(idleGpus({ utilisation, memoryUsed }, pods, 5)).toEqual<IdleGpu[]>([
      {
        node: 'node-a',
        gpu: '1',
        uuid: 'GPU-node-a-1',
        model: A100,
        utilisationPercent: 0.4,
        memoryUsedMiB: 1024,
        namespace: 'ml',
        pod: 'train-1',
      },
      {
        node: 'node-b',
        gpu: '10',
        uuid: 'GPU-node-b-10',
        model: A100,
        utilisationPercent: 2,
        memoryUsedMiB: 512,
        namespace: 'serving',
        pod: 'llm-0',
      },
    ]);
  });

  it('takes the node from the pod, not from the exporter’s hostname (often its own pod name)', () => {
    const u = [sample(0, gpuOn('dcgm-exporter-x7k2p', 3, k8s('ml', 'train-0')))];
    expect(idleGpus({ utilisation: u, memoryUsed: [] }, pods, 5)).toEqual([
      {
        node: 'node-a',
        gpu: '3',
        uuid: 'GPU-dcgm-exporter-x7k2p-3',
        model: A100,
        utilisationPercent: 0,
        namespace: 'ml',
        pod: 'train-0',
      },
    ]);
  });

  it('accepts the newer lower-case hostname label', () => {
    const u = [sample(0, gpuOn('node-a', 1, k8s('ml', 'train-1'), 'hostname'))];
    const m = [sample(2048, gpuOn('node-a', 1, k8s('ml', 'train-1'), 'hostname'))];
    expect(idleGpus({ utilisation: u, memoryUsed: m }, pods, 5)).toMatchObject([
      { node: 'node-a', gpu: '1', memoryUsedMiB: 2048, pod: 'train-1' },
    ]);
  });

  it('lists each pod sharing a time-sliced GPU', () => {
    const shared = [pod('a', 'p', 'node-a'), pod('b', 'q', 'node-a')];
    const u = [sample(1, gpuOn('node-a', 0, k8s('a', 'p'))), sample(1, gpuOn('node-a', 0, k8s('b', 'q')))];
    expect(idleGpus({ utilisation: u, memoryUsed: [] }, shared, 5).map((g) => `${g.namespace}/${g.pod}`)).toEqual([
      'a/p',
      'b/q',
    ]);
  });
});

describe('idleGpus without Kubernetes mapping labels', () => {
  const pods = [pod('ml', 'train-0', 'node-a'), pod('ml', 'pending-0')];
  for (const hostLabel of ['Hostname', 'hostname']) {
    it(`joins by node (${hostLabel}) and reports no pod`, () => {
      const utilisation = [
        sample(0, gpuOn('node-a', 1, {}, hostLabel)),
        sample(99, gpuOn('node-a', 0, {}, hostLabel)),
        sample(0, gpuOn('node-c', 0, {}, hostLabel)),
      ];
      const memoryUsed = [sample(0, gpuOn('node-a', 1, {}, hostLabel))];
      expect(idleGpus({ utilisation, memoryUsed }, pods, 5)).toEqual<IdleGpu[]>([
        { node: 'node-a', gpu: '1', uuid: 'GPU-node-a-1', model: A100, utilisationPercent: 0, memoryUsedMiB: 0 },
      ]);
    });
  }

  it('skips series without any hostname', () => {
    expect(idleGpus({ utilisation: [sample(0, { gpu: '0', UUID: 'GPU-1' })], memoryUsed: [] }, pods, 5)).toEqual([]);
  });

  it('reports nothing when no pod holds a GPU', () => {
    expect(
      idleGpus({ utilisation: [sample(0, gpuOn('node-a', 0))], memoryUsed: [] }, [pod('ml', 'pending-0')], 5),
    ).toEqual([]);
  });
});

describe('idleGpus thresholds and bad values', () => {
  const pods = [pod('ml', 'p', 'node-a')];
  const at = (value: number) =>
    idleGpus({ utilisation: [sample(value, gpuOn('node-a', 0, k8s('ml', 'p')))], memoryUsed: [] }, pods, 5);

  it('is idle strictly under the threshold', () => {
    expect(at(4.999)).toHaveLength(1);
    expect(at(5)).toEqual([]);
    expect(at(5.001)).toEqual([]);
    expect(idleGpus({ utilisation: [sample(0, gpuOn('node-a', 0, k8s('ml', 'p')))], memoryUsed: [] }, pods, 0)).toEqual(
      [],
    );
  });

  it('skips NaN and infinite utilisation, and leaves out a NaN memory value', () => {
    expect(at(Number.NaN)).toEqual([]);
    expect(at(Number.NEGATIVE_INFINITY)).toEqual([]);
    const labels = gpuOn('node-a', 0, k8s('ml', 'p'));
    const [gpu] = idleGpus({ utilisation: [sample(1, labels)], memoryUsed: [sample(Number.NaN, labels)] }, pods, 5);
    expect(gpu).toBeDefined();
    expect(gpu).not.toHaveProperty('memoryUsedMiB');
  });

  it('fills in missing model and UUID labels', () => {
    expect(
      idleGpus({ utilisation: [{ labels: { gpu: '2', Hostname: 'node-a' }, value: 0 }], memoryUsed: [] }, pods, 5),
    ).toEqual([{ node: 'node-a', gpu: '2', uuid: '?', model: 'unknown', utilisationPercent: 0 }]);
  });
});

describe('rendering idle GPUs', () => {
  const gpu = (i: number, extra: Partial<IdleGpu> = {}): IdleGpu => ({
    node: `node-${i}`,
    gpu: String(i % 8),
    uuid: `GPU-${i}`,
    model: A100,
    utilisationPercent: 0.4,
    memoryUsedMiB: 1023.6,
    namespace: 'ml',
    pod: `train-${i}`,
    ...extra,
  });
  const nodes: NodeSummary[] = [
    {
      name: 'node-1',
      pool: 'a100',
      product: 'NVIDIA-A100-SXM4-80GB',
      resources: [{ resource: 'nvidia.com/gpu', kind: 'gpu', capacity: 8, allocatable: 8 }],
      cordoned: false,
      ready: true,
    },
  ];
  const report = gpuReport(nodes, [pod('ml', 'train-1', 'node-1')], 0);

  it('prints at most 10 lines, then how many more', () => {
    const lines = idleGpuLines(EN, {
      gpus: Array.from({ length: 12 }, (_, i) => gpu(i)),
      thresholdPercent: 5,
      window: '1h',
    });
    expect(lines[0]).toBe('Allocated but idle (under 5 % over 1h):');
    expect(lines[1]).toBe(`  node-0 gpu 0 (${A100}): 0 % util, 1024 MiB, ml/train-0`);
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe('  … and 2 more');
    expect(
      idleGpuLines(EN, { gpus: Array.from({ length: 10 }, (_, i) => gpu(i)), thresholdPercent: 5, window: '1h' }),
    ).toHaveLength(11);
  });

  it('leaves out memory and pod when unknown, and the section when nothing is idle', () => {
    expect(
      idleGpuLines(EN, {
        gpus: [{ node: 'n', gpu: '3', uuid: 'u', model: 'm', utilisationPercent: 2.6 }],
        thresholdPercent: 10,
        window: '30m',
      }),
    ).toEqual(['Allocated but idle (under 10 % over 30m):', '  n gpu 3 (m): 3 % util']);
    expect(idleGpuLines(EN, { gpus: [], thresholdPercent: 5, window: '1h' })).toEqual([]);
  });

  it('gpuReportText ends with the section; without idle GPUs the text is unchanged', () => {
    const idle = { gpus: [gpu(1)], thresholdPercent: 5, window: '1h' };
    expect(gpuReportText(EN, report, undefined, idle)).toBe(
      `${gpuReportText(EN, report).trimEnd()}\n\nAllocated but idle (under 5 % over 1h):\n  node-1 gpu 1 (${A100}): 0 % util, 1024 MiB, ml/train-1\n`,
    );
    expect(gpuReportText(EN, report, undefined, { ...idle, gpus: [] })).toBe(gpuReportText(EN, report));
  });

  it('gpuReportMessage puts the section in a block of its own, before the note', () => {
    const message = gpuReportMessage(EN, report, undefined, 'a note', {
      gpus: [gpu(1)],
      thresholdPercent: 5,
      window: '1h',
    });
    const blocks = message.blocks as { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'section', 'context']);
    expect(blocks[1]?.text?.text).not.toContain('idle');
    expect(blocks[2]?.text?.text).toBe(
      `\`\`\`\nAllocated but idle (under 5 % over 1h):\n  node-1 gpu 1 (${A100}): 0 % util, 1024 MiB, ml/train-1\n\`\`\``,
    );
    expect(gpuReportMessage(EN, report, undefined).blocks).toHaveLength(2);
  });
});

describe('config gpu.idle', () => {
  const parse = (idle: unknown) => configSchema.safeParse({ apps: {}, gpu: { idle } });
  it('takes a threshold and a window, both optional', () => {
    expect(parse({ utilisationPercent: 10, window: '30m' }).success).toBe(true);
    expect(parse({}).success).toBe(true);
  });
  it('refuses unknown keys, bad windows and thresholds outside 0–100', () => {
    expect(parse({ threshold: 5 }).success).toBe(false);
    expect(parse({ window: '1 hour' }).success).toBe(false);
    expect(parse({ window: '90' }).success).toBe(false);
    expect(parse({ utilisationPercent: 101 }).success).toBe(false);
  });
});

describe('the gpu-report job with Prometheus', () => {
  const nodes: NodeSummary[] = [
    {
      name: 'node-a',
      pool: 'a100',
      product: 'NVIDIA-A100-SXM4-80GB',
      resources: [{ resource: 'nvidia.com/gpu', kind: 'gpu', capacity: 8, allocatable: 8 }],
      cordoned: false,
      ready: true,
    },
  ];
  const run = async (prometheus: Prometheus | undefined, idle?: { utilisationPercent?: number; window?: string }) => {
    const posted: Message[] = [];
    const warnings: unknown[] = [];
    const deps = {
      config: { gpu: { ...(idle && { idle }) } },
      gpu: { read: async () => ({ nodes, pods: [pod('ml', 'train-0', 'node-a')], pages: { nodes: 1, pods: 1 } }) },
      chat: {
        post: async (channel: string, message: Message) => {
          posted.push(message);
          return { channel, ts: '1700000000.000001' };
        },
        upload: async () => undefined,
      },
      logger: {
        warn: (...args: unknown[]) => void warnings.push(args),
        child() {
          return this;
        },
      },
      metrics: createMetrics({ processMetrics: false }),
      ...(prometheus && { prometheus }),
    } as unknown as JobDeps;
    const job = { data: { channel: 'C0GPU' }, updateData: async () => undefined };
    await runJob(deps, GPU_QUEUE, gpuReportProcessor)(job as unknown as Job<GpuReportJob>);
    return { message: posted[0]!, text: JSON.stringify(posted[0]?.blocks), warnings };
  };
  const fake = (answer: (query: string) => VectorSample[] | Error, asked: string[] = []): Prometheus => ({
    rangeSeries: async () => [],
    rangeMatrix: async () => [],
    instantVector: async (query) => {
      asked.push(query);
      const a = answer(query);
      if (a instanceof Error) throw a;
      return a;
    },
  });
  const labels = gpuOn('node-a', 4, k8s('ml', 'train-0'));

  it('shows the idle GPUs, with the threshold and window from kanaria.yaml', async () => {
    const asked: string[] = [];
    const { text } = await run(
      fake((q) => [sample(q.includes('UTIL') ? 7 : 4096, labels)], asked),
      { utilisationPercent: 10, window: '30m' },
    );
    expect(asked.sort()).toEqual([
      'avg_over_time(DCGM_FI_DEV_GPU_UTIL[30m])',
      'max_over_time(DCGM_FI_DEV_FB_USED[30m])',
    ]);
    expect(text).toContain(
      `Allocated but idle (under 10 % over 30m):\\n  node-a gpu 4 (${A100}): 7 % util, 4096 MiB, ml/train-0`,
    );
    expect(text).not.toContain(NO_DCGM_NOTE);
  });

  it('defaults to under 5 % over 1h', async () => {
    const asked: string[] = [];
    const { text } = await run(fake((q) => [sample(q.includes('UTIL') ? 7 : 4096, labels)], asked));
    expect(asked).toContain('avg_over_time(DCGM_FI_DEV_GPU_UTIL[1h])');
    expect(text).not.toContain('Allocated but idle');
  });

  it('goes on with a note when Prometheus has no DCGM data or cannot be asked', async () => {
    expect((await run(fake(() => []))).text).toContain(NO_DCGM_NOTE);
    const down = await run(fake(() => new PrometheusUnavailable('http://prometheus:9090', 3, 'HTTP 503')));
    expect(down.text).toContain(NO_DCGM_NOTE);
    expect(down.text).toContain('GPU report (whole cluster)');
    expect(down.warnings).toHaveLength(1);
  });

  it('without Prometheus, no section and no note', async () => {
    const { message } = await run(undefined);
    expect(message.blocks).toHaveLength(2);
  });
});
