import { Gauge, Registry } from 'prom-client';
import { serveRegistry, type MetricsApp } from './metrics-app.js';

export interface FakeGpu {
  readonly gpu: string;
  readonly uuid: string;
  readonly model: string;
  readonly hostname: string;
  readonly namespace?: string;
  readonly pod?: string;
  readonly container?: string;
  /** GPU utilisation, %; absent: the exporter has no such series (a MIG instance). */
  readonly util?: number;
  /** `DCGM_FI_PROF_GR_ENGINE_ACTIVE` (ratio 0–1), with profiling metrics on; absent: none. */
  readonly engineActive?: number;
  /** The MIG instance (`GPU_I_ID`), for a MIG slice. */
  readonly gpuInstance?: string;
  /** Frame buffer used, MiB. */
  readonly fbUsed: number;
}

export type DcgmExporter = MetricsApp;

/**
 * A fake NVIDIA dcgm-exporter: the two gauges the GPU report reads and the profiling gauge GR_ENGINE_ACTIVE (per
 * GPU or MIG instance, `GPU_I_ID`), labelled as the exporter labels them with
 * Kubernetes mapping on (`gpu`, `UUID`, `modelName`, `Hostname`, `namespace`, `pod`, `container`; empty when
 * the GPU is held by no pod, which Prometheus stores as no label).
 */
export async function startDcgmExporter(gpus: readonly FakeGpu[]): Promise<DcgmExporter> {
  const registry = new Registry();
  const labelNames = ['gpu', 'UUID', 'modelName', 'Hostname', 'namespace', 'pod', 'container', 'GPU_I_ID'] as const;
  const util = new Gauge({
    name: 'DCGM_FI_DEV_GPU_UTIL',
    help: 'GPU utilization (in %).',
    labelNames,
    registers: [registry],
  });
  const fbUsed = new Gauge({
    name: 'DCGM_FI_DEV_FB_USED',
    help: 'Frame buffer memory used (in MB).',
    labelNames,
    registers: [registry],
  });
  const engineActive = new Gauge({
    name: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
    help: 'Ratio of time the graphics engine is active.',
    labelNames,
    registers: [registry],
  });
  for (const g of gpus) {
    const labels = {
      gpu: g.gpu,
      UUID: g.uuid,
      modelName: g.model,
      Hostname: g.hostname,
      namespace: g.namespace ?? '',
      pod: g.pod ?? '',
      container: g.container ?? '',
      GPU_I_ID: g.gpuInstance ?? '',
    };
    if (g.util !== undefined) util.set(labels, g.util);
    if (g.engineActive !== undefined) engineActive.set(labels, g.engineActive);
    fbUsed.set(labels, g.fbUsed);
  }
  return serveRegistry(registry);
}
