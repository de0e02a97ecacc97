import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPrometheus, PrometheusQueryRejected, PrometheusUnavailable } from '../../src/adapters/prometheus.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { dcgmQueries, idleGpus } from '../../src/domain/dcgm.js';
import type { PodUsage } from '../../src/domain/gpu.js';
import { startDcgmExporter, type DcgmExporter } from '../helpers/dcgm-exporter.js';
import { hasPrometheus, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

const available = hasPrometheus() || process.env['CI'] === 'true';
const MODEL = 'NVIDIA A100-SXM4-80GB';
const pod = (name: string): PodUsage => ({
  namespace: 'ml',
  name,
  node: 'gpu-node-1',
  phase: 'Running',
  requests: { 'nvidia.com/gpu': 1 },
});

describe.skipIf(!available)('idle GPUs from a real Prometheus scraping a fake dcgm-exporter', () => {
  let prometheus: RunningPrometheus;
  let exporter: DcgmExporter;

  beforeAll(async () => {
    const gpu = (i: number, util: number, fbUsed: number, podName?: string) => ({
      gpu: String(i),
      uuid: `GPU-0000000${i}`,
      model: MODEL,
      hostname: 'gpu-node-1',
      ...(podName && { namespace: 'ml', pod: podName, container: 'main' }),
      util,
      fbUsed,
    });
    // Two busy GPUs, one allocated and idle, one free (no pod) and idle.
    exporter = await startDcgmExporter([
      gpu(0, 90, 60_000, 'train-0'),
      gpu(1, 90, 61_000, 'train-1'),
      gpu(2, 0, 3_000, 'notebook-0'),
      gpu(3, 0, 0),
    ]);
    prometheus = await startPrometheus([exporter.target]);
    await new Promise((r) => setTimeout(r, 8_000));
  }, 40_000);
  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  it('names exactly the allocated idle GPU with its pod', async () => {
    const client = new HttpPrometheus(prometheus.url);
    const queries = dcgmQueries('10s');
    const [utilisation, memoryUsed] = await Promise.all([
      client.instantVector(queries.utilisation),
      client.instantVector(queries.memoryUsed),
    ]);
    expect(utilisation).toHaveLength(4);
    expect(utilisation[0]?.labels).toMatchObject({ Hostname: 'gpu-node-1', modelName: MODEL });
    expect(utilisation[0]?.labels).not.toHaveProperty('__name__');
    const idle = idleGpus({ utilisation, memoryUsed }, [pod('train-0'), pod('train-1'), pod('notebook-0')], 5);
    expect(idle).toEqual([
      {
        node: 'gpu-node-1',
        gpu: '2',
        uuid: 'GPU-00000002',
        model: MODEL,
        utilisationPercent: 0,
        memoryUsedMiB: 3000,
        namespace: 'ml',
        pod: 'notebook-0',
      },
    ]);
  });

  it('an empty vector is [], a query Prometheus rejects names the query', async () => {
    const client = new HttpPrometheus(prometheus.url);
    expect(await client.instantVector('avg_over_time(DCGM_FI_DEV_NO_SUCH_METRIC[10s])')).toEqual([]);
    const rejected = await client.instantVector('avg_over_time(DCGM_FI_DEV_GPU_UTIL[').catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(PrometheusQueryRejected);
    expect(rejected).toMatchObject({ kind: 'instant', query: 'avg_over_time(DCGM_FI_DEV_GPU_UTIL[', status: 400 });
    const words = explain(wordsFor('en'), rejected as PrometheusQueryRejected);
    expect(words.message).toMatch(/Prometheus rejected the query `avg_over_time\(DCGM_FI_DEV_GPU_UTIL\[`/);
    expect(words.hint).toBe('Check the query and the settings under gpu in kanaria.yaml.');
  });

  it('an unreachable Prometheus is PrometheusUnavailable after retries', async () => {
    const client = new HttpPrometheus('http://127.0.0.1:1', { attempts: 2, backoffMs: 10, timeoutMs: 500 });
    const down = await client.instantVector('up').catch((e: unknown) => e);
    expect(down).toBeInstanceOf(PrometheusUnavailable);
    expect(down).toMatchObject({ url: 'http://127.0.0.1:1', attempts: 2 });
  });
});
