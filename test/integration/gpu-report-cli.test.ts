import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, root, runTs, tempFiles } from '../helpers/cli.js';
import type { GpuReport } from '../../src/domain/gpu.js';

// A GKE cluster with the GPU operator, captured at 2025-06-12T09:30:00Z (see test/fixtures/gpu/README.md).
const NODES = join(root, 'test/fixtures/gpu/nodes.json');
const PODS = join(root, 'test/fixtures/gpu/pods.json');
const USAGE = 'usage: npm run -s gpu-report -- --nodes <file> --pods <file> [--json] [--pool-label <label>]\n';

/** `node src/cli/gpu-report.ts <args>`, through tsx as the project runs TypeScript. */
const gpuReport = (args: readonly string[], input?: string) => runTs('src/cli/gpu-report.ts', args, input);

/** Seconds since a fixture timestamp, as the CLI (which uses the clock) computes them. */
const since = (timestamp: string): number => Math.round((Date.now() - Date.parse(timestamp)) / 1000);

const TABLE = [
  'FREE  REQUESTED  ALLOCATABLE  CAPACITY  USE   NODES  KIND    PRODUCT                           POOL               RESOURCE                EACH',
  '49    7          56           56        13%   1      mig     NVIDIA-A100-SXM4-40GB-MIG-1g.5gb  a100-40-mig-pool   nvidia.com/gpu          1/7 GPU',
  '25    3          28           28        11%   1      mig     NVIDIA-A100-SXM4-80GB             a100-mig-pool      nvidia.com/mig-1g.10gb  1/7 GPU',
  '14    2          16           16        13%   1      shared  NVIDIA-L4                         l4-inference-pool  nvidia.com/gpu.shared   1/4 GPU',
  '11    5          16           16        31%   1      shared  NVIDIA-L4-SHARED                  l4-timeslice-pool  nvidia.com/gpu          1/4 GPU',
  '7     1          8            8         13%   1      mig     NVIDIA-A100-SXM4-80GB             a100-mig-pool      nvidia.com/mig-3g.40gb  3/7 GPU',
  '3     14         31           32        45%   4      gpu     NVIDIA-A100-SXM4-80GB             a100-80-pool       nvidia.com/gpu          1 GPU',
  '0     1          1            1         100%  1      gpu     unknown                           t4-ci-pool         nvidia.com/gpu          1 GPU',
];

