import { Queue } from 'bullmq';
import { wordsFor } from '../../src/i18n/index.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { announcer } from '../../jobs/announce.js';
import { connectRedis } from '../../src/adapters/redis.js';
import { announcement } from '../../src/blocks/gitops.js';
import { gitopsJobId, type GitopsJob } from '../../src/queues/gitops.js';
import type { RecordedCall } from '../helpers/fake-slack.js';
import { deployment, startHarness, type Harness, ONE_APP_CONFIG } from '../helpers/harness.js';

const EN = wordsFor('en');
const ANA = { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com', groups: [] };

let sequence = 0;
/** A /deploy of `web` as the command enqueues it, in a channel of its own so each case counts only its posts. */
function deployJob(image: string): GitopsJob {
  const n = ++sequence;
  return {
    change: { kind: 'deploy', app: 'web', image },
    requester: ANA,
    channel: `C0ONCE${n}`,
    requestId: `${Date.now()}.${n}.0123456789abcdef`,
    requestedAt: Date.now(),
  };
}
const description = (job: GitopsJob) => `deploy \`web\` → \`${(job.change as { image: string }).image}\``;

/**
 * A job may die between posting its announcement and recording it. The next attempt must speak in that same
 * message (found by its request tag), not post a second one; and a thread reply already posted is not repeated.
 */
describe('one announcement per request, across attempts (real gitops job, git remote, Redis; fake Slack Web API)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
      config: ONE_APP_CONFIG,
    });
  });
  afterAll(async () => h?.stop());

  const topLevelPosts = (channel: string) =>
    h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.body['channel'] === channel && c.body['thread_ts'] === undefined);
  const threadReplies = (ts: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.body['thread_ts'] === ts);
  const updatesOf = (ts: string) =>
    h.slack
      .callsTo('chat.update')
      .filter((c) => c.body['ts'] === ts)
      .map((c) => String(c.body['text']));
  const commitOf = (job: GitopsJob) => h.remote.log().find((c) => c.body.includes(`Kanaria-Request: ${job.requestId}`));
  const tagOf = (call: RecordedCall | undefined) =>
    (call?.body['metadata'] as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;

  /** Enqueues as the command does (same id) and waits for the job to finish. */
  async function run(job: GitopsJob): Promise<void> {
    const { duplicate } = await h.kanaria.deps.queues.gitops.add(gitopsJobId(job.requestId), job);
    expect(duplicate).toBe(false);
    expect(await h.kanaria.drained(20_000)).toBe(true);
  }

  it('an attempt after one that posted the announcement but died before recording it adopts that message', async () => {
    const job = deployJob('nginx:1.26.0');
    // The earlier attempt: marks the moment, posts the tagged announcement through the real SlackChat, dies.
    const announcing = Math.floor(Date.now() / 1000) - 1;
    const earlier = await h.kanaria.deps.chat.postTagged(
      job.channel,
      announcement(EN, ANA.id, description(job), { kind: 'committing', attempt: 1 }),
      `request:${job.requestId}`,
    );
    expect(earlier.permalink).toBeDefined();

    await run({ ...job, announcing });

    expect(topLevelPosts(job.channel)).toHaveLength(1);
    const commit = commitOf(job);
    expect(commit?.body).toContain(`Slack-Request: ${earlier.permalink}`);
    expect(updatesOf(earlier.ts).at(-1)).toContain(`pushed \`${commit?.sha.slice(0, 7)}\` to \`main\``);
    expect(threadReplies(earlier.ts).map((c) => String(c.body['text']))).toEqual([
      expect.stringMatching(/^Pushed `[0-9a-f]{7}` to `main`/),
    ]);
  });

  it.each([
    ['a first attempt', undefined],
    ['an attempt after one that died before its post reached Slack', Math.floor(Date.now() / 1000) - 1],
  ])('%s posts exactly one tagged announcement, linked from the commit', async (_, announcing) => {
    const job = deployJob(`nginx:1.27.${sequence}`);
    await run({ ...job, ...(announcing !== undefined && { announcing }) });

    const posts = topLevelPosts(job.channel);
    expect(posts).toHaveLength(1);
    expect(tagOf(posts[0])).toBe(`request:${job.requestId}`);
    const ts = String(posts[0]?.response?.['ts']);
    const commit = commitOf(job);
    expect(commit?.body).toContain(
      `Slack-Request: https://acme.slack.com/archives/${job.channel}/p${ts.replace('.', '')}`,
    );
    expect(updatesOf(ts).at(-1)).toContain(`pushed \`${commit?.sha.slice(0, 7)}\``);
    expect(threadReplies(ts)).toHaveLength(1);
  });

  it.each([
    { state: 'not yet posted', replied: [], expected: 1 },
    { state: 'already posted', replied: ['pushed'], expected: 0 },
  ])(
    'a resumed job whose change is on the remote and whose "pushed" reply was $state posts it $expected time(s)',
    async ({ replied, expected }) => {
      const job = deployJob(`nginx:1.28.${sequence}`);
      // The earlier attempt announced (and recorded it), pushed, maybe replied, and died before finishing.
      const posted = await h.kanaria.deps.chat.postTagged(
        job.channel,
        announcement(EN, ANA.id, description(job), { kind: 'committing', attempt: 1 }),
        `request:${job.requestId}`,
      );
      const image = (job.change as { image: string }).image;
      const current = h.remote.show('apps/web/deployment.yaml');
      const sha = h.remote.commitOutside(`deploy(web): → ${image}\n\nKanaria-Request: ${job.requestId}`, {
        'apps/web/deployment.yaml': current.replace(/image: \S+ # bumped/, `image: ${image} # bumped`),
      });

      await run({ ...job, announcement: posted, replied });

      expect(topLevelPosts(job.channel)).toHaveLength(1);
      expect(updatesOf(posted.ts).at(-1)).toContain(`pushed \`${sha.slice(0, 7)}\``);
      expect(threadReplies(posted.ts).filter((c) => String(c.body['text']).startsWith('Pushed'))).toHaveLength(
        expected,
      );
      expect(h.remote.log().filter((c) => c.body.includes(`Kanaria-Request: ${job.requestId}`))).toHaveLength(1);
    },
  );

  it('a post found neither by a failed channel read nor posted (Slack away) is still found by a later attempt', async () => {
    const job = deployJob('nginx:1.29.0');
    const say = (attempt: number) => announcement(EN, ANA.id, description(job), { kind: 'committing', attempt });
    // Only the clock moves (Kanaria's and the fake Slack's, both in this process): the attempts are seconds apart.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const connection = connectRedis(h.redis.url, 'worker');
    const queue = new Queue('announce-test', { connection, prefix: 'announcement-once' });
    try {
      // Attempt 1 marks the moment, posts, and dies before recording what it posted.
      const announcing = Math.floor(Date.now() / 1000) - 1;
      const first = await h.kanaria.deps.chat.postTagged(job.channel, say(1), `request:${job.requestId}`);
      const stored = await queue.add('gitops', { ...job, announcing });
      vi.setSystemTime(Date.now() + 10_000);
      // Attempt 2, with Slack away: it can neither read the channel nor post.
      h.slack.failures = { 'conversations.history': 'fatal_error', 'chat.postMessage': 'fatal_error' };
      try {
        expect(await announcer(h.kanaria.jobDeps!, stored).say(say(2))).toBeUndefined();
      } finally {
        h.slack.failures = {};
      }
      vi.setSystemTime(Date.now() + 10_000);
      // Attempt 3, Slack back: the channel read still reaches back to attempt 1's post.
      const again = await queue.getJob(stored.id ?? '');
      expect(await announcer(h.kanaria.jobDeps!, again!).say(say(3))).toMatchObject({
        ts: first.ts,
      });
      expect(topLevelPosts(job.channel).filter((c) => c.response?.['ok'] === true)).toHaveLength(1);
      expect(updatesOf(first.ts)).toEqual([expect.stringContaining('retrying (attempt 3)')]);
    } finally {
      vi.useRealTimers();
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  });
});
