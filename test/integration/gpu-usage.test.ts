import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usagePeriod } from '../../src/domain/gpu-usage.js';
import { startHarness, deployment, type Harness } from '../helpers/harness.js';
import { decode } from '../helpers/png.js';
import { hasPrometheus, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

const available = hasPrometheus() || process.env['CI'] === 'true';
const DAY = 86_400;
const POOL = 'label_cloud_google_com_gke_nodepool';

/** One backfilled series: its labels and its value at each time (undefined: no sample). */
interface Backfilled {
  readonly labels: Record<string, string>;
  readonly value: (t: number) => number | undefined;
}

/** OpenMetrics text for promtool: samples every 2 minutes over [from, to], families kept together. */
function openMetrics(families: Record<string, readonly Backfilled[]>, from: number, to: number): string {
  const out: string[] = [];
  for (const [name, series] of Object.entries(families)) {
    out.push(`# TYPE ${name} gauge`);
    for (const s of series) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      for (let t = from; t <= to; t += 120) {
        const v = s.value(t);
        if (v !== undefined) out.push(`${name}{${labels}} ${v} ${t}`);
      }
    }
  }
  out.push('# EOF', '');
  return out.join('\n');
}

/**
 * Eight days of kube-state-metrics- and dcgm-exporter-shaped history, ending a few minutes after the last UTC
 * midnight (the 7-day period's end):
 * - research holds 4 whole A100s for the whole time, each 50 % active (scraped through a ServiceMonitor);
 * - ml holds 2 MIG `1g.10gb` slices of an H100 for the whole time, each 70 % active (a slice is 1/7 GPU);
 *   a finished ml pod's request on the A100 node is never counted;
 * - serving holds the 4 time-sliced replicas of a T4 (2 pods × 2) for the last 2.5 days of the period; its
 *   exporter has no profiling metrics: DCGM_FI_DEV_GPU_UTIL 60 %, reported for each pod sharing the GPU.
 */
function history(end: number): string {
  // From just after a midnight: no sample lies on a day's boundary, where it would count in the day before.
  const from = end - 8 * DAY + 1;
  const to = Math.min(Math.floor(Date.now() / 1000) - 60, end + 600);
  const always = (v: number) => () => v;
  const servingFrom = end - 2.5 * DAY + 1;
  const serving = (v: number) => (t: number) => (t >= servingFrom ? v : undefined);
  const request = (namespace: string, pod: string, node: string, resource: string, v: Backfilled['value']) => ({
    labels: { namespace, pod, container: 'main', node, resource, unit: 'integer' },
    value: v,
  });
  const phase = (namespace: string, pod: string, running: boolean, v: Backfilled['value'] = always(1)) => [
    { labels: { namespace, pod, phase: 'Running' }, value: (t: number) => (v(t) === undefined ? undefined : +running) },
    {
      labels: { namespace, pod, phase: 'Succeeded' },
      value: (t: number) => (v(t) === undefined ? undefined : +!running),
    },
  ];
  const active = (labels: Record<string, string>, v: number) => ({ labels, value: always(v) });
  // The A100 node's exporter is scraped as Prometheus Operator's ServiceMonitor does it (honorLabels off): its
  // target's namespace and pod, the exporter's own renamed exported_*; its fifth GPU is held by no pod.
  const a100 = (gpu: number, held = true) => ({
    gpu: String(gpu),
    UUID: `GPU-a100-${gpu}`,
    modelName: 'NVIDIA A100-SXM4-80GB',
    Hostname: 'a100-0',
    namespace: 'gpu-operator',
    pod: 'nvidia-dcgm-exporter-x7k2p',
    container: 'nvidia-dcgm-exporter',
    ...(held && { exported_namespace: 'research', exported_pod: 'train-0', exported_container: 'main' }),
  });
  const slice = (id: number) => ({
    gpu: '0',
    UUID: 'GPU-h100-0',
    GPU_I_ID: String(id),
    GPU_I_PROFILE: '1g.10gb',
    modelName: 'NVIDIA H100 80GB HBM3',
    Hostname: 'h100-0',
    namespace: 'ml',
    pod: 'notebook-0',
    container: 'main',
  });
  return openMetrics(
    {
      kube_pod_container_resource_requests: [
        request('research', 'train-0', 'a100-0', 'nvidia_com_gpu', always(4)),
        request('ml', 'notebook-0', 'h100-0', 'nvidia_com_mig_1g_10gb', always(2)),
        request('ml', 'done-0', 'a100-0', 'nvidia_com_gpu', always(1)),
        request('serving', 'llm-0', 't4-0', 'nvidia_com_gpu', serving(2)),
        request('serving', 'llm-1', 't4-0', 'nvidia_com_gpu', serving(2)),
      ],
      kube_pod_status_phase: [
        ...phase('research', 'train-0', true),
        ...phase('ml', 'notebook-0', true),
        ...phase('ml', 'done-0', false),
        ...phase('serving', 'llm-0', true, serving(1)),
        ...phase('serving', 'llm-1', true, serving(1)),
      ],
      kube_node_labels: [
        {
          labels: { node: 'a100-0', label_nvidia_com_gpu_product: 'NVIDIA-A100-SXM4-80GB', [POOL]: 'a100' },
          value: always(1),
        },
        {
          labels: { node: 'h100-0', label_nvidia_com_gpu_product: 'NVIDIA-H100-80GB-HBM3', [POOL]: 'h100' },
          value: always(1),
        },
        {
          labels: {
            node: 't4-0',
            label_nvidia_com_gpu_product: 'Tesla-T4-SHARED',
            label_nvidia_com_gpu_replicas: '4',
            [POOL]: 't4',
          },
          value: always(1),
        },
      ],
      DCGM_FI_PROF_GR_ENGINE_ACTIVE: [
        ...[0, 1, 2, 3].map((gpu) => active(a100(gpu), 0.5)),
        active(a100(4, false), 0),
        active(slice(1), 0.7),
        active(slice(2), 0.7),
      ],
      DCGM_FI_DEV_GPU_UTIL: ['llm-0', 'llm-1'].map((pod) => ({
        labels: {
          gpu: '0',
          UUID: 'GPU-t4-0',
          modelName: 'Tesla T4',
          Hostname: 't4-0',
          namespace: 'serving',
          pod,
          container: 'main',
        },
        value: serving(60),
      })),
    },
    from,
    to,
  );
}

