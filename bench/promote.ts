/**
 * bench:promote — what `/promote`'s reads of the source stage cost, against `/deploy` in the same run.
 *
 * One Kanaria on a real bare remote and the test harness's real kube-apiserver (Argo CD Application and Rollouts
 * CRDs, Kanaria bound to the ClusterRole it ships). A pipeline `web`: `staging` (Argo CD Application and a Rollout,
 * fully promoted) → `prod` (Argo CD Application). BENCH_ROUNDS (20) rounds, each: (i) `/deploy web-staging
 * ghcr.io/acme/web:1.5.<n>` through signed HTTP, timed from its ack to the commit on the remote (the baseline); Argo
 * CD is then played Synced and Healthy at that commit; (ii) `/promote web prod`, timed the same way: the worker
 * also reads staging's last commit, its Application and its Rollout (with its pods), and checks that Argo CD's
 * revision contains the commit. Medians and p95; the target is a promote median under 2× the deploy median.
 */
import { ArgoPlayer } from '../test/helpers/argo.js';
import { fixture, startHarness, type Harness } from '../test/helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube } from '../test/helpers/kube.js';
import { RolloutPlayer, STABLE } from '../test/helpers/rollouts.js';
import { RefWatcher, type RefChange } from './lib/ref-watch.js';
import { envNumber, printResult, progress, round, summarize } from './lib/util.js';

const ROUNDS = envNumber('BENCH_ROUNDS', 20);
const TARGET_RATIO = 2;

const FILES = {
  'apps/web/staging.yaml': manifest('ghcr.io/acme/web:1.5.0'),
  'apps/web/prod.yaml': manifest('ghcr.io/acme/web:1.4.0'),
};
function manifest(image: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: ${image}
`;
}

const CONFIG = `
gitops: { branch: main }
apps:
  web-staging:
    environment: staging
    manifest: apps/web/staging.yaml
    container: web
    argocd: { application: web-staging, namespace: argocd }
    rollout: { name: web-staging, namespace: shop }
  web-prod:
    environment: prod
    manifest: apps/web/prod.yaml
    container: web
    argocd: { application: web-prod, namespace: argocd }
pipelines:
  web: { stages: [web-staging, web-prod] }
policies:
  default: { deploy: ["*"], promote: ["*"] }
reconcile: { notify: false }
`;

/** Times the worker's reads of the source stage (the reads themselves are unchanged). */
function timeSourceReads(h: Harness): { argo: number[]; rollout: number[] } {
  const deps = h.kanaria.jobDeps;
  if (!deps?.argo || !deps.rollouts)
    throw new Error('the worker has no Kubernetes access: are the jobs on this thread?');
  const seen = { argo: [] as number[], rollout: [] as number[] };
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>, into: number[]) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        into.push(performance.now() - start);
      }
    };
  deps.argo.get = wrap(deps.argo.get.bind(deps.argo), seen.argo);
  deps.rollouts.get = wrap(deps.rollouts.get.bind(deps.rollouts), seen.rollout);
  return seen;
}

interface Timed {
  readonly ackMs: number;
  readonly ackToCommitMs: number;
  readonly landed: RefChange;
}

async function timed(h: Harness, watcher: RefWatcher, command: string, text: string, id: string): Promise<Timed> {
  const mark = watcher.changes.length;
  const sent = Date.now();
  const ack = await h.command(command, text, { triggerId: id });
  const acked = Date.now();
  if (ack.status !== 200 || !ack.text.startsWith('Queued'))
    throw new Error(`${command} ${text} was not queued: ${ack.status} ${ack.text}`);
  const landed = await watcher.next(mark);
  return { ackMs: acked - sent, ackToCommitMs: landed.at - acked, landed };
}

async function main(): Promise<void> {
  if (!hasKubeApiserver()) throw new Error('no kube-apiserver: build it with the shared build-kube-apiserver script');
  const kube = await startKube([
    fixture('argo-cd/application-crd.yaml'),
    fixture('argo-rollouts/crds/rollout-crd.yaml'),
  ]);
  let h: Harness | undefined;
  let watcher: RefWatcher | undefined;
  try {
    await bindKanariaRole(kube);
    const argo = new ArgoPlayer(kube);
    await argo.createNamespace();
    await new RolloutPlayer(kube, 'shop').create('web-staging', { currentPodHash: STABLE, currentStepIndex: 8 });
    h = await startHarness({ files: FILES, config: CONFIG, kanaria: { kube: { path: kube.kubeconfig.kanaria } } });
    for (const name of ['web-staging', 'web-prod']) await argo.create(name, { revision: h.remote.head() });
    watcher = new RefWatcher(h.remote.bare);
    const reads = timeSourceReads(h);
    /** Argo CD took `sha`: Synced and Healthy there (the reconcile Kanaria started ends at once). */
    const live = (name: string, sha: string) =>
      argo.status(name, { sync: { status: 'Synced', revision: sha }, health: { status: 'Healthy' } });

    const deploys: Timed[] = [];
    const promotes: Timed[] = [];
    // Round 0 is the warm-up (the first job clones the repository), not counted.
    for (let n = 0; n <= ROUNDS; n++) {
      const image = `ghcr.io/acme/web:1.5.${n + 1}`;
      const deploy = await timed(h, watcher, '/deploy', `web-staging ${image}`, `${Date.now()}.${n}.deploy`);
      await h.kanaria.drained();
      await live('web-staging', deploy.landed.sha);
      const promote = await timed(h, watcher, '/promote', 'web prod', `${Date.now()}.${n}.promote`);
      await h.kanaria.drained();
      await live('web-prod', promote.landed.sha);
      if (!h.remote.show('apps/web/prod.yaml', promote.landed.sha).includes(`image: ${image}\n`))
        throw new Error(`promotion ${promote.landed.sha} does not carry ${image}`);
      if (n === 0) continue;
      deploys.push(deploy);
      promotes.push(promote);
      progress(
        `round ${n}/${ROUNDS}: /deploy ack → commit ${deploy.ackToCommitMs} ms, /promote ack → commit ${promote.ackToCommitMs} ms`,
      );
    }
    const deploy = summarize(deploys.map((d) => d.ackToCommitMs));
    const promote = summarize(promotes.map((p) => p.ackToCommitMs));
    const ratio = round(promote.p50 / deploy.p50, 2);
    printResult({
      bench: 'promote',
      rounds: ROUNDS,
      ack_ms_p50: {
        deploy: summarize(deploys.map((d) => d.ackMs)).p50,
        promote: summarize(promotes.map((p) => p.ackMs)).p50,
      },
      ack_to_commit_ms: { deploy, promote },
      ratio_median: ratio,
      ratio_p95: round(promote.p95 / deploy.p95, 2),
      // Inside each promotion, at once with the git log: the source's Application, and its Rollout with its pods.
      source_reads_ms_p50: { application: summarize(reads.argo).p50, rollout_with_pods: summarize(reads.rollout).p50 },
      ref_changes_missed_by_watch: watcher.missedByWatch,
      target_ratio: TARGET_RATIO,
      pass: ratio < TARGET_RATIO,
    });
  } finally {
    watcher?.close();
    await h?.stop();
    await kube.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
