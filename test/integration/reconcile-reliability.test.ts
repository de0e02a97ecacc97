import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, TSX } from '../helpers/cli.js';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectRedis, startPrivateRedis, waitUntilReady, type PrivateRedis } from '../../src/adapters/redis.js';
import { RedisReconcileRegistry } from '../../src/adapters/reconcile-registry.js';
import { parseConfig } from '../../src/boot/config-file.js';
import { startKanaria, type Kanaria, type KanariaOptions } from '../../src/boot/start.js';
import { enqueueReconcile, RECONCILE_QUEUE, reconcileJobId, type ReconcileJob } from '../../src/queues/reconcile.js';
import { BullJobQueue } from '../../src/adapters/bull-queue.js';
import { ArgoPlayer } from '../helpers/argo.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { GitRemote } from '../helpers/git-remote.js';
import { deployment, fixture } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

const CONFIG = `
apps:
  web: { manifest: apps/web/deployment.yaml, container: web, argocd: { application: web }, channel: C0WEB }
  api: { manifest: apps/api/deployment.yaml, container: web, argocd: { application: api }, channel: C0API }
policies:
  default: { deploy: ["*"] }
reconcile: { timeoutSeconds: 120, notify: true }
`;

const requester = { id: 'U0ANA', name: 'Ana Lima', groups: [] };

