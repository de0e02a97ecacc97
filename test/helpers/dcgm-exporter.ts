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
  /** GPU utilisation, %. */
  readonly util: number;
  /** Frame buffer used, MiB. */
  readonly fbUsed: number;
}

export type DcgmExporter = MetricsApp;

/**
 * A fake NVIDIA dcgm-exporter: the two gauges the GPU report reads, labelled as the exporter labels them with
 * Kubernetes mapping on (`gpu`, `UUID`, `modelName`, `Hostname`, `namespace`, `pod`, `container`; empty when
 * the GPU is held by no pod, which Prometheus stores as no label).
 */
export async function startDcgmExporter(gpus: readonly FakeGpu[]): Promise<DcgmExporter> {
  const registry = new Registry();
  const labelNames = ['gpu', 'UUID', 'modelName', 'Hostname', 'namespace', 'pod', 'container'] as const;
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
  for (const g of gpus) {
    const labels = {
      gpu: g.gpu,
      UUID: g.uuid,
      modelName: g.model,
      Hostname: g.hostname,
      namespace: g.namespace ?? '',
      pod: g.pod ?? '',
      container: g.container ?? '',
    };
    util.set(labels, g.util);
    fbUsed.set(labels, g.fbUsed);
  }
  return serveRegistry(registry);
}
