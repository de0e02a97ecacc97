import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECLAIM_ACTIONS } from '../../src/blocks/gpu-reclaim.js';
import { GITOPS_QUEUE } from '../../src/queues/gitops.js';
import { RECLAIM_QUEUE } from '../../src/queues/gpu-reclaim.js';
import { RedisReclaimLedger } from '../../src/adapters/reclaim-ledger.js';
import { pressButton } from '../helpers/announcements.js';
import { startDcgmExporter, type DcgmExporter, type FakeGpu } from '../helpers/dcgm-exporter.js';
import { tsOf, type RecordedCall } from '../helpers/fake-slack.js';
import { deployment, startHarness, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { hasPrometheus, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

const available = (hasKubeApiserver() && hasPrometheus()) || process.env['CI'] === 'true';
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const HASH = '5f6d7c8b9';

/** The apps, one manifest each (1 replica), and who may deploy them (S0PLATFORM: Ana and Bob, not Eve). */
const APPS = ['notebook', 'trainer', 'jupyter', 'llm', 'stray', 'held'];
const files = Object.fromEntries(
  APPS.map((app) => [`apps/${app}/deployment.yaml`, deployment(app, 'pytorch/pytorch:2.4.0', 1)]),
);
const config = (dryRun: boolean, answerWithin = '10s') => `
gitops: { branch: main }
apps:
${APPS.map((app) => `  ${app}: { manifest: apps/${app}/deployment.yaml, container: web }`).join('\n')}
policies:
  default: { deploy: [S0PLATFORM], promote: [S0PLATFORM] }
gpu:
  reportChannel: C0GPU
  idle: { utilisationPercent: 5, window: 5s }
  reclaim:
    dryRun: ${dryRun}
    answerWithin: ${answerWithin}
    schedule: "*/2 * * * * *"
    namespaces:
      ml: { auto: true, channel: C0ML }
      research: { channel: C0RES }
      team: { auto: true, channel: C0TEAM }
      batch: { channel: C0BATCH }
`;

/**
 * Idle GPUs handed back, end to end: a real kube-apiserver (nodes with GFD labels; pods owned by ReplicaSets with
 * their pod-template-hash, a StatefulSet, a lone pod), a real Prometheus scraping a DCGM-shaped exporter, real
 * Redis and git, Slack's signed button presses.
 */
describe.skipIf(!available)('idle GPUs handed back (gpu.reclaim)', () => {
  let kube: KubeCluster;
  let core: CoreV1Api;
  let exporter: DcgmExporter;
  let prometheus: RunningPrometheus;

  const node = async (name: string, labels: Record<string, string>, capacity: Record<string, string>) => {
    await core.createNode({ body: { metadata: { name, labels } } });
    await core.patchNodeStatus({ name, body: { status: { capacity, allocatable: capacity } } }, mergePatch);
  };
  const namespace = async (name: string, annotations: Record<string, string> = {}) => {
    await core.createNamespace({ body: { metadata: { name, annotations } } });
    await core.createNamespacedServiceAccount({ namespace: name, body: { metadata: { name: 'default' } } });
  };
  /** A pod bound to `nodeName`, owned as its controller would own it (the apiserver runs no controllers). */
  const pod = async (
    ns: string,
    name: string,
    owner: { kind: 'ReplicaSet' | 'StatefulSet'; name: string } | undefined,
    resource: string,
    nodeName: string,
    labels: Record<string, string> = {},
  ) => {
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: {
          name,
          labels: { ...labels, ...(owner?.kind === 'ReplicaSet' && { 'pod-template-hash': HASH }) },
          ...(owner && {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: owner.kind,
                name: owner.name,
                uid: `00000000-0000-0000-0000-${String(name.length).padStart(12, '0')}`,
                controller: true,
              },
            ],
          }),
        },
        spec: {
          automountServiceAccountToken: false,
          nodeName,
          containers: [{ name: 'web', image: 'pytorch/pytorch:2.4.0', resources: { limits: { [resource]: '1' } } }],
        },
      },
    });
  };

  beforeAll(async () => {
    kube = await startKube([]);
    core = kube.client('admin').makeApiClient(CoreV1Api);
    await node(
      'a100-0',
      { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB', 'nvidia.com/gpu.count': '8' },
      { 'nvidia.com/gpu': '8' },
    );
    await node(
      'h100-0',
      { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3', 'nvidia.com/mig.strategy': 'mixed' },
      { 'nvidia.com/mig-1g.10gb': '7' },
    );
    await namespace('ml');
    await namespace('research', { 'kanaria.dev/owner': 'ana@example.com' });
    await namespace('team');
    await namespace('batch');
    await namespace('other');
    const rs = (name: string) => ({ kind: 'ReplicaSet' as const, name: `${name}-${HASH}` });
    const gpu = 'nvidia.com/gpu';
    const mig = 'nvidia.com/mig-1g.10gb';
    await pod('ml', `notebook-${HASH}-aaaaa`, rs('notebook'), gpu, 'a100-0', { 'kanaria.dev/owner': 'U0ANA' });
    await pod('ml', `serving-${HASH}-bbbbb`, rs('serving'), gpu, 'a100-0');
    await pod('ml', `held-${HASH}-ggggg`, rs('held'), gpu, 'a100-0', { 'kanaria.dev/owner': 'U0ANA' });
    await pod('research', `trainer-v2-${HASH}-ccccc`, rs('trainer-v2'), gpu, 'a100-0', {
      'kanaria.dev/app': 'trainer',
    });
    await pod('research', 'finetune-0', { kind: 'StatefulSet', name: 'finetune' }, mig, 'h100-0');
    await pod('research', 'probe', undefined, mig, 'h100-0');
    await pod('team', `jupyter-${HASH}-ddddd`, rs('jupyter'), gpu, 'a100-0', { 'kanaria.dev/owner': 'U0BOB' });
    await pod('batch', `llm-${HASH}-eeeee`, rs('llm'), gpu, 'a100-0', { 'kanaria.dev/owner': 'U0ANA' });
    await pod('other', `stray-${HASH}-fffff`, rs('stray'), gpu, 'a100-0', { 'kanaria.dev/owner': 'U0ANA' });
    await bindKanariaRole(kube);

    const series = (i: number, ns: string, podName: string, values: Partial<FakeGpu>): FakeGpu => ({
      gpu: String(i),
      uuid: `GPU-${i}`,
      model: 'NVIDIA A100-SXM4-80GB',
      hostname: 'a100-0',
      namespace: ns,
      pod: podName,
      container: 'web',
      fbUsed: 1000,
      ...values,
    });
    exporter = await startDcgmExporter([
      series(0, 'ml', `notebook-${HASH}-aaaaa`, { util: 0 }),
      series(1, 'ml', `serving-${HASH}-bbbbb`, { util: 90 }),
      series(2, 'research', `trainer-v2-${HASH}-ccccc`, { util: 1, engineActive: 0.01 }),
      series(0, 'research', 'finetune-0', { hostname: 'h100-0', uuid: 'GPU-H', gpuInstance: '1', engineActive: 0.01 }),
      // A MIG instance without profiling metrics: its activity cannot be told.
      series(0, 'research', 'probe', { hostname: 'h100-0', uuid: 'GPU-H', gpuInstance: '2', util: 0 }),
      series(3, 'team', `jupyter-${HASH}-ddddd`, { util: 0 }),
      series(4, 'batch', `llm-${HASH}-eeeee`, { util: 2 }),
      series(5, 'other', `stray-${HASH}-fffff`, { util: 0 }),
      series(6, 'ml', `held-${HASH}-ggggg`, { util: 0 }),
    ]);
    prometheus = await startPrometheus([exporter.target]);
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    await kube?.stop();
  });

  const start = (dryRun: boolean, options: { files?: Record<string, string>; prometheusUrl?: string } = {}) =>
    startHarness({
      files: options.files ?? files,
      config: config(dryRun, options.prometheusUrl === undefined ? '10s' : '15s'),
      kanaria: { kube: { path: kube.kubeconfig.kanaria }, prometheusUrl: options.prometheusUrl ?? prometheus.url },
    });

  /** The offer posted in `channel` naming `needle`. */
  const offerIn = (h: Harness, channel: string, needle: string): Promise<RecordedCall> =>
    h.slack.waitFor(
      (calls) =>
        calls.find(
          (c) =>
            c.method === 'chat.postMessage' && c.body['channel'] === channel && String(c.body['text']).includes(needle),
        ),
      60_000,
    );
  /** The offer's text once an update of it matches `status`. */
  const updated = (h: Harness, offer: RecordedCall, status: RegExp): Promise<string> =>
    h.slack.waitFor(() => {
      const update = h.slack.calls.find(
        (c) => c.method === 'chat.update' && c.body['ts'] === tsOf(offer) && status.test(String(c.body['text'])),
      );
      return update && String(update.body['text']);
    }, 60_000);
  const replicasOf = (h: Harness, app: string) =>
    /replicas: (\d+)/.exec(h.remote.show(`apps/${app}/deployment.yaml`))?.[1];
  const commitsTouching = (h: Harness, app: string) =>
    h.remote.log().filter((c) => c.body.includes(`Kanaria-App: ${app}`));

  it('offers idle workloads of opted-in namespaces to their owners, and Keep, Release and the deadline each do one thing', async () => {
    const h = await start(false);
    try {
      // Bob holds `held` (auto is on in `ml`): its deadline must not claim a release the lock will refuse.
      expect((await h.command('/lock', 'held tuning', { userId: 'U0BOB' })).text).toMatch(/held/);
      const notebook = await offerIn(h, 'C0ML', 'notebook');
      const held = await offerIn(h, 'C0ML', 'held');
      const trainer = await offerIn(h, 'C0RES', 'trainer-v2');
      const finetune = await offerIn(h, 'C0RES', 'finetune');
      const jupyter = await offerIn(h, 'C0TEAM', 'jupyter');
      const llm = await offerIn(h, 'C0BATCH', 'llm');

      // The owner is mentioned (found by e-mail for the namespace's annotation), the GPUs in GPU terms.
      const blocksOf = (c: RecordedCall) => JSON.stringify(c.body['blocks']);
      expect(blocksOf(notebook)).toContain('<@U0ANA>');
      expect(String(notebook.body['text'])).toMatch(/1× GPU, 0 % busy on average over 5s/);
      expect(String(notebook.body['text'])).toMatch(/released automatically/);
      expect(blocksOf(trainer)).toContain('<@U0ANA>');
      expect(String(trainer.body['text'])).toMatch(/nothing happens then/);
      expect(String(finetune.body['text'])).toMatch(
        /StatefulSet `finetune` \(no Kanaria app\) holds 1× 1g\.10gb, 1 % busy/,
      );
      // Without an app it can be kept, not released: no Release button.
      expect(blocksOf(finetune)).not.toContain(RECLAIM_ACTIONS.release);
      expect(blocksOf(llm)).toContain(RECLAIM_ACTIONS.release);
      // A busy workload and namespaces not listed are never offered.
      const posted = h.slack.callsTo('chat.postMessage').map((c) => String(c.body['text']));
      expect(posted.filter((text) => /serving|stray|`other`/.test(text))).toEqual([]);

      // Someone neither owner nor allowed to deploy the app is refused privately, and nothing changes.
      expect(await pressButton(h, jupyter, RECLAIM_ACTIONS.release, 'U0EVE', 'eve')).toMatch(
        /Only the owner \(<@U0BOB>\) or someone allowed to deploy app `jupyter`/,
      );
      // The owner keeps it: the message says so, and its deadline releases nothing (auto is on in `team`).
      expect(await pressButton(h, jupyter, RECLAIM_ACTIONS.keep4h, 'U0BOB', 'bob-keep')).toMatch(/^Kept until/);
      expect(await updated(h, jupyter, /Kept until .* by <@U0BOB>/)).toBeTruthy();

      // Release: a commit scaling the app to 0, asked by the presser; a second press (redelivered) does nothing more.
      expect(await pressButton(h, llm, RECLAIM_ACTIONS.release, 'U0ANA', 'ana-release')).toMatch(/Release queued/);
      expect(await pressButton(h, llm, RECLAIM_ACTIONS.release, 'U0ANA', 'ana-again')).toMatch(
        /Already answered: released by <@U0ANA>/,
      );
      const released = await updated(h, llm, /Released by <@U0ANA>: app `llm` scaled to 0 in commit `[0-9a-f]{7}`/);
      expect(replicasOf(h, 'llm')).toBe('0');
      const [llmCommit, ...more] = commitsTouching(h, 'llm');
      expect(more).toEqual([]);
      expect(llmCommit?.body).toContain('Slack-User: U0ANA');
      expect(released).toContain(llmCommit?.sha.slice(0, 7));

      // Unanswered where auto is on: the policy releases it, in a commit that says on whose behalf.
      await updated(h, notebook, /the GPU reclaim policy of `ml` scaled app `notebook` to 0 in commit/);
      const [policyCommit] = commitsTouching(h, 'notebook');
      expect(replicasOf(h, 'notebook')).toBe('0');
      expect(policyCommit?.body).toContain('Kanaria-Policy: gpu.reclaim/ml');
      expect(policyCommit?.body).toContain('on behalf of the GPU reclaim policy of namespace ml');
      expect(policyCommit?.body).not.toContain('Slack-User:');
      expect(policyCommit?.author).toBe('Kanaria <kanaria@users.noreply.kanaria.dev>');

      // Unanswered where auto is off: said, nothing done.
      await updated(h, trainer, /The deadline passed unanswered; nothing was done/);
      // Unanswered where auto is on but the app is locked: said why, nothing done.
      await updated(h, held, /nothing was done: `held` is locked by <@U0BOB>/);

      // Once every deadline has run: the kept, the not-auto and the unlisted workloads are as they were.
      const redis = new Redis(h.redis.url, { maxRetriesPerRequest: null });
      const queue = new Queue(RECLAIM_QUEUE, { connection: redis });
      try {
        for (;;) {
          const pending = await queue.getJobs(['delayed', 'waiting', 'active', 'prioritized']);
          if (!pending.some((j) => j.id?.startsWith('reclaim-deadline'))) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        const done = await queue.getJobs(['completed']);
        expect(done.filter((j) => j.id?.startsWith('reclaim-deadline')).length).toBeGreaterThanOrEqual(5);
      } finally {
        await queue.close();
        redis.disconnect();
      }
      for (const app of ['jupyter', 'trainer', 'stray', 'held']) {
        expect(replicasOf(h, app)).toBe('1');
        expect(commitsTouching(h, app)).toEqual([]);
      }

      // /gpu idle: the candidates and their state, what cannot be judged, and a figure for the rest.
      const list = await h.command('/gpu', 'idle', { userId: 'U0ANA', responseId: 'idle' });
      expect(list.status).toBe(200);
      const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:idle'), 60_000);
      const text = String(reply.body['text']);
      expect(text).toMatch(
        /`team` Deployment `jupyter` \(app `jupyter`\): 1× GPU, 0 % busy, owner <@U0BOB>, kept until/,
      );
      expect(text).toMatch(/`batch` Deployment `llm` .*released/);
      expect(text).toMatch(/`research\/probe` is not judged: MIG instances need DCGM_FI_PROF_GR_ENGINE_ACTIVE/);
      expect(text).toMatch(/1 GPU-equivalents sit idle in namespaces not opted in/);
      expect(text).not.toContain('stray');
    } finally {
      await h.stop();
    }
  }, 240_000);

  it('a release that makes no commit says why and is offered again; nothing is left saying it scales', async () => {
    // `notebook` (auto in `ml`) already says 0 replicas: nothing to commit. `llm`'s manifest holds no workload: the
    // change is refused.
    const h = await start(false, {
      files: {
        ...files,
        'apps/notebook/deployment.yaml': deployment('notebook', 'pytorch/pytorch:2.4.0', 0),
        'apps/llm/deployment.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: llm\ndata: {}\n',
      },
    });
    try {
      const notebook = await offerIn(h, 'C0ML', 'notebook');
      const llm = await offerIn(h, 'C0BATCH', 'llm');
      expect(await pressButton(h, llm, RECLAIM_ACTIONS.release, 'U0ANA', 'ana-release')).toMatch(/Release queued/);
      expect(await updated(h, llm, /Not released: apps\/llm\/deployment\.yaml holds no workload/)).toMatch(
        /Nothing was scaled to 0; if it is still idle, a later scan offers it again/,
      );
      await updated(h, notebook, /Not released: the manifest of app `notebook` already has 0 replicas/);
      // Put back in the ledger: the next scan offers both again, with buttons, while they are idle.
      const again = (needle: string, first: RecordedCall) =>
        h.slack.waitFor(
          (calls) =>
            calls.find(
              (c) =>
                c.method === 'chat.postMessage' &&
                c.body['channel'] === first.body['channel'] &&
                tsOf(c) !== tsOf(first) &&
                String(c.body['text']).includes(needle) &&
                String(c.body['text']).includes('busy on average'),
            ),
          60_000,
        );
      expect(JSON.stringify((await again('llm', llm)).body['blocks'])).toContain(RECLAIM_ACTIONS.release);
      await again('notebook', notebook);
      expect(commitsTouching(h, 'llm')).toEqual([]);
      expect(commitsTouching(h, 'notebook')).toEqual([]);
    } finally {
      await h.stop();
    }
  }, 240_000);

  it('a deadline that cannot be checked (Prometheus away) says so, releases nothing, and frees the offer', async () => {
    const own = await startPrometheus([exporter.target]);
    let stopped = false;
    const h = await start(false, { prometheusUrl: own.url });
    const redis = new Redis(h.redis.url, { maxRetriesPerRequest: null });
    try {
      const notebook = await offerIn(h, 'C0ML', 'notebook');
      await own.stop();
      stopped = true;
      // `ml` releases automatically: without Prometheus the deadline cannot tell whether it is still idle.
      expect(await updated(h, notebook, /The deadline could not be checked: Prometheus at .* did not answer/)).toMatch(
        /Nothing was released; if it is still idle, a later scan offers it again/,
      );
      expect(replicasOf(h, 'notebook')).toBe('1');
      expect(commitsTouching(h, 'notebook')).toEqual([]);
      // Nothing left waiting on it: the next scan (once Prometheus answers) offers it anew.
      const ledger = new RedisReclaimLedger(redis);
      expect((await ledger.all()).map((o) => o.candidate.app)).not.toContain('notebook');
    } finally {
      redis.disconnect();
      await h.stop();
      if (!stopped) await own.stop();
    }
  }, 240_000);

  it('a dry run lists and offers without buttons, and never enqueues a change', async () => {
    const h = await start(true);
    try {
      const notebook = await offerIn(h, 'C0ML', 'notebook');
      expect(String(notebook.body['text'])).toMatch(/Dry run/);
      expect(JSON.stringify(notebook.body['blocks'])).not.toContain('"actions"');
      // A typed release is refused, too.
      const id = /\(id `([0-9a-f]{10})`\)/;
      await h.command('/gpu', 'idle', { userId: 'U0ANA', responseId: 'idle' });
      const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:idle'), 60_000);
      const notebookId = String(reply.body['text'])
        .split('\n')
        .find((line) => line.includes('notebook'))
        ?.match(id)?.[1];
      expect(notebookId).toBeDefined();
      expect((await h.command('/gpu', `release ${notebookId}`, { userId: 'U0ANA' })).text).toMatch(
        /gpu\.reclaim\.dryRun` is on: nothing is released/,
      );
      const redis = new Redis(h.redis.url, { maxRetriesPerRequest: null });
      const reclaim = new Queue(RECLAIM_QUEUE, { connection: redis });
      const gitops = new Queue(GITOPS_QUEUE, { connection: redis });
      try {
        // The scan that posted the offers finished before /gpu idle ran (one job at a time on this queue): it left
        // no deadline and no change behind.
        const all = await reclaim.getJobs(['delayed', 'waiting', 'active', 'completed', 'failed']);
        expect(all.filter((j) => j.id?.startsWith('reclaim-deadline'))).toEqual([]);
        expect(await gitops.getJobCounts()).toMatchObject({ waiting: 0, active: 0, delayed: 0, completed: 0 });
      } finally {
        await reclaim.close();
        await gitops.close();
        redis.disconnect();
      }
      expect(h.remote.log()).toHaveLength(1);
    } finally {
      await h.stop();
    }
  }, 120_000);
});
