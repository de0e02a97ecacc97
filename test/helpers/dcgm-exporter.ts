import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';

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

export interface DcgmExporter {
  /** host:port for Prometheus to scrape. */
  readonly target: string;
  stop(): Promise<void>;
}

/**
 * A fake NVIDIA dcgm-exporter: the two gauges the GPU report reads, labelled as the exporter labels them with
 * Kubernetes mapping on (`gpu`, `UUID`, `modelName`, `Hostname`, `namespace`, `pod`, `container`; empty when
 * the GPU is held by no pod, which Prometheus stores as no label).
 */
export async function startDcgmExporter(gpus: readonly FakeGpu[]): Promise<DcgmExporter> {
  const registry = new Registry();
  const labelNames = ['gpu', 'UUID', 'modelName', 'Hostname', 'namespace', 'pod', 'container'] as const;
  const util = new Gauge({ name: 'DCGM_FI_DEV_GPU_UTIL', help: 'GPU utilization (in %).', labelNames, registers: [registry] });
  const fbUsed = new Gauge({ name: 'DCGM_FI_DEV_FB_USED', help: 'Frame buffer memory used (in MB).', labelNames, registers: [registry] });
  for (const g of gpus) {
    const labels = { gpu: g.gpu, UUID: g.uuid, modelName: g.model, Hostname: g.hostname, namespace: g.namespace ?? '', pod: g.pod ?? '', container: g.container ?? '' };
    util.set(labels, g.util);
    fbUsed.set(labels, g.fbUsed);
  }
  const server: Server = createServer((req, res) => {
    void registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