describe.skipIf(!available)(
  'reconcile reliability: duplicates, a killed worker, shutdown, notices from two replicas',
  () => {
    let kube: KubeCluster;
    let argo: ArgoPlayer;
    let redis: PrivateRedis;
    const slack = new FakeSlack();
    const remote = new GitRemote().seed({
      'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0'),
      'apps/api/deployment.yaml': deployment('api', 'nginx:1.25.0'),
    });
    const dirs: string[] = [];
    const running: Kanaria[] = [];
    const children: ChildProcess[] = [];
    const connections: Redis[] = [];

    const options = (): Omit<KanariaOptions, 'config' | 'logger'> => {
      const workdir = mkdtempSync(join(tmpdir(), 'kanaria-work-'));
      dirs.push(workdir);
      return {
        redisUrl: redis.url,
        gitopsUrl: remote.bare,
        workdir,
        slack: {
          botToken: 'xoxb-test',
          apiUrl: slack.apiUrl,
          botId: 'BKANARIA',
          botUserId: 'UKANARIA',
          signingSecret: 'unused',
        },
        kube: { path: kube.kubeconfig.kanaria, watchSeconds: 30 },
        lockDurationMs: 1_000,
        jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 200 } },
      };
    };
    const replica = async (): Promise<Kanaria> => {
      const kanaria = await startKanaria({
        ...options(),
        config: parseConfig(CONFIG, 'kanaria.yaml'),
        logger: pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }),
      });
      running.push(kanaria);
      return kanaria;
    };
    const childReplica = async (): Promise<ChildProcess> => {
      const child = spawn(process.execPath, ['--import', TSX, join(root, 'test/helpers/kanaria-process.ts')], {
        env: { ...process.env, KANARIA_TEST_OPTIONS: JSON.stringify({ ...options(), configText: CONFIG }) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
        child.once('exit', (code) => reject(new Error(`Kanaria child exited with ${code}`)));
      });
      return child;
    };
    const reconcile = (deps: Parameters<typeof enqueueReconcile>[0], app: string, revision: string) =>
      enqueueReconcile(deps, reconcileJobId(app, revision), {
        app,
        revision,
        requestedAt: Date.now(),
        hard: false,
        requester,
        channel: 'C0DEPLOYS',
      } satisfies ReconcileJob);
    /** Enqueues like a replica would, without running any worker. */
    const enqueuer = async () => {
      const connection = connectRedis(redis.url, 'client');
      connections.push(connection);
      await waitUntilReady(connection);
      return {
        queues: { reconcile: new BullJobQueue<ReconcileJob>(RECONCILE_QUEUE, connection) },
        registry: new RedisReconcileRegistry(connection),
        config: parseConfig(CONFIG, 'kanaria.yaml'),
      };
    };
    const progressCalls = (app: string) =>
      slack.calls.filter(
        (c) =>
          /^(chat\.postMessage|chat\.update)$/.test(c.method) &&
          String(c.body['text']).startsWith(`Argo CD \`argocd/${app}\``),
      );

    beforeAll(async () => {
      kube = await startKube([fixture('argo-cd/application-crd.yaml')]);
      await bindKanariaRole(kube);
      argo = new ArgoPlayer(kube);
      await argo.createNamespace();
      await argo.create('web', { revision: remote.head() });
      await argo.create('api', { revision: remote.head() });
      redis = await startPrivateRedis();
      await slack.start();
    }, 120_000);
    afterEach(async () => {
      await Promise.all(running.splice(0).map((k) => k.stop()));
      for (const child of children.splice(0)) child.kill('SIGKILL');
    });
    afterAll(async () => {
      await slack.stop();
      await redis?.stop();
      await kube?.stop();
      remote.remove();
      for (const c of connections) c.disconnect();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    it('collapses a duplicate reconcile of the same app and revision into one job and one message', async () => {
      const kanaria = await replica();
      const sha = remote.commitOutside('deploy(web): nginx:1.26.0', {
        'apps/web/deployment.yaml': deployment('web', 'nginx:1.26.0'),
      });
      expect((await reconcile(kanaria.deps, 'web', sha)).duplicate).toBe(false);
      expect((await reconcile(kanaria.deps, 'web', sha)).duplicate).toBe(true);
      await argo.waitFor('web', (a) => a.operation?.sync?.revision === sha);
      await argo.synced('web', sha, 'Healthy');
      await slack.waitFor(() => progressCalls('web').some((c) => String(c.body['text']).includes('live and Healthy')));
      expect(progressCalls('web').filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    });

    it('a worker killed mid-job (SIGKILL) is taken over by another replica, which finishes it without a second sync or message', async () => {
      const child = await childReplica();
      const sha = remote.commitOutside('deploy(api): nginx:1.26.0', {
        'apps/api/deployment.yaml': deployment('api', 'nginx:1.26.0'),
      });
      const queue = await enqueuer();
      await reconcile(queue, 'api', sha);
      await argo.waitFor('api', (a) => a.operation?.sync?.revision === sha);
      // Killed once its progress message is recorded with the job (a crash between posting and recording
      // would post the message again: Slack has no idempotency key for chat.postMessage).
      for (
        let job = await queue.queues.reconcile.queue.getJob(reconcileJobId('api', sha));
        !job?.data.progress;
        job = await queue.queues.reconcile.queue.getJob(reconcileJobId('api', sha))
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      // Argo CD finishes the sync while no Kanaria is running.
      await argo.synced('api', sha, 'Healthy');

      await replica();
      await slack.waitFor(
        () => progressCalls('api').some((c) => String(c.body['text']).includes('live and Healthy')),
        20_000,
      );
      const calls = progressCalls('api');
      expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
      // Updated in place: the replica that took over knew the message from the job's data.
      const posted = calls[0];
      expect(calls.slice(1).every((c) => c.body['channel'] === posted?.body['channel'])).toBe(true);
      // It saw the revision live and did not ask Argo CD to sync again.
      expect((await argo.read('api')).operation).toBeUndefined();
    }, 60_000);

    it('SIGTERM-style shutdown returns a job that is following a sync to the queue at once; another replica completes it', async () => {
      const first = await replica();
      const sha = remote.commitOutside('deploy(web): nginx:1.27.0', {
        'apps/web/deployment.yaml': deployment('web', 'nginx:1.27.0'),
      });
      const { duplicate } = await reconcile(first.deps, 'web', sha);
      expect(duplicate).toBe(false);
      await argo.waitFor('web', (a) => a.operation?.sync?.revision === sha);
      const started = Date.now();
      await first.stop();
      running.splice(running.indexOf(first), 1);
      // Far below the 25 s grace period: the follow was aborted and handed back, not waited out.
      expect(Date.now() - started).toBeLessThan(10_000);
      const state = await (await enqueuer()).queues.reconcile.queue.getJobState(reconcileJobId('web', sha));
      expect(['waiting', 'delayed']).toContain(state);

      await replica();
      await argo.synced('web', sha, 'Healthy');
      await slack.waitFor(
        () =>
          progressCalls('web').some(
            (c) =>
              String(c.body['text']).includes(sha.slice(0, 7)) && String(c.body['text']).includes('live and Healthy'),
          ),
        20_000,
      );
      expect(
        progressCalls('web').filter(
          (c) => c.method === 'chat.postMessage' && String(c.body['text']).includes(sha.slice(0, 7)),
        ),
      ).toHaveLength(1);
    }, 60_000);

    it('two replicas watching the same Applications post each notice once: drift, Degraded, Healthy again; no drift while a change is in flight', async () => {
      await replica();
      await replica();
      // Both watches have listed the Applications (the first sight is never news).
      await new Promise((r) => setTimeout(r, 1_500));
      const notices = (channel: string) =>
        slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);
      const before = notices('C0WEB').length;

      await argo.status('web', { sync: { status: 'OutOfSync' } });
      await slack.waitFor(() => notices('C0WEB').length > before);
      await argo.status('web', {
        sync: { status: 'Synced' },
        health: { status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' },
      });
      await slack.waitFor(() => notices('C0WEB').length > before + 1);
      await argo.status('web', { health: { status: 'Progressing' } });
      await argo.status('web', { health: { status: 'Healthy' } });
      await slack.waitFor(() => notices('C0WEB').length > before + 2);
      await new Promise((r) => setTimeout(r, 1_000));
      const texts = notices('C0WEB')
        .slice(before)
        .map((c) => String(c.body['text']));
      expect(texts).toHaveLength(3);
      expect(texts[0]).toMatch(
        /^Argo CD `argocd\/web` \(web\) :warning: is \*OutOfSync\* with Git, and no Kanaria change is in flight/,
      );
      expect(texts[1]).toMatch(/:x: is \*Degraded\*/);
      expect(JSON.stringify(notices('C0WEB').at(-2)?.body['blocks'])).toContain('exceeded its progress deadline');
      expect(texts[2]).toMatch(/:white_check_mark: is \*Healthy\* again/);

      // A Kanaria change in flight explains the OutOfSync: no notice.
      const apiBefore = notices('C0API').length;
      await (await enqueuer()).registry.begin('api', 'reconcile-api-test', undefined, Date.now(), Date.now() + 60_000);
      await argo.status('api', { sync: { status: 'OutOfSync' } });
      // A later change in the same namespace's watch is noticed: so the api change before it was seen, and said nothing.
      const webBefore = notices('C0WEB').length;
      await argo.status('web', { sync: { status: 'OutOfSync' } });
      await slack.waitFor(() => notices('C0WEB').length > webBefore);
      expect(notices('C0API').length).toBe(apiBefore);
    }, 60_000);

    it('Redis going down mid-job loses nothing: the job resumes when Redis returns and finishes once', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kanaria-redis-'));
      dirs.push(dir);
      const durable = await startPrivateRedis(dir);
      const port = Number(new URL(durable.url).port);
      // Production's backoff (exponential) rather than the suite's quick fixed one: reconnecting takes a moment.
      const kanaria = await startKanaria({
        ...options(),
        jobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 500 } },
        redisUrl: durable.url,
        config: parseConfig(CONFIG, 'kanaria.yaml'),
        logger: pino({ level: 'silent' }),
      });
      running.push(kanaria);
      const sha = remote.commitOutside('deploy(api): nginx:1.28.0', {
        'apps/api/deployment.yaml': deployment('api', 'nginx:1.28.0'),
      });
      await reconcile(kanaria.deps, 'api', sha);
      await argo.waitFor('api', (a) => a.operation?.sync?.revision === sha);
      await slack.waitFor(() => progressCalls('api').some((c) => String(c.body['text']).includes(sha.slice(0, 7))));

      await durable.stop();
      // Argo CD finishes while Redis is away.
      await argo.synced('api', sha, 'Healthy');
      await new Promise((r) => setTimeout(r, 2_000));
      const back = await startPrivateRedis(dir, port);
      try {
        await slack.waitFor(
          () =>
            progressCalls('api').some(
              (c) =>
                String(c.body['text']).includes(sha.slice(0, 7)) && String(c.body['text']).includes('live and Healthy'),
            ),
          30_000,
        );
        expect(
          progressCalls('api').filter(
            (c) => c.method === 'chat.postMessage' && String(c.body['text']).includes(sha.slice(0, 7)),
          ),
        ).toHaveLength(1);
        expect((await argo.read('api')).operation).toBeUndefined();
      } finally {
        await kanaria.stop();
        running.splice(running.indexOf(kanaria), 1);
        await back.stop();
      }
    }, 60_000);
  },
);
