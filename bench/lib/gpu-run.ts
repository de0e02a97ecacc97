/**
 * One GPU report against a (replayed) API server, in a process of its own so its peak RSS is its own.
 * `paginated`: Kanaria's KubeGpuSource (pages of 500 scanned as they arrive, summaries only). `unpaginated`:
 * the baseline, the same client listing everything at once and summarising the full lists. `idle`: the same
 * modules loaded and nothing read, the process's floor. Prints {"ms","maxRssMb","gpus"}.
 */
import { readFileSync } from 'node:fs';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { KubeGpuSource } from '../../src/adapters/gpu-inventory.js';
import { gpuReport, summarizeNode, summarizePod } from '../../src/domain/gpu.js';

/**
 * This process's own peak RSS: VmHWM of /proc/self/status. Not getrusage's maxRSS: Linux carries that over
 * exec from the forking parent, so a child spawned by the benchmark (which holds the replayed cluster, ~500 MB)
 * would report the parent's size.
 */
function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

const [mode = 'paginated', server = '', page = '500'] = process.argv.slice(2);
const kc = new KubeConfig();
kc.loadFromClusterAndUser({ name: 'replay', server, skipTLSVerify: true }, { name: 'bench', token: 'bench' });
const POOL = 'cloud.google.com/gke-nodepool';

const started = performance.now();
let allocatable = 0;
if (mode === 'idle') {
  // Nothing read: Node and the modules above (the Kubernetes client among them) are the floor.
} else if (mode === 'paginated') {
  const inventory = await new KubeGpuSource(kc, Number(page)).read(POOL);
  allocatable = gpuReport(inventory.nodes, inventory.pods, Date.now()).totals.allocatable;
} else {
  const core = kc.makeApiClient(CoreV1Api);
  const nodes = await core.listNode();
  const pods = await core.listPodForAllNamespaces({ fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' });
  const report = gpuReport(
    nodes.items.flatMap((n) => summarizeNode(n, POOL) ?? []),
    pods.items.flatMap((p) => summarizePod(p) ?? []),
    Date.now(),
  );
  allocatable = report.totals.allocatable;
}
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, maxRssMb: peakRssMb(), gpus: allocatable })}\n`);
