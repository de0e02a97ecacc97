import type { Message } from '../src/domain/chat.js';
import type { Read, ReadJob } from '../src/queues/reads.js';
import { dryRun } from './dry-run.js';
import { history } from './history.js';
import { pipelineRead } from './pipeline.js';
import { slo } from './slo.js';
import type { JobContext, Processor } from './run-job.js';
import { status } from './status.js';

/** The app a read is about, for the job's context. */
export const appOfRead = (data: ReadJob): string =>
  data.read.kind === 'dry-run' ? data.read.change.app : data.read.app;

/** The answer to whisper; undefined when the read answered itself (e.g. `/slo` with its charts). */
const answer = (read: Read, context: JobContext<ReadJob>): Promise<Message | undefined> => {
  switch (read.kind) {
    case 'history':
      return history(read.app, read.limit, context);
    case 'status':
      return status(read.app, context);
    case 'slo':
      return slo(read.app, read.view, context);
    case 'dry-run':
      return dryRun(read.change, context);
    case 'pipeline':
      return pipelineRead(read, context);
  }
};

/** The reads queue's processor: `/history`, `/status`, `/slo`, dry runs and the pipeline card, answered privately to the requester. */
export const readsProcessor: Processor<ReadJob, Read['kind']> = async (context) => {
  const { read } = context.data;
  const message = await answer(read, context);
  if (message) await context.whisper(message);
  return read.kind;
};