const CONFIG = `apps:
  web: { manifest: apps/web/deployment.yaml, container: web }
policies:
  default: { deploy: ["*"] }
gpu:
  prices:
    currency: EUR
    perGpuHour: { NVIDIA-A100-SXM4-80GB: 2, "*": 3.5 }
`;

describe.skipIf(!available)('/gpu usage: showback from a real Prometheus holding a week of KSM and DCGM series', () => {
  let prometheus: RunningPrometheus;
  let h: Harness;
  const period = usagePeriod(7, Date.now());
  let asked = 0;

  beforeAll(async () => {
    prometheus = await startPrometheus([], ['--storage.tsdb.retention.time=60d'], { backfill: history(period.end) });
    h = await startHarness({
      files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
      config: CONFIG,
      kanaria: { prometheusUrl: prometheus.url },
    });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await prometheus?.stop();
  });

  /** Sends `/gpu usage <text>`; resolves with the ack and the showback posted in the channel. */
  const usage = async (text: string) => {
    const before = h.slack.calls.length;
    const ack = await h.command('/gpu', `usage ${text}`.trim(), { responseId: `usage-${++asked}` });
    const posted = await h.slack.waitFor(
      (calls) =>
        calls
          .slice(before)
          .find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('GPU showback')),
      60_000,
    );
    return { ack: ack.text, text: String(posted.body['text']), blocks: JSON.stringify(posted.body['blocks']), before };
  };
  /** The files uploaded since call `before`, by filename. */
  const uploaded = async (before: number, count: number): Promise<Map<string, Buffer>> => {
    const calls = await h.slack.waitFor((all) => {
      const done = all.slice(before).filter((c) => c.method === 'files.completeUploadExternal');
      return done.length >= count && all.slice(before);
    }, 30_000);
    const files = new Map<string, Buffer>();
    for (const c of calls.filter((x) => x.method === 'files.getUploadURLExternal')) {
      const id = String((c.response as { file_id: string }).file_id).slice(1);
      files.set(String(c.body['filename']), h.slack.uploads.get(id) as Buffer);
    }
    return files;
  };

  it('posts GPU-hours allocated and busy per namespace and per product, efficiency and cost; the chart and the CSV in its thread', async () => {
    const { ack, text, blocks, before } = await usage('');
    expect(ack).toBe('Adding up GPU-hours (whole cluster, last 7 days); the showback follows in this channel.');
    // 4 A100s × 168 h + 2 × 1/7 H100 × 168 h + 4 × 1/4 T4 × 60 h = 672 + 48 + 60 GPU-hours; busy 336 + 33.6 +
    // 36 (60 % of the T4, split between its two pods); cost 672 × 2 + (48 + 60) × 3.5 EUR.
    expect(text).toBe(
      'GPU showback (whole cluster), last 7 days: 780.0 GPU-hours allocated, 52% efficiency, cost €1,722.00',
    );
    const start = new Date(period.start * 1000).toISOString().slice(0, 10);
    const end = new Date(period.end * 1000).toISOString().slice(0, 10);
    expect(blocks).toContain(`Period: ${start} 00:00 – ${end} 00:00 UTC`);
    expect(blocks).toMatch(/research +672\.0 +336\.0 +50% +€1,344\.00 +672\.0 +0\.0 +-/);
    expect(blocks).toMatch(/ml +48\.0 +33\.6 +70% +€168\.00 +0\.0 +0\.0 +1g\.10gb 336\.0/);
    expect(blocks).toMatch(/serving +60\.0 +36\.0 +60% +€210\.00 +0\.0 +240\.0 +-/);
    expect(blocks).toMatch(/ml +NVIDIA-H100-80GB-HBM3 +nvidia\.com\/mig-1g\.10gb +mig +336\.0 +48\.0 +33\.6 +70%/);
    expect(blocks).toContain('Allocation: kube-state-metrics');
    expect(blocks).not.toContain('done-0');

    const files = await uploaded(before, 2);
    const chart = decode(files.get('usage-cluster-7d.png') as Buffer);
    expect(chart.width).toBeGreaterThan(300);
    expect(chart.height).toBeGreaterThan(200);
    const csv = String(files.get('usage-cluster-7d.csv'));
    const [from, to] = [period.start, period.end].map((s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z'));
    expect(csv.split('\r\n')).toEqual([
      'period_start_utc,period_end_utc,namespace,product,resource,kind,allocated_hours,busy_gpu_hours,gpu_equivalent_hours,efficiency,price_per_gpu_hour,cost,currency,source',
      `${from},${to},ml,NVIDIA-H100-80GB-HBM3,nvidia.com/mig-1g.10gb,mig,336,33.6,48,0.7,3.5,168,EUR,ksm`,
      `${from},${to},research,NVIDIA-A100-SXM4-80GB,nvidia.com/gpu,gpu,672,336,672,0.5,2,1344,EUR,ksm`,
      `${from},${to},serving,Tesla-T4-SHARED,nvidia.com/gpu,shared,240,36,60,0.6,3.5,210,EUR,ksm`,
      '',
    ]);
  }, 90_000);

  it('narrows to a namespace or a pool; 30 days over eight days of data counts the eight', async () => {
    const ml = await usage('ml 30d');
    expect(ml.ack).toBe('Adding up GPU-hours (namespace ml, last 30 days); the showback follows in this channel.');
    // 8 days × 24 h × 2/7 GPU = 54.857 GPU-hours, × 3.5 EUR.
    expect(ml.text).toBe(
      'GPU showback (namespace ml), last 30 days: 54.9 GPU-hours allocated, 70% efficiency, cost €192.00',
    );
    expect(ml.blocks).not.toContain('research');
    // The 22 days before the data are said, not silently counted as 0.
    const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);
    const period30 = usagePeriod(30, Date.now());
    expect(ml.blocks).toContain(
      `No allocation data on ${day(period30.start)} – ${day(period30.end - 9 * DAY)} (UTC): nothing is counted for those days.`,
    );
    expect(ml.blocks).toContain(
      'Allocation, day by day: kube-state-metrics (kube_pod_container_resource_requests) on 8 days.',
    );
    const t4 = await usage('pool t4');
    expect(t4.text).toBe('GPU showback (pool t4), last 7 days: 60.0 GPU-hours allocated, 60% efficiency, cost €210.00');
  }, 90_000);

  it('refuses a period it does not take and an unknown namespace privately, with the closest names', async () => {
    const before = h.slack.calls.length;
    expect((await h.command('/gpu', 'usage 9d')).text).toMatch(/`9d` is not a period: use 7d or 30d\./);
    expect((await h.command('/gpu', 'usage pool')).text).toMatch(/Which pool\? Give its name\./);
    await h.command('/gpu', 'usage reserch', { responseId: 'unknown-ns' });
    const refusal = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:unknown-ns'), 30_000);
    expect(String(refusal.body['text'])).toMatch(
      /No namespace `reserch` held GPUs in the last 7 days\. Did you mean `research`\?/,
    );
    expect(String(refusal.body['text'])).toContain('Known: ml, research, serving.');
    // Nothing was posted in the channel for any of them.
    expect(h.slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  }, 60_000);
});

/**
 * Eight days of kube-state-metrics and, for the last 3 days of the 7-day period only, Kanaria's own recorded
 * gauges (as when Kanaria's alert checks were turned on 3 days ago):
 * - research holds 4 A100s all along, seen by both;
 * - batch holds 1 A100 through an init container for the last 3 days: Kanaria counts it as the scheduler does,
 *   kube-state-metrics (app containers only) does not.
 */
function switchedHistory(end: number): string {
  const from = end - 8 * DAY + 1;
  const to = Math.min(Math.floor(Date.now() / 1000) - 60, end + 600);
  const kanariaFrom = end - 3 * DAY + 1;
  const always = (v: number) => () => v;
  const recent = (v: number) => (t: number) => (t >= kanariaFrom ? v : undefined);
  const replica = { instance: 'kanaria-0:3000', job: 'kanaria' };
  const held = (namespace: string) => ({
    ...replica,
    namespace,
    pool: 'a100',
    product: 'NVIDIA-A100-SXM4-80GB',
    resource: 'nvidia.com/gpu',
    kind: 'gpu',
  });
  return openMetrics(
    {
      kube_pod_container_resource_requests: [
        {
          labels: {
            namespace: 'research',
            pod: 'train-0',
            container: 'main',
            node: 'a100-0',
            resource: 'nvidia_com_gpu',
            unit: 'integer',
          },
          value: always(4),
        },
      ],
      kube_pod_status_phase: [
        { labels: { namespace: 'research', pod: 'train-0', phase: 'Running' }, value: always(1) },
      ],
      kube_node_labels: [
        {
          labels: { node: 'a100-0', label_nvidia_com_gpu_product: 'NVIDIA-A100-SXM4-80GB', [POOL]: 'a100' },
          value: always(1),
        },
      ],
      kanaria_gpu_allocated: [
        { labels: held('research'), value: recent(4) },
        { labels: held('batch'), value: recent(1) },
      ],
      kanaria_gpu_allocated_equivalents: [
        { labels: held('research'), value: recent(4) },
        { labels: held('batch'), value: recent(1) },
      ],
      kanaria_gpu_nodes: [
        {
          labels: { ...replica, node: 'a100-0', pool: 'a100', product: 'NVIDIA-A100-SXM4-80GB' },
          value: recent(1),
        },
      ],
      kanaria_gpu_inventory_read_timestamp_seconds: [{ labels: replica, value: (t) => recent(t)(t) }],
    },
    from,
    to,
  );
}

describe.skipIf(!available)(
  '/gpu usage: Kanaria’s own series for the last days only, kube-state-metrics’ for the whole period',
  () => {
    let prometheus: RunningPrometheus;
    let h: Harness;
    const period = usagePeriod(7, Date.now());

    beforeAll(async () => {
      prometheus = await startPrometheus([], ['--storage.tsdb.retention.time=60d'], {
        backfill: switchedHistory(period.end),
      });
      h = await startHarness({
        files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
        config: CONFIG,
        kanaria: { prometheusUrl: prometheus.url },
      });
    }, 120_000);
    afterAll(async () => {
      await h?.stop();
      await prometheus?.stop();
    });

    const showback = async (text: string, id: string) => {
      const before = h.slack.calls.length;
      await h.command('/gpu', text, { responseId: id });
      const posted = await h.slack.waitFor(
        (calls) =>
          calls
            .slice(before)
            .find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('GPU showback')),
        60_000,
      );
      return { text: String(posted.body['text']), blocks: JSON.stringify(posted.body['blocks']), before };
    };

    it('counts each day once, from the source that saw it: kube-state-metrics before Kanaria recorded, Kanaria after', async () => {
      const { text, blocks, before } = await showback('usage', 'switch-7d');
      // research: 4 A100s × 168 h (4 days from kube-state-metrics, 3 from Kanaria); batch: 1 A100 × 72 h (Kanaria).
      // Choosing Kanaria for the whole period would have shown 4 × 72 + 72 = 360.
      expect(text).toBe(
        'GPU showback (whole cluster), last 7 days: 744.0 GPU-hours allocated, efficiency unknown, cost €1,488.00',
      );
      expect(blocks).toContain(
        'Allocation, day by day: Kanaria’s own samples (kanaria_gpu_allocated) on 3 days, kube-state-metrics (kube_pod_container_resource_requests) on 4 days.',
      );
      expect(blocks).not.toContain('No allocation data');
      const calls = await h.slack.waitFor((all) => {
        const done = all.slice(before).filter((c) => c.method === 'files.completeUploadExternal');
        return done.length >= 2 && all.slice(before);
      }, 30_000);
      const csvCall = calls.find(
        (c) => c.method === 'files.getUploadURLExternal' && String(c.body['filename']).endsWith('.csv'),
      );
      const id = String((csvCall?.response as { file_id: string }).file_id).slice(1);
      const rows = String(h.slack.uploads.get(id))
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',').slice(2));
      expect(rows).toEqual([
        ['batch', 'NVIDIA-A100-SXM4-80GB', 'nvidia.com/gpu', 'gpu', '72', '', '72', '', '2', '144', 'EUR', 'kanaria'],
        [
          'research',
          'NVIDIA-A100-SXM4-80GB',
          'nvidia.com/gpu',
          'gpu',
          '672',
          '',
          '672',
          '',
          '2',
          '1344',
          'EUR',
          'mixed',
        ],
      ]);
    }, 90_000);

    it('over 30 days: the days before any data are named, and not counted', async () => {
      const { text, blocks } = await showback('usage 30d', 'switch-30d');
      // research: 8 days × 96 h; batch: 3 days × 24 h.
      expect(text).toBe(
        'GPU showback (whole cluster), last 30 days: 840.0 GPU-hours allocated, efficiency unknown, cost €1,680.00',
      );
      const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);
      const period30 = usagePeriod(30, Date.now());
      expect(blocks).toContain(
        'Allocation, day by day: Kanaria’s own samples (kanaria_gpu_allocated) on 3 days, kube-state-metrics (kube_pod_container_resource_requests) on 5 days.',
      );
      expect(blocks).toContain(
        `No allocation data on ${day(period30.start)} – ${day(period30.end - 9 * DAY)} (UTC): nothing is counted for those days.`,
      );
    }, 90_000);
  },
);

