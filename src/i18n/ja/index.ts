import type { en } from '../en/index.js';
import type { Shape } from '../shape.js';
import { blocks } from './blocks.js';
import { boot } from './boot.js';
import { cli } from './cli.js';
import { commands } from './commands.js';
import { changes } from './changes.js';
import { common } from './common.js';
import { dispatch } from './dispatch.js';
import { errorsArgocd } from './errors-argocd.js';
import { errorsGit } from './errors-git.js';
import { errorsJobs } from './errors-jobs.js';
import { errorsKube } from './errors-kube.js';
import { errorsManifest } from './errors-manifest.js';
import { errorsPrometheus } from './errors-prometheus.js';
import { errorsQueue } from './errors-queue.js';
import { errorsSlack } from './errors-slack.js';
import { gate } from './gate.js';
import { approvals } from './approvals.js';
import { grammar } from './grammar.js';
import { help } from './help.js';
import { terminal } from './terminal.js';
import { imageRef } from './image-ref.js';
import { refusals } from './refusals.js';
import { slo } from './slo.js';
import { jobs } from './jobs.js';
import { locks } from './locks.js';
import { promote } from './promote.js';
import { verdict } from './verdict.js';
import { webhook } from './webhook.js';
import { pipeline } from './pipeline.js';
import { outside } from './outside.js';
import { reclaim } from './reclaim.js';
import { usage } from './usage.js';
import { kueue } from './kueue.js';

/**
 * The Japanese catalog (the compiler checks that it has exactly the English keys). Slack renders `code` and
 * *bold* only where a space or ASCII punctuation separates them from the text around: keep a space between them
 * and Japanese words.
 */
export const ja: Shape<typeof en> = {
  common,
  errorsArgocd,
  errorsGit,
  errorsJobs,
  errorsKube,
  errorsManifest,
  errorsPrometheus,
  errorsSlack,
  gate,
  approvals,
  grammar,
  help,
  blocks,
  boot,
  terminal,
  cli,
  commands,
  dispatch,
  errorsQueue,
  imageRef,
  refusals,
  slo,
  changes,
  jobs,
  verdict,
  locks,
  promote,
  webhook,
  pipeline,
  outside,
  reclaim,
  usage,
  kueue,
};
