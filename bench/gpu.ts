/**
 * bench:gpu — the GPU report on a large cluster: 5,000 nodes (1,000 with 8 GPUs) and 150,000 pods.
 *
 * Filling the test etcd with 155,000 objects takes far too long here, so the lists are served by a plain
 * replay server (bench/lib/kube-replay.ts) that speaks the API server's list protocol (limit/continue, the
 * finished-pods field selector), rendered up front. Its objects are made from a GPU node, a CPU node and pods that the REAL
 * kube-apiserver 1.20 of the test harness returned (created there, read back as raw JSON), varied by index.
 *
 * Each run is a child process of its own (so its peak RSS is its own): Kanaria's paginated, summarising
 * read (KubeGpuSource: pages of 500 scanned as they arrive, only GPU objects parsed) against the baseline of listing
 * everything unpaginated through the typed client (CoreV1Api), the way a first version would. A third child
 * loads the same modules and reads nothing: Node's own floor, which no reading can go below.
 * BENCH_RUNS (5) of each, alternating; medians. The children run compiled to JavaScript, as Kanaria is deployed
 * (`node dist/…`); BENCH_LOADER=tsx runs them through tsx instead, as before (its loader thread adds ~85 MB).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { root, TSX } from '../test/helpers/cli.js';
import { hasKubeApiserver } from '../test/helpers/kube.js';
import { cluster, recordTemplates } from './lib/gpu-cluster.js';
import { compileForNode } from './lib/compile.js';
import { startKubeReplay } from './lib/kube-replay.js';
import { envNumber, median, printResult, progress, round } from './lib/util.js';

const RUNS = envNumber('BENCH_RUNS', 5);
/** Kanaria's page size (KubeGpuSource's default). */
const PAGE = envNumber('BENCH_PAGE', 500);
const NODES = envNumber('BENCH_NODES', 5000);
const GPU_NODES = envNumber('BENCH_GPU_NODES', 1000);
const PODS = envNumber('BENCH_PODS', 150_000);
const TARGET = { reportMs: 2000, peakRssMb: 250 };
const LOADER = process.env['BENCH_LOADER'] === 'tsx' ? 'tsx' : 'node';
const compiled = LOADER === 'node' ? compileForNode('bench/lib/gpu-run.ts') : undefined;
const child = compiled ? [compiled.path] : ['--import', TSX, join(root, 'bench/lib/gpu-run.ts')];

type Run = { ms: number; maxRssMb: number; gpus: number };

function runOnce(mode: 'paginated' | 'unpaginated' | 'idle', url: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const run = spawn(process.execPath, ['--max-old-space-size=4096', ...child, mode, url, String(PAGE)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    run.stdout.on('data', (c: Buffer) => (out += c.toString()));
    run.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Run)
        : reject(new Error(`${mode} run exited with ${code}`)),
    );
  });
}

if (!hasKubeApiserver()) {
  process.stderr.write(
    'bench:gpu records its object templates from the real kube-apiserver: build it with `bash test/k8s/build-kube-apiserver.sh`.\n',
  );
  process.exit(1);
}
progress('recording templates from the real kube-apiserver…');
const replay = await startKubeReplay(
  cluster(await recordTemplates(), { nodes: NODES, gpuNodes: GPU_NODES, pods: PODS }),
  PAGE,
);
const loadBefore = loadavg()[0] ?? 0;
const runs = { paginated: [] as Run[], unpaginated: [] as Run[], idle: [] as Run[] };
try {
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ['paginated', 'unpaginated', 'idle'] as const) {
      const result = await runOnce(mode, replay.url);
      runs[mode].push(result);
      progress(`${mode} run ${i + 1}: ${round(result.ms)} ms, ${round(result.maxRssMb)} MB`);
    }
  }
} finally {
  await replay.stop();
  if (compiled) rmSync(compiled.dir, { recursive: true, force: true });
}
const loadAfter = loadavg();
const ours = {
  reportMs: round(median(runs.paginated.map((r) => r.ms))),
  peakRssMb: round(median(runs.paginated.map((r) => r.maxRssMb))),
};
const baseline = {
  reportMs: round(median(runs.unpaginated.map((r) => r.ms))),
  peakRssMb: round(median(runs.unpaginated.map((r) => r.maxRssMb))),
};
printResult({
  bench: 'gpu',
  nodes: NODES,
  gpuNodes: GPU_NODES,
  pods: PODS,
  source: 'replay server of objects recorded from the real kube-apiserver 1.20',
  loader: LOADER,
  /** 1-minute load average of the machine (2 cores, shared) before and after the runs. */
  loadAverage: { before: round(loadBefore, 2), after: round(loadAfter[0] ?? 0, 2) },
  reportMs: { median: ours.reportMs },
  peakRssMb: ours.peakRssMb,
  /** The same child loading the same modules and reading nothing. */
  nodeFloorRssMb: round(median(runs.idle.map((r) => r.maxRssMb))),
  gpusAllocatable: runs.paginated[0]?.gpus,
  baseline: {
    name: 'typed client (CoreV1Api), unpaginated lists',
    reportMs: baseline.reportMs,
    peakRssMb: baseline.peakRssMb,
  },
  leaner: round(baseline.peakRssMb / ours.peakRssMb, 2),
  faster: round(baseline.reportMs / ours.reportMs, 2),
  target: TARGET,
  meetsTarget:
    ours.reportMs < TARGET.reportMs && ours.peakRssMb < TARGET.peakRssMb && baseline.peakRssMb / ours.peakRssMb >= 2,
});
