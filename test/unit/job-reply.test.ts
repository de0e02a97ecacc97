import { UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/chat.js';
import { UserFacingError } from '../../src/domain/errors.js';
import { answeringFailures } from '../../src/job-reply.js';

const job = (attemptsMade: number, attempts = 3) => ({ attemptsMade, opts: { attempts } }) as unknown as Job;

describe('answeringFailures', () => {
  const run = async (attemptsMade: number, error: Error) => {
    const told: Message[] = [];
    const thrown = await answeringFailures(
      job(attemptsMade),
      async (m) => void told.push(m),
      () => Promise.reject(error),
    ).catch((e: unknown) => e);
    return { told: told.map((m) => m.text), thrown };
  };

  it('tells the requester a refusal and ends the job (no retry)', async () => {
    const { told, thrown } = await run(0, new UserFacingError('bad-arguments', 'No such pool.', 'Try `a100`.'));
    expect(told).toEqual([':x: No such pool.\nTry `a100`.']);
    expect(thrown).toBeInstanceOf(UnrecoverableError);
  });

  it('retries an infrastructure error quietly, and tells the requester when the last attempt fails', async () => {
    const early = await run(0, new Error('ECONNRESET'));
    expect(early.told).toEqual([]);
    expect((early.thrown as Error).message).toBe('ECONNRESET');
    const last = await run(2, new Error('ECONNRESET'));
    expect(last.told).toEqual([
      ':x: Kanaria could not finish this after 3 attempts (ECONNRESET).\nTry again in a few minutes; if it persists, tell the platform team.',
    ]);
    expect(last.thrown).not.toBeInstanceOf(UnrecoverableError);
  });

  it('passes the result through when the work succeeds', async () => {
    expect(
      await answeringFailures(
        job(0),
        async () => undefined,
        async () => 'done',
      ),
    ).toBe('done');
  });
});
