import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureWords, runJob, type FailureTeller, type FunnelDeps, type Processor } from '../../jobs/run-job.js';
import { connectRedis, startPrivateRedis, waitUntilReady, type PrivateRedis } from '../../src/adapters/redis.js';
import { createSlackAdapters } from '../../src/adapters/slack.js';
import type { Person } from '../../src/domain/chat.js';
import { configSchema } from '../../src/domain/config.js';
import { Refusal } from '../../src/domain/errors.js';
import { KubeRejected } from '../../src/adapters/kube-errors.js';
import { ArgoOperationInProgress } from '../../src/adapters/argocd.js';
import { GitUnavailable } from '../../src/adapters/git-errors.js';
import { createMetrics } from '../../src/adapters/metrics.js';
import { wordsFor } from '../../src/i18n/index.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { waitUntil } from '../helpers/wait.js';

const ANA: Person = { id: 'U0ANA', name: 'Ana Lima', groups: [] };
const ATTEMPTS = 3;

interface Asked {
  readonly app: string;
  readonly channel: string;
  readonly requester: Person;
  readonly responseUrl: string;
}

/**
 * Every processor runs inside runJob, which decides by the error's class whether a job is retried and when its
 * requester is told. Here a real BullMQ worker runs each job on a real redis-server with 3 attempts, and the
 * requester's private replies reach the fake Slack Web API through Kanaria's own Slack adapter.
 */
