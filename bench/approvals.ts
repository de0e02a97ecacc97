/**
 * bench:approvals — approval press → commit: BENCH_APPROVALS (10) deploys into an environment that needs two
 * approvals, each approved by two people through signed block_actions; the time from the last press to the commit
 * on the bare remote (seen by watching its ref). Baseline, in turns with them: a signed `/deploy` into an
 * environment without approvals, send → commit. Prints one JSON line.
 */
import { deployment, startHarness } from '../test/helpers/harness.js';
import { timeApprovalPress } from './lib/approval-press.js';
import { RefWatcher } from './lib/ref-watch.js';
import { envNumber, printResult, progress, summarize } from './lib/util.js';

const RUNS = envNumber('BENCH_APPROVALS', 10);

const CONFIG = `
gitops: { branch: main }
apps:
  web: { environment: production, manifest: apps/web/deployment.yaml, container: web }
  docs: { environment: staging, manifest: apps/docs/deployment.yaml, container: web }
policies:
  production: { deploy: ["*"], promote: ["*"], approvals: { min: 2, from: ["*"], expiresAfter: 1h } }
  default: { deploy: ["*"], promote: ["*"] }
`;

const h = await startHarness({
  files: {
    'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0'),
    'apps/docs/deployment.yaml': deployment('docs', 'nginx:1.25.0'),
  },
  config: CONFIG,
  beforeStart: (slack) => slack.users.set('U0CAROL', { id: 'U0CAROL', name: 'Carol Ito', email: 'carol@example.com' }),
});
const watcher = new RefWatcher(h.remote.bare);
try {
  const times: number[] = [];
  const deploys: number[] = [];
  for (let n = 0; n < RUNS; n++) {
    times.push(await timeApprovalPress(h, watcher, 'web', `nginx:1.27.${n}`));
    const mark = watcher.changes.length;
    const start = Date.now();
    const ack = await h.command('/deploy', `docs nginx:1.27.${n}`);
    if (!ack.text.startsWith('Queued')) throw new Error(`/deploy docs was not queued: ${ack.text}`);
    deploys.push((await watcher.next(mark)).at - start);
    progress(`run ${n + 1}/${RUNS}: approval press → commit ${times.at(-1)} ms, /deploy → commit ${deploys.at(-1)} ms`);
  }
  const press = summarize(times);
  const deploy = summarize(deploys);
  printResult({
    bench: 'approvals',
    approvalPressToCommitMs: press,
    deployToCommitMs: deploy,
    medianRatio: Number((press.p50 / deploy.p50).toFixed(2)),
    missedByWatch: watcher.missedByWatch,
  });
} finally {
  watcher.close();
  await h.stop();
}
