/**
 * bench:reconcile — how soon after a `/deploy` is acked Argo CD is asked to sync the pushed commit, against
 * Argo CD's own 3-minute poll of the repository (timeout.reconciliation, 180 s by default).
 *
 * A real kube-apiserver (test/k8s/build-kube-apiserver.sh) with the real Argo CD Application CRD; Kanaria
 * runs with the ClusterRole it ships, bound to its own user. BENCH_RUNS (20) sequential deploys of one app
 * (after 2 warm-up deploys) through signed HTTP, each of a new image tag. The clock starts when the ack
 * (HTTP 200) is back and stops when a Kubernetes watch of the Application delivers the version whose
 * `.operation.sync.revision` is the new commit: the moment Argo CD's controller would see the request.
 * Then this benchmark plays the controller (refresh picked up, sync Succeeded, Healthy, `.operation`
 * cleared) and waits for Kanaria's reconcile to end "healthy", so the next deploy starts from a quiet app.
 *
 * Phases, consecutive and adding up to the total: ack → commit on the remote (ref watch) → reconcile job
 * enqueued → picked up → refresh annotation written → sync operation written (BullMQ stamps and the watch).
 *
 * The fake Slack answers on loopback in a millisecond; real Slack takes ~100-300 ms a call, and Kanaria
 * awaits some chat calls between the push and the sync. `slackCallsBeforeSync` counts them per run, and
 * BENCH_SLACK_LATENCY_MS (0) delays every chat call by that much to show what real Slack would add.
 *
 * BENCH_JOB_THREAD=1 runs Kanaria's workers on their own thread, as `npm start` does with Slack (the chat
 * calls of the jobs are then out of reach: no count, no added latency).
 */
import type { Job } from 'bullmq';
import type { Chat } from '../src/domain/chat.js';
import type { ReconcileJob } from '../src/queues/reconcile.js';
import { reconcileJobId } from '../src/queues/reconcile.js';
import type { BullJobQueue } from '../src/adapters/bull-queue.js';
import { ArgoPlayer } from '../test/helpers/argo.js';
import { deployment, fixture, startHarness, type Harness } from '../test/helpers/harness.js';
import {
  bindKanariaRole,
  hasKubeApiserver,
  kubeApiserverPath,
  startKube,
  type KubeCluster,
} from '../test/helpers/kube.js';
import { ApplicationWatch } from './lib/app-watch.js';
import { RefWatcher } from './lib/ref-watch.js';
import { envNumber, median, percentile, printResult, progress, round, sleep } from './lib/util.js';

const RUNS = envNumber('BENCH_RUNS', 20);
const WARMUPS = 2;
const JOB_THREAD = process.env['BENCH_JOB_THREAD'] === '1';
const SLACK_LATENCY_MS = process.env['BENCH_SLACK_LATENCY_MS'] ? envNumber('BENCH_SLACK_LATENCY_MS', 0) : 0;
/** Argo CD's default poll of the repository (argocd-cm timeout.reconciliation). */
const BASELINE_POLL_MS = 180_000;
const TARGET = { medianMs: 1000, p95Ms: 2000 };

const APP = 'web';
const MANIFEST = `apps/${APP}/deployment.yaml`;
const CONFIG = `
gitops: { branch: main }
apps:
  ${APP}:
    environment: staging
    manifest: ${MANIFEST}
    container: web
    argocd: { application: ${APP}, namespace: argocd }
    channel: C0WEB
policies:
  default: { deploy: ["*"], promote: ["*"] }
reconcile: { timeoutSeconds: 600, notify: false }
`;

type Phase =
  | 'ack_to_pushed'
  | 'pushed_to_reconcile_enqueued'
  | 'reconcile_queue_wait'
  | 'picked_to_refresh_written'
  | 'refresh_to_sync_written';

interface Run {
  /** From sending the request to its HTTP 200. */
  readonly ackMs: number;
  /** From the ack to the sync operation for the new commit on the Application. */
  readonly ackToSyncMs: number;
  readonly phases: Record<Phase, number>;
  /** Chat calls (post, update, whisper) that began after the request was sent and ended before the sync was written. */
  readonly slackCallsBeforeSync?: number;
}

interface Bench {
  readonly kube: KubeCluster;
  readonly argo: ArgoPlayer;
  readonly h: Harness;
  readonly app: ApplicationWatch;
  readonly ref: RefWatcher;
  /** Every chat call of the jobs, when they run on this thread. */
  readonly chatCalls?: ChatCall[];
}