describe('npm run gpu-report', () => {
  const { dir, file } = tempFiles('kanaria-gpu-report-');

  it('prints the report of a cluster as text', async () => {
    const run = await gpuReport(['--nodes', NODES, '--pods', PODS]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3 + TABLE.length + 1)).toEqual([
      'GPUs: 3 free of 32 allocatable (33 capacity) on 5 nodes; 15 requested (47%).',
      'GPU-equivalents (whole GPUs, MIG slices and shared replicas together): 22.82 free of 55.43 allocatable (56.43 capacity); 18.61 requested.',
      '',
      ...TABLE,
      '  NVIDIA-A100-SXM4-80GB / a100-80-pool: 14 idle on cordoned or NotReady nodes, 1 unhealthy (allocatable below capacity)',
    ]);
    expect(run.stdout).toContain(
      '\nNot taking pods: gke-ml-prod-a100-80-pool-3f1c2d9a-m5wd (cordoned), gke-ml-prod-a100-80-pool-3f1c2d9a-x9rt (NotReady)\n',
    );
    // Waits are measured from now, long after the capture: hours, oldest first.
    expect(run.stdout).toMatch(
      /\nPending pods asking for GPUs: 4\n {2}ml-training\/llm-pretrain-worker-1 \(8 nvidia\.com\/gpu\), waiting \d+h: 0\/10 nodes are available: .*Insufficient nvidia\.com\/gpu.*\n {2}research\/sweep-h100-trial-7-k9v2s \(2 nvidia\.com\/gpu\), waiting \d+h: .*\n {2}ml-training\/batch-eval-4xk2p \(4 nvidia\.com\/gpu\), waiting \d+h: Scheduling is blocked due to non-empty scheduling gates\n {2}inference\/vllm-llama-8b-5d6c7b8a9-h3j4k \(1 nvidia\.com\/gpu\.shared\), waiting \d+h: waiting to be scheduled\n/,
    );
    expect(
      run.stdout.endsWith(
        [
          '',
          'Top namespaces by GPU-equivalents held (pending pods not counted):',
          '  ml-training  12 GPUs + 7× 1g.5gb = 13 GPU-eq (3 pods)',
          '  research     2 GPUs + 3× 1g.10gb + 1× 3g.40gb = 2.86 GPU-eq (5 pods)',
          '  inference    7 shared replicas = 1.75 GPU-eq (5 pods)',
          '  ci           1 GPU = 1 GPU-eq (1 pod)',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
  });

  it('prints the report as one JSON document with --json', async () => {
    const before = since('2025-06-12T06:12:40Z');
    const run = await gpuReport(['--nodes', NODES, '--pods', PODS, '--json']);
    const after = since('2025-06-12T06:12:40Z');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(run.stdout) as GpuReport & { note?: string };
    expect(report).not.toHaveProperty('note');
    expect(
      report.rows.map(
        (r) =>
          `${r.free} ${r.requested} ${r.allocatable} ${r.capacity} ${r.nodes} ${r.kind} ${r.product} ${r.pool} ${r.resource} ${r.unavailable} ${r.unhealthy}`,
      ),
    ).toEqual([
      '49 7 56 56 1 mig NVIDIA-A100-SXM4-40GB-MIG-1g.5gb a100-40-mig-pool nvidia.com/gpu 0 0',
      '25 3 28 28 1 mig NVIDIA-A100-SXM4-80GB a100-mig-pool nvidia.com/mig-1g.10gb 0 0',
      '14 2 16 16 1 shared NVIDIA-L4 l4-inference-pool nvidia.com/gpu.shared 0 0',
      '11 5 16 16 1 shared NVIDIA-L4-SHARED l4-timeslice-pool nvidia.com/gpu 0 0',
      '7 1 8 8 1 mig NVIDIA-A100-SXM4-80GB a100-mig-pool nvidia.com/mig-3g.40gb 0 0',
      '3 14 31 32 4 gpu NVIDIA-A100-SXM4-80GB a100-80-pool nvidia.com/gpu 14 1',
      '0 1 1 1 1 gpu unknown t4-ci-pool nvidia.com/gpu 0 0',
    ]);
    expect(report.rows[5]!.utilisation).toBeCloseTo(14 / 31, 10);
    // The same rows in GPU-equivalents: one unit of each, then capacity, allocatable, requested and free.
    expect(report.rows.map((r) => [Math.round(r.unit * 28), r.equivalents])).toEqual([
      [4, { capacity: 8, allocatable: 8, requested: 1, free: 7 }],
      [4, { capacity: 4, allocatable: 4, requested: 0.43, free: 3.57 }],
      [7, { capacity: 4, allocatable: 4, requested: 0.5, free: 3.5 }],
      [7, { capacity: 4, allocatable: 4, requested: 1.25, free: 2.75 }],
      [12, { capacity: 3.43, allocatable: 3.43, requested: 0.43, free: 3 }],
      [28, { capacity: 32, allocatable: 31, requested: 14, free: 3 }],
      [28, { capacity: 1, allocatable: 1, requested: 1, free: 0 }],
    ]);
    expect(report.totals).toEqual({ nodes: 5, capacity: 33, allocatable: 32, requested: 15, free: 3 });
    expect(report.equivalents).toEqual({ capacity: 56.43, allocatable: 55.43, requested: 18.61, free: 22.82 });
    expect(report.pending.map((p) => `${p.namespace}/${p.name}`)).toEqual([
      'ml-training/llm-pretrain-worker-1',
      'research/sweep-h100-trial-7-k9v2s',
      'ml-training/batch-eval-4xk2p',
      'inference/vllm-llama-8b-5d6c7b8a9-h3j4k',
    ]);
    expect(report.pending[0]).toMatchObject({
      requests: { 'nvidia.com/gpu': 8 },
      reason: expect.stringContaining('2 Insufficient nvidia.com/gpu') as unknown,
    });
    expect(report.pending[0]!.waitingSeconds).toBeGreaterThanOrEqual(before);
    expect(report.pending[0]!.waitingSeconds).toBeLessThanOrEqual(after);
    expect(report.pending[0]!.waitingSeconds! - report.pending[1]!.waitingSeconds!).toBe(
      Date.parse('2025-06-12T09:05:00Z') / 1000 - Date.parse('2025-06-12T06:12:40Z') / 1000,
    );
    expect(report.namespaces).toEqual([
      { namespace: 'ml-training', gpus: 12, mig: { '1g.5gb': 7 }, shared: 0, equivalents: 13, pods: 3 },
      { namespace: 'research', gpus: 2, mig: { '1g.10gb': 3, '3g.40gb': 1 }, shared: 0, equivalents: 2.86, pods: 5 },
      { namespace: 'inference', gpus: 0, mig: {}, shared: 7, equivalents: 1.75, pods: 5 },
      { namespace: 'ci', gpus: 1, mig: {}, shared: 0, equivalents: 1, pods: 1 },
    ]);
    expect(report.cordonedOrNotReady).toEqual([
      'gke-ml-prod-a100-80-pool-3f1c2d9a-m5wd (cordoned)',
      'gke-ml-prod-a100-80-pool-3f1c2d9a-x9rt (NotReady)',
    ]);
    expect(report.unhealthyNodes).toEqual([{ node: 'gke-ml-prod-a100-80-pool-3f1c2d9a-7hqz', missing: 1 }]);
  });

  it('groups by another label with --pool-label, "(no pool)" where a node lacks it', async () => {
    const byType = JSON.parse(
      (
        await gpuReport([
          '--nodes',
          NODES,
          '--pods',
          PODS,
          '--json',
          '--pool-label',
          'node.kubernetes.io/instance-type',
        ])
      ).stdout,
    ) as GpuReport;
    expect(byType.rows.map((r) => `${r.product} ${r.pool} ${r.resource}`)).toEqual([
      'NVIDIA-A100-SXM4-40GB-MIG-1g.5gb a2-highgpu-8g nvidia.com/gpu',
      'NVIDIA-A100-SXM4-80GB a2-ultragpu-8g nvidia.com/mig-1g.10gb',
      'NVIDIA-L4 g2-standard-48 nvidia.com/gpu.shared',
      'NVIDIA-L4-SHARED g2-standard-48 nvidia.com/gpu',
      'NVIDIA-A100-SXM4-80GB a2-ultragpu-8g nvidia.com/mig-3g.40gb',
      'NVIDIA-A100-SXM4-80GB a2-ultragpu-8g nvidia.com/gpu',
      'unknown n1-standard-8 nvidia.com/gpu',
    ]);
    const run = await gpuReport(['--nodes', NODES, '--pods', PODS, '--pool-label', 'karpenter.sh/nodepool']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '\n3     14         31           32        45%   4      gpu     NVIDIA-A100-SXM4-80GB             (no pool)  nvidia.com/gpu          1 GPU\n',
    );
    expect(run.stdout).toContain(
      '  NVIDIA-A100-SXM4-80GB / (no pool): 14 idle on cordoned or NotReady nodes, 1 unhealthy',
    );
  });

  it('reports capacity alone without --pods, and says requests are unknown', async () => {
    const text = await gpuReport(['--nodes', NODES]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').slice(0, 5)).toEqual([
      'No --pods given: requested GPUs and pending pods are unknown.',
      'GPUs: 16 free of 32 allocatable (33 capacity) on 5 nodes; 0 requested (0%).',
      'GPU-equivalents (whole GPUs, MIG slices and shared replicas together): 39.43 free of 55.43 allocatable (56.43 capacity); 0 requested.',
      '',
      'FREE  REQUESTED  ALLOCATABLE  CAPACITY  USE  NODES  KIND    PRODUCT                           POOL               RESOURCE                EACH',
    ]);
    expect(text.stdout).not.toContain('Pending pods');
    expect(text.stdout).not.toContain('Top namespaces');
    const json = await gpuReport(['--nodes', NODES, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as GpuReport & { note?: string };
    expect(report.note).toBe('no --pods given: requested GPUs and pending pods are unknown');
    expect(report.totals).toEqual({ nodes: 5, capacity: 33, allocatable: 32, requested: 0, free: 16 });
    expect(report.pending).toEqual([]);
    expect(report.namespaces).toEqual([]);
  });

  it('says there are no GPU nodes for a cluster without any', async () => {
    const cpuOnly = JSON.parse(readFileSync(NODES, 'utf8')) as { items: { metadata: { name: string } }[] };
    const path = file('cpu-nodes.json', {
      ...cpuOnly,
      items: cpuOnly.items.filter((n) => n.metadata.name.includes('default-pool')),
    });
    const run = await gpuReport(['--nodes', path, '--pods', PODS]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('No GPU nodes: no node reports nvidia.com/gpu (or MIG / shared GPU) capacity.\n');
  });

  it('reads the nodes from stdin with --nodes -', async () => {
    const run = await gpuReport(['--nodes', '-', '--pods', PODS, '--json'], readFileSync(NODES, 'utf8'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as GpuReport).totals).toEqual({
      nodes: 5,
      capacity: 33,
      allocatable: 32,
      requested: 15,
      free: 3,
    });
  });

  it('reads the pods from stdin with --pods -', async () => {
    const run = await gpuReport(['--nodes', NODES, '--pods', '-'], readFileSync(PODS, 'utf8'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(
      run.stdout.startsWith('GPUs: 3 free of 32 allocatable (33 capacity) on 5 nodes; 15 requested (47%).\n'),
    ).toBe(true);
  });

  it.each<[string, readonly string[]]>([
    ['without any argument', []],
    ['without --nodes', ['--pods', PODS]],
    ['with an empty --nodes', ['--nodes', '', '--pods', PODS]],
  ])('exits 2 with the usage %s', async (_, args) => {
    const run = await gpuReport(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(USAGE);
  });

  it.each<[string, readonly string[], string]>([
    ['an unknown option', ['--nodes', NODES, '--bogus'], "Unknown option '--bogus'"],
    ['a positional argument', ['--nodes', NODES, 'pods.json'], "Unexpected argument 'pods.json'"],
    ['--nodes without a value', ['--nodes'], "Option '--nodes <value>' argument missing"],
  ])('exits 2 with the error and the usage for %s', async (_, args, message) => {
    const run = await gpuReport(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.endsWith(`\n${USAGE}`)).toBe(true);
  });

  it.each<[string, unknown]>([
    [
      'a single node (kubectl get node <name> -o json)',
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'gke-ml-prod-default-pool-1c0f3e5b-hx7s' }, status: {} },
    ],
    ['a JSON array', []],
    ['an object with items that are not a list', { apiVersion: 'v1', kind: 'List', items: {} }],
    ['a number', 42],
  ])('exits 2 naming the file when --nodes is %s', async (_, content) => {
    const path = file('not-a-list.json', content);
    const run = await gpuReport(['--nodes', path, '--pods', PODS]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${path}: not a nodes list (expected the JSON of \`kubectl get nodes -o json\`)\n`);
  });

  it('exits 2 naming the file when --pods is not a list', async () => {
    const path = file('one-pod.json', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'trainer-0', namespace: 'ml-training' },
    });
    const run = await gpuReport(['--nodes', NODES, '--pods', path]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${path}: not a pods list (expected the JSON of \`kubectl get pods -o json\`)\n`);
  });

  it.each<[string, () => readonly string[], RegExp]>([
    [
      'the files swapped (--nodes pods.json --pods nodes.json)',
      () => ['--nodes', PODS, '--pods', NODES],
      /^\S+pods\.json: item 1 is a Pod, not a Node \(expected the JSON of `kubectl get nodes -o json`; were --nodes and --pods swapped\?\)\n$/,
    ],
    [
      'the pods given as --nodes alone',
      () => ['--nodes', PODS],
      /pods\.json: item 1 is a Pod, not a Node .*swapped\?\)\n$/,
    ],
    [
      'nodes given as --pods',
      () => ['--nodes', NODES, '--pods', NODES],
      /nodes\.json: item 1 is a Node, not a Pod \(expected the JSON of `kubectl get pods -o json`; were --nodes and --pods swapped\?\)\n$/,
    ],
  ])('exits 2 naming the file for %s', async (_, args, message) => {
    const run = await gpuReport(args());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it.each<[string, unknown, string]>([
    [
      'a list of Services',
      { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } }] },
      'item 1 is a Service, not a Node',
    ],
    [
      'a Node list with a Pod among the nodes',
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1' } },
        ],
      },
      'item 2 is a Pod, not a Node',
    ],
    ['a PodList from the API', { apiVersion: 'v1', kind: 'PodList', items: [] }, 'a PodList, not a list of Nodes'],
    ['items that are not objects', { apiVersion: 'v1', kind: 'List', items: ['n1', 'n2'] }, 'item 1 is not an object'],
    [
      'items without a kind in a plain List',
      { apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'n1' } }] },
      'item 1 has no kind',
    ],
  ])('exits 2 naming the file when --nodes holds %s', async (_, content, message) => {
    const path = file('odd-nodes.json', content);
    const run = await gpuReport(['--nodes', path]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${path}: ${message} (expected the JSON of \`kubectl get nodes -o json\`)\n`);
  });

  it("takes the API's own NodeList, whose items carry no kind", async () => {
    const list = JSON.parse(readFileSync(NODES, 'utf8')) as { items: Record<string, unknown>[] };
    const path = file('nodelist.json', {
      apiVersion: 'v1',
      kind: 'NodeList',
      metadata: {},
      items: list.items.map(({ kind: _kind, apiVersion: _apiVersion, ...node }) => node),
    });
    const run = await gpuReport(['--nodes', path, '--pods', PODS, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as GpuReport).totals.free).toBe(3);
  });

  it('exits 2 naming a missing file', async () => {
    const path = join(dir, 'nope.json');
    const run = await gpuReport(['--nodes', NODES, '--pods', path]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`'${path}'`);
    expect(run.stderr).toContain('ENOENT');
  });

  // Which of the two files is wrong should be clear from the message, whatever is in it.
  it.each<[string, string, string]>([
    [
      'YAML (kubectl get pods -o yaml)',
      'pods.yaml',
      'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    ],
    ['truncated JSON', 'pods-truncated.json', readFileSync(PODS, 'utf8').slice(0, 5000)],
    ['JSON null', 'pods-null.json', 'null\n'],
  ])('exits 2 naming the file when --pods is %s', async (_, name, content) => {
    const path = file(name, content);
    const run = await gpuReport(['--nodes', NODES, '--pods', path]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(path);
  });

  it('runs as documented, npm run -s gpu-report -- --nodes <file> --pods <file> --json', async () => {
    const run = await collect('npm', ['run', '-s', 'gpu-report', '--', '--nodes', NODES, '--pods', PODS, '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect((JSON.parse(run.stdout) as GpuReport).totals.free).toBe(3);
    const usage = await collect('npm', ['run', '-s', 'gpu-report']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(USAGE);
  });
});

describe('npm run gpu-report under LANG=ja_JP.UTF-8', () => {
  const japanese = { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const inJapanese = (args: readonly string[]) => runTs('src/cli/gpu-report.ts', args, undefined, japanese);

  it('prints the report in Japanese, saying what is unknown without --pods', async () => {
    const run = await inJapanese(['--nodes', NODES]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      '--pods が指定されていません: 要求された GPU 数と Pending の Pod は不明です。',
    );
    expect(run.stdout).toContain('Podを受け付けていないノード: ');
  });

  it('refuses swapped files in Japanese with the same exit code', async () => {
    const run = await inJapanese(['--nodes', PODS, '--pods', NODES]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `${PODS}: 1 番目の要素は Pod です。Node ではありません (\`kubectl get nodes -o json\` の JSON が必要です。--nodes と --pods を逆に指定していませんか?)\n`,
    );
    const usage = await inJapanese([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe(`使い方: ${USAGE.slice('usage: '.length)}`);
  });
});