describe('the job funnel: one error policy by class (real BullMQ and redis-server, fake Slack Web API)', () => {
  let redis: PrivateRedis;
  let slack: FakeSlack;
  let connection: Redis;
  let deps: FunnelDeps;
  let sequence = 0;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    slack = new FakeSlack();
    await slack.start();
    connection = connectRedis(redis.url, 'worker');
    await waitUntilReady(connection);
    const config = configSchema.parse({
      apps: { web: { environment: 'staging', manifest: 'apps/web/deployment.yaml' } },
    });
    deps = {
      config,
      logger: pino({ level: 'silent' }),
      chat: createSlackAdapters(config, { botToken: 'xoxb-funnel', apiUrl: slack.apiUrl }).chat,
      metrics: createMetrics({ processMetrics: false }),
    };
  });
  afterAll(async () => {
    connection?.disconnect();
    await slack?.stop();
    await redis?.stop();
  });

  /**
   * Runs one job of a queue of its own through the funnel until BullMQ holds it as failed for good; returns how
   * often the processor ran and what the requester was told privately.
   */
  async function failFor(
    processor: Processor<Asked, string, FunnelDeps>,
    app = 'web',
    requester: Person = ANA,
  ): Promise<{ runs: number; attemptsMade: number; told: string[] }> {
    const name = `funnel-${++sequence}`;
    const queue = new Queue(name, { connection });
    let runs = 0;
    const worker = new Worker(
      name,
      runJob<Asked, string, FunnelDeps>(
        deps,
        name,
        (context) => {
          runs++;
          return processor(context);
        },
        (data) => data.app,
      ),
      { connection },
    );
    try {
      const job = await queue.add(
        name,
        { app, channel: 'C0FUNNEL', requester, responseUrl: slack.responseUrl(name) },
        { attempts: ATTEMPTS, backoff: { type: 'fixed', delay: 10 } },
      );
      const id = job.id ?? '';
      await waitUntil(`job ${id} to fail for good`, async () => (await queue.getJobState(id)) === 'failed');
      const failed = await queue.getJob(id);
      const told = slack.callsTo(`response_url:${name}`).map((c) => String(c.body['text']));
      return { runs, attemptsMade: failed?.attemptsMade ?? 0, told };
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }

  it('a refusal is answered once and not retried', async () => {
    const result = await failFor(async () => {
      throw new Refusal('errorsJobs.noRollout', { app: 'web' });
    });
    expect(result.runs).toBe(1);
    expect(result.told).toEqual([expect.stringMatching(/^:x: `web` has no Argo Rollout/)]);
  });

  it('an unrecoverable error (the API server rejects the request) is told once and not retried', async () => {
    const result = await failFor(async () => {
      throw new KubeRejected(
        { verb: 'patch', resource: 'rollouts.argoproj.io', namespace: 'prod', name: 'web' },
        422,
        'spec.replicas: Invalid value',
      );
    });
    expect(result.runs).toBe(1);
    expect(result.told).toEqual([expect.stringContaining('spec.replicas: Invalid value')]);
  });

  it('a refusal that carries its words as facts is answered with them', async () => {
    const result = await failFor(async () => {
      throw new ArgoOperationInProgress({ namespace: 'argocd', name: 'web' });
    });
    expect(result).toEqual({
      runs: 1,
      attemptsMade: 1,
      told: [
        ':x: Argo CD Application `argocd/web`: another operation is already in progress.\nWait for it to finish (/status), then sync again.',
      ],
    });
  });

  it('an app gone from the configuration is refused with the closest names, once', async () => {
    const result = await failFor(async (context) => {
      context.app();
      return 'never';
    }, 'wbe');
    expect(result.runs).toBe(1);
    expect(result.told).toEqual([expect.stringMatching(/^:x: There is no app `wbe`.*Did you mean `web`\?/)]);
  });

  it('a transient error is retried, and answered once, when the last attempt fails too', async () => {
    const result = await failFor(async () => {
      throw new GitUnavailable({
        remote: 'https://git.example/gitops.git',
        branch: 'main',
        failed: 'fetch',
        detail: 'no answer',
      });
    });
    expect(result).toEqual({
      runs: ATTEMPTS,
      attemptsMade: ATTEMPTS,
      told: [
        ':x: Kanaria could not finish this after 3 attempts (Could not fetch from the GitOps remote: no answer).\nTry again in a few minutes; if it persists, tell the platform team.',
      ],
    });
  });

  it('an unexpected error is retried likewise, and answered once on the last attempt', async () => {
    const result = await failFor(async () => {
      throw new Error('ECONNRESET');
    });
    expect(result).toEqual({
      runs: ATTEMPTS,
      attemptsMade: ATTEMPTS,
      told: [
        ':x: Kanaria could not finish this after 3 attempts (ECONNRESET).\nTry again in a few minutes; if it persists, tell the platform team.',
      ],
    });
  });

  it("a job that tells failures its own way hears of each retry, then of the end, and the requester's private reply stays silent", async () => {
    const heard: string[] = [];
    const teller: FailureTeller = {
      failed: async (f) =>
        void heard.push(
          `failed ${f.kind} ${f.attempt}/${f.attempts}: ${failureWords(wordsFor('en'), f)?.message ?? '-'}`,
        ),
      retrying: async (f) =>
        void heard.push(
          `retrying ${f.kind} ${f.attempt}/${f.attempts}: ${failureWords(wordsFor('en'), f)?.message ?? '-'}`,
        ),
    };
    const result = await failFor(async (context) => {
      context.tellFailuresWith(teller);
      throw new GitUnavailable({
        remote: 'https://git.example/gitops.git',
        branch: 'main',
        failed: 'fetch',
        detail: 'remote away',
      });
    });
    expect(heard).toEqual([
      'retrying transient 1/3: Could not fetch from the GitOps remote: remote away',
      'retrying transient 2/3: Could not fetch from the GitOps remote: remote away',
      'failed transient 3/3: Could not fetch from the GitOps remote: remote away',
    ]);
    expect(result.told).toEqual([]);
  });

  it("a refusal and a failure after the retries are told in the requester's language (Japanese), facts as they are", async () => {
    const ken: Person = { id: 'U0KEN', name: 'Ken Sato', groups: [], locale: 'ja-JP' };
    const refused = await failFor(
      async () => {
        throw new Refusal('errorsJobs.noAnalysis', { app: 'web' });
      },
      'web',
      ken,
    );
    expect(refused.told).toEqual([
      ':x: Kanaria の設定では `web` にカナリア分析がありません。\nkanaria.yaml の apps.web.analysis にクエリを追加してください。',
    ]);
    const gaveUp = await failFor(
      async () => {
        throw new Error('ECONNRESET');
      },
      'web',
      ken,
    );
    expect(gaveUp.told).toEqual([
      ':x: 3回試行しましたが、Kanaria は処理を完了できませんでした（ECONNRESET）。\n数分後にもう一度お試しください。解決しない場合はプラットフォームチームに連絡してください。',
    ]);
  });

  it("BullMQ's UnrecoverableError (the job showed its outcome itself) ends the job untold and unretried", async () => {
    const result = await failFor(async () => {
      throw new UnrecoverableError('web Degraded');
    });
    expect(result).toEqual({ runs: 1, attemptsMade: 1, told: [] });
  });
});