interface ChatCall {
  readonly method: string;
  readonly start: number;
  readonly end: number;
}

/** Records (and, with BENCH_SLACK_LATENCY_MS, slows down) the chat calls Kanaria makes on this thread. */
function instrumentChat(chat: Chat, latencyMs: number): ChatCall[] {
  const calls: ChatCall[] = [];
  const wrap =
    <A extends unknown[], R>(method: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = Date.now();
      try {
        if (latencyMs > 0) await sleep(latencyMs);
        return await call(...args);
      } finally {
        calls.push({ method, start, end: Date.now() });
      }
    };
  chat.post = wrap('post', chat.post.bind(chat));
  chat.update = wrap('update', chat.update.bind(chat));
  chat.whisper = wrap('whisper', chat.whisper.bind(chat));
  return calls;
}

const reconcileQueue = (h: Harness) => (h.kanaria.deps.queues.reconcile as BullJobQueue<ReconcileJob>).queue;

async function reconcileJob(h: Harness, sha: string): Promise<Job<ReconcileJob>> {
  const job = (await reconcileQueue(h).getJob(reconcileJobId(APP, sha))) as Job<ReconcileJob> | undefined;
  if (!job) throw new Error(`no reconcile job for ${sha}`);
  return job;
}

/** Plays Argo CD's controller through to Healthy, then waits until Kanaria has finished following. */
async function settle(b: Bench, sha: string): Promise<void> {
  await b.argo.refreshed(APP);
  await b.argo.synced(APP, sha, 'Healthy');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = await reconcileJob(b.h, sha);
    if (job.finishedOn) {
      if (job.returnvalue !== 'healthy')
        throw new Error(`the reconcile of ${sha} ended ${String(job.returnvalue ?? job.failedReason)}, not healthy`);
      break;
    }
    if (Date.now() > deadline) throw new Error(`the reconcile of ${sha} did not end within 30 s`);
    await sleep(20);
  }
  const counts = await reconcileQueue(b.h).getJobCounts('active', 'waiting', 'delayed', 'prioritized');
  if (Object.values(counts).some((n) => n > 0))
    throw new Error(`reconcile queue not drained: ${JSON.stringify(counts)}`);
  if (!(await b.h.kanaria.drained())) throw new Error('gitops queue not drained');
}

async function timedDeploy(b: Bench, n: number, image: string): Promise<Run> {
  const { h, app, ref } = b;
  const before = app.current?.syncRevision;
  const appMark = app.seen.length;
  const refMark = ref.changes.length;
  const triggerId = `${Date.now()}.${n}.reconcile`;

  const sent = Date.now();
  const ack = await h.command('/deploy', `${APP} ${image}`, { triggerId });
  const acked = Date.now();
  if (ack.status !== 200 || !ack.text.startsWith('Queued'))
    throw new Error(`/deploy ${APP} ${image} was not queued: ${ack.status} ${ack.text}`);

  const sync = await app.next(appMark, (s) => s.syncRevision !== undefined && s.syncRevision !== before);
  const pushed = await ref.next(refMark);

  // Checked only now: git runs synchronously here and would hold up the event loop mid-measurement.
  const head = h.remote.head();
  if (sync.syncRevision !== head || pushed.sha !== head)
    throw new Error(`sync revision ${sync.syncRevision} / pushed ${pushed.sha} is not the head ${head}`);
  if (!h.remote.show(MANIFEST, head).includes(`image: ${image} `))
    throw new Error(`commit ${head} does not carry ${image}`);
  const refresh = app.seen.slice(appMark).find((s) => s.refresh !== undefined && s.at <= sync.at);
  const job = await reconcileJob(h, head);
  const picked = job.processedOn ?? Number.NaN;
  const refreshAt = refresh?.at ?? sync.at; // written by the same patch as the sync when not seen on its own

  const slackCallsBeforeSync = b.chatCalls?.filter((c) => c.start >= sent && c.end <= sync.at).length;
  const run: Run = {
    ackMs: acked - sent,
    ackToSyncMs: sync.at - acked,
    ...(slackCallsBeforeSync !== undefined && { slackCallsBeforeSync }),
    phases: {
      ack_to_pushed: pushed.at - acked,
      pushed_to_reconcile_enqueued: job.timestamp - pushed.at,
      reconcile_queue_wait: picked - job.timestamp,
      picked_to_refresh_written: refreshAt - picked,
      refresh_to_sync_written: sync.at - refreshAt,
    },
  };
  await settle(b, head);
  return run;
}

