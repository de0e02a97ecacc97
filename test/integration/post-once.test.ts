import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postOnce, uploadOnce, type PostedOnce } from '../../jobs/post-once.js';
import { connectRedis, startPrivateRedis, type PrivateRedis } from '../../src/adapters/redis.js';
import type { Message, Posted } from '../../src/domain/chat.js';

interface ReportJob extends PostedOnce {
  readonly channel: string;
}

/**
 * A GPU report or showback posts its message, then uploads its chart (and CSV) into the thread. An attempt that
 * dies after posting must not make the retry post the report, or upload a file, a second time.
 */
describe('a report is posted once across attempts (real redis-server, BullMQ)', () => {
  let server: PrivateRedis;
  beforeAll(async () => {
    server = await startPrivateRedis();
  });
  afterAll(async () => server?.stop());

  it('an attempt that fails after the post and the first upload: the retry posts nothing and uploads the rest', async () => {
    const said: string[] = [];
    const chat = {
      post: async (channel: string, message: Message): Promise<Posted> => {
        said.push(`post ${channel} ${message.text}`);
        return { channel, ts: `1700000000.00000${said.length}` };
      },
    };
    const connection = connectRedis(server.url, 'worker');
    const queue = new Queue<ReportJob>('post-once', { connection });
    const events = new QueueEvents('post-once', { connection: connectRedis(server.url, 'worker') });
    const worker = new Worker<ReportJob>(
      'post-once',
      async (job: Job<ReportJob>) => {
        const posted = await postOnce(job, chat, job.data.channel, { text: 'GPU report' });
        for (const file of ['gpu-report.png', 'usage.csv']) {
          await uploadOnce(job, file, async () => said.push(`upload ${file} in ${posted?.ts}`));
          if (job.attemptsMade === 0) throw new Error('the worker died here');
        }
        return 'posted';
      },
      { connection: connectRedis(server.url, 'worker') },
    );
    try {
      await events.waitUntilReady();
      const job = await queue.add('report', { channel: 'C0GPU' }, { attempts: 2 });
      await expect(job.waitUntilFinished(events, 20_000)).resolves.toBe('posted');
      expect(said).toEqual([
        'post C0GPU GPU report',
        'upload gpu-report.png in 1700000000.000001',
        'upload usage.csv in 1700000000.000001',
      ]);
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  });
});