describe('/gpu usage when Prometheus is away, not configured, or has nothing for the period', () => {
  const ask = async (kanaria: { prometheusUrl?: string }, id: string) => {
    const h = await startHarness({
      files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
      config: CONFIG,
      kanaria,
    });
    try {
      await h.command('/gpu', 'usage', { responseId: id });
      const answer = await h.slack.waitFor(
        (calls) => calls.find((c) => c.method === `response_url:${id}` || c.method === 'chat.postMessage'),
        60_000,
      );
      return { method: answer.method, text: String(answer.body['text']) };
    } finally {
      await h.stop();
    }
  };

  it('says Prometheus could not be reached, after the retries, to the requester', async () => {
    expect(await ask({ prometheusUrl: 'http://127.0.0.1:1' }, 'away')).toEqual({
      method: 'response_url:away',
      text: expect.stringMatching(/Prometheus at http:\/\/127\.0\.0\.1:1 did not answer after 3 attempts/) as string,
    });
  }, 90_000);

  it('without PROMETHEUS_URL, says what to set', async () => {
    expect(await ask({}, 'unset')).toEqual({
      method: 'response_url:unset',
      text: expect.stringContaining('Showback needs Prometheus, and Kanaria has no PROMETHEUS_URL.') as string,
    });
  }, 60_000);

  it.skipIf(!available)(
    'an empty Prometheus: says there is nothing for the period, in the channel',
    async () => {
      const empty = await startPrometheus([]);
      try {
        const { method, text } = await ask({ prometheusUrl: empty.url }, 'empty');
        expect(method).toBe('chat.postMessage');
        expect(text).toMatch(
          /^GPU showback \(whole cluster\): no GPU was allocated from \d{4}-\d\d-\d\d 00:00 to \d{4}-\d\d-\d\d 00:00 UTC/,
        );
      } finally {
        await empty.stop();
      }
    },
    60_000,
  );
});