function medians(records: readonly Record<string, number>[]): Record<string, number> {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(keys.map((k) => [k, round(median(records.map((r) => r[k] ?? 0)))]));
}

async function start(): Promise<Bench> {
  progress(`starting kube-apiserver (${kubeApiserverPath()}) and etcd`);
  const kube = await startKube([fixture('argo-cd/application-crd.yaml')]);
  try {
    await bindKanariaRole(kube);
    const argo = new ArgoPlayer(kube);
    await argo.createNamespace();
    await argo.create(APP);
    const app = await ApplicationWatch.start(kube.client('admin'), argo.namespace, APP);
    const h = await startHarness({
      files: { [MANIFEST]: deployment(APP, 'nginx:1.25.0') },
      config: CONFIG,
      kanaria: { kube: { path: kube.kubeconfig.kanaria, watchSeconds: 60 }, jobThread: JOB_THREAD },
    });
    // With the jobs on this thread, their chat is the commands' chat (the job thread has its own).
    const chatCalls = JOB_THREAD ? undefined : instrumentChat(h.kanaria.deps.chat, SLACK_LATENCY_MS);
    return { kube, argo, h, app, ref: new RefWatcher(h.remote.bare), ...(chatCalls && { chatCalls }) };
  } catch (error) {
    await kube.stop();
    throw error;
  }
}

async function stop(b: Bench): Promise<void> {
  b.app.close();
  b.ref.close();
  await b.h.stop();
  await b.kube.stop();
}

async function main(): Promise<void> {
  if (!hasKubeApiserver()) {
    progress(
      `no kube-apiserver at ${kubeApiserverPath()} (or no etcd on PATH): build it with \`bash test/k8s/build-kube-apiserver.sh\` (or set KUBE_APISERVER)`,
    );
    process.exit(1);
  }
  const b = await start();
  const runs: Run[] = [];
  try {
    for (let w = 1; w <= WARMUPS; w++) {
      const run = await timedDeploy(b, -w, `nginx:1.26.${w}`);
      progress(`warm-up ${w}/${WARMUPS}: sync written ${run.ackToSyncMs} ms after the ack (not counted)`);
    }
    for (let i = 1; i <= RUNS; i++) {
      const run = await timedDeploy(b, i, `nginx:1.27.${i}`);
      runs.push(run);
      const p = run.phases;
      const slack =
        run.slackCallsBeforeSync !== undefined ? `; ${run.slackCallsBeforeSync} Slack calls on the way` : '';
      progress(
        `run ${i}/${RUNS}: ack ${run.ackMs} ms, sync written ${run.ackToSyncMs} ms after the ack (pushed +${p.ack_to_pushed}, reconcile enqueued +${p.pushed_to_reconcile_enqueued}, picked up +${p.reconcile_queue_wait}, refresh +${p.picked_to_refresh_written}, sync +${p.refresh_to_sync_written}${slack})`,
      );
    }
  } finally {
    await stop(b);
  }

  const total = runs.map((r) => r.ackToSyncMs);
  const med = median(total);
  const p95 = percentile(total, 95);
  printResult({
    bench: 'reconcile',
    ackToSyncMs: { median: med, p95, min: percentile(total, 0), max: percentile(total, 100) },
    runs: runs.length,
    baselinePollMs: BASELINE_POLL_MS,
    vsPoll: { median: round(BASELINE_POLL_MS / med, 1), p95: round(BASELINE_POLL_MS / p95, 1) },
    speedupVsPoll: round(BASELINE_POLL_MS / med, 1),
    ackMs: {
      median: median(runs.map((r) => r.ackMs)),
      p95: percentile(
        runs.map((r) => r.ackMs),
        95,
      ),
    },
    phasesMedianMs: medians(runs.map((r) => r.phases)),
    watchRestarts: b.app.restarts,
    refChangesMissedByWatch: b.ref.missedByWatch,
    ...(!JOB_THREAD && { slackCallsBeforeSyncMedian: median(runs.map((r) => r.slackCallsBeforeSync ?? 0)) }),
    simulatedSlackLatencyMs: JOB_THREAD ? 0 : SLACK_LATENCY_MS,
    jobThread: JOB_THREAD,
    target: TARGET,
    meetsTarget: med <= TARGET.medianMs && p95 <= TARGET.p95Ms,
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
