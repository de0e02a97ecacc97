import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { wordsFor } from '../../src/i18n/index.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportAbandoned, STALLED_TOO_OFTEN } from '../../jobs/abandoned.js';
import { connectRedis, waitUntilReady } from '../../src/adapters/redis.js';
import { announcement } from '../../src/blocks/gitops.js';
import { GITOPS_QUEUE, gitopsJobId, type GitopsJob } from '../../src/queues/gitops.js';
import type { JobDeps } from '../../src/boot/deps.js';
import { deployment, startHarness, type Harness, ONE_APP_CONFIG } from '../helpers/harness.js';
import { waitUntil } from '../helpers/wait.js';

const ANA = { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com', groups: [] };
/**
 * The gitops queue under a prefix of its own: the harness's workers serve the usual one and would take these
 * jobs; here nobody may, so that BullMQ itself gives them up.
 */
const PREFIX = 'abandoned-test';
const ORDINARY = 'ordinary-failure';

let sequence = 0;

/**
 * A change that BullMQ gives up on without any of our code failing it: its worker holds it without renewing
 * the lock (as a worker that died would), and its stalled checker fails it at the first stall.
 */
describe('changes abandoned by BullMQ are reported once to the requester (real BullMQ stalls, Redis, git remote; fake Slack Web API)', () => {
  let h: Harness;
  let deps: JobDeps;
  let connection: Redis;
  let replicas: Redis[];
  let queue: Queue;
  let dying: Worker;

  beforeAll(async () => {
    h = await startHarness({
      files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
      config: ONE_APP_CONFIG,
    });
    if (!h.kanaria.jobDeps) throw new Error('the harness runs its jobs on this thread');
    deps = h.kanaria.jobDeps;
    connection = connectRedis(h.redis.url, 'worker');
    replicas = [connectRedis(h.redis.url, 'client'), connectRedis(h.redis.url, 'client')];
    await Promise.all([connection, ...replicas].map((r) => waitUntilReady(r)));
    queue = new Queue(GITOPS_QUEUE, { connection, prefix: PREFIX });
    dying = new Worker(
      GITOPS_QUEUE,
      // An ordinary failure is the processor's own (it told the requester); anything else never ends.
      (job: Job) =>
        job.name === ORDINARY
          ? Promise.reject(new UnrecoverableError('the manifest is not valid YAML'))
          : new Promise(() => undefined),
      {
        connection,
        prefix: PREFIX,
        concurrency: 10,
        skipLockRenewal: true,
        lockDuration: 200,
        stalledInterval: 200,
        maxStalledCount: 0,
      },
    );
  });
  afterAll(async () => {
    await dying?.close(true);
    await queue?.close();
    for (const r of [connection, ...(replicas ?? [])]) r?.disconnect();
    await h?.stop();
  });

  /** A deploy whose first attempt announced it (and recorded that), then lost its worker until BullMQ gave up. */
  async function abandonedDeploy(image: string): Promise<GitopsJob> {
    const n = ++sequence;
    const base: GitopsJob = {
      change: { kind: 'deploy', app: 'web', image },
      requester: ANA,
      channel: `C0ABANDON${n}`,
      requestId: `${Date.now()}.${n}.fedcba9876543210`,
      requestedAt: Date.now(),
      responseUrl: h.slack.responseUrl(`abandon-${n}`),
    };
    const posted = await deps.chat.postTagged(
      base.channel,
      announcement(wordsFor('en'), ANA.id, `deploy \`web\` → \`${image}\``, { kind: 'committing', attempt: 1 }),
      `request:${base.requestId}`,
    );
    return { ...base, announcement: posted };
  }

  async function giveUp(data: GitopsJob, name = GITOPS_QUEUE): Promise<string> {
    const id = gitopsJobId(data.requestId);
    await queue.add(name, data, { jobId: id, attempts: 5 });
    await waitUntil(`BullMQ to fail job ${id}`, async () => (await queue.getJob(id))?.failedReason);
    return (await queue.getJob(id))?.failedReason ?? '';
  }

  /** Two replicas sweep at the same moment, then one sweeps again later. */
  async function sweep(): Promise<void> {
    await Promise.all(replicas.map((redis) => reportAbandoned(deps, [queue], redis)));
    await reportAbandoned(deps, [queue], replicas[0]!);
  }

  /** What Slack took (a call it refused is recorded too, with `ok: false`). */
  const taken = (method: string) => h.slack.callsTo(method).filter((c) => c.response?.['ok'] === true);
  const updatesOf = (ts: string) =>
    taken('chat.update')
      .filter((c) => c.body['ts'] === ts)
      .map((c) => String(c.body['text']));
  const repliesTo = (ts: string) =>
    taken('chat.postMessage')
      .filter((c) => c.body['thread_ts'] === ts)
      .map((c) => String(c.body['text']));
  const topLevelPosts = (channel: string) =>
    h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.body['channel'] === channel && c.body['thread_ts'] === undefined);

  it('nothing on the remote: the announcement turns to failed and the thread says so, once across replicas', async () => {
    const data = await abandonedDeploy('nginx:1.26.0');
    const ordinary = await abandonedDeploy('nginx:1.26.1');
    const head = h.remote.head();
    expect(await giveUp(data)).toBe(STALLED_TOO_OFTEN);
    expect(await giveUp(ordinary, ORDINARY)).toBe('the manifest is not valid YAML');

    await sweep();

    const ts = data.announcement?.ts ?? '';
    expect(updatesOf(ts)).toEqual([
      expect.stringContaining(
        'failed: Kanaria was interrupted again and again while committing this, and gave up; nothing was committed.',
      ),
    ]);
    expect(repliesTo(ts)).toEqual([
      expect.stringMatching(
        /^:x: Kanaria was interrupted again and again while committing this.*\nRun the command again/s,
      ),
    ]);
    expect(topLevelPosts(data.channel)).toHaveLength(1);
    expect(h.remote.head()).toBe(head);
    // A job that failed in its own processor was answered there: the sweep leaves it alone.
    const ordinaryTs = ordinary.announcement?.ts ?? '';
    expect([...updatesOf(ordinaryTs), ...repliesTo(ordinaryTs)]).toEqual([]);
  });

  it('the change is on the remote (pushed before the worker died): the announcement says pushed, once', async () => {
    const data = await abandonedDeploy('nginx:1.27.0');
    const current = h.remote.show('apps/web/deployment.yaml');
    const sha = h.remote.commitOutside(
      `deploy(web): nginx:1.25.0 → nginx:1.27.0\n\nKanaria-Request: ${data.requestId}`,
      {
        'apps/web/deployment.yaml': current.replace('image: nginx:1.25.0 # bumped', 'image: nginx:1.27.0 # bumped'),
      },
    );
    expect(await giveUp(data)).toBe(STALLED_TOO_OFTEN);

    await sweep();

    const ts = data.announcement?.ts ?? '';
    expect(updatesOf(ts)).toEqual([expect.stringContaining(`pushed \`${sha.slice(0, 7)}\` to \`main\``)]);
    expect(repliesTo(ts)).toEqual([`Pushed \`${sha.slice(0, 7)}\` to \`main\`: pushed before Kanaria was interrupted`]);
    expect(topLevelPosts(data.channel)).toHaveLength(1);
  });

  it('Slack refuses the report: the sweeps that follow tell the requester, once, when Slack takes it again', async () => {
    const data = await abandonedDeploy('nginx:1.28.0');
    expect(await giveUp(data)).toBe(STALLED_TOO_OFTEN);

    h.slack.failures = { 'chat.update': 'fatal_error', 'chat.postMessage': 'fatal_error' };
    try {
      await sweep();
    } finally {
      h.slack.failures = {};
    }
    const ts = data.announcement?.ts ?? '';
    expect([...updatesOf(ts), ...repliesTo(ts)]).toEqual([]);

    await sweep();

    expect(updatesOf(ts)).toEqual([
      expect.stringContaining('failed: Kanaria was interrupted again and again while committing this'),
    ]);
    expect(repliesTo(ts)).toHaveLength(1);
    expect(topLevelPosts(data.channel)).toHaveLength(1);
  });
});
