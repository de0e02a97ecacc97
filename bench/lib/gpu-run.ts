/**
 * One GPU report against a (replayed) API server, in a process of its own so its peak RSS is its own.
 * `paginated`: Kanaria's KubeGpuSource (pages of 500, summaries only). `unpaginated`: the baseline, the same
 * client listing everything at once and summarising the full lists. Prints {"ms","maxRssMb","gpus"}.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { KubeGpuSource } from '../../src/adapters/gpu-inventory.js';
import { gpuReport, summarizeNode, summarizePod } from '../../src/domain/gpu.js';

const [mode = 'paginated', server = '', page = '500'] = process.argv.slice(2);
const kc = new KubeConfig();
kc.loadFromClusterAndUser({ name: 'replay', server, skipTLSVerify: true }, { name: 'bench', token: 'bench' });
const POOL = 'cloud.google.com/gke-nodepool';

const started = performance.now();
let allocatable = 0;
if (mode === 'paginated') {
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
process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, gpus: allocatable })}\n`);
