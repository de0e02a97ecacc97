import type { en } from '../en/index.js';
import type { Shape } from '../shape.js';
import { blocks } from './blocks.js';
import { changes } from './changes.js';
import { common } from './common.js';
import { errorsArgocd } from './errors-argocd.js';
import { errorsJobs } from './errors-jobs.js';
import { errorsKube } from './errors-kube.js';
import { errorsPrometheus } from './errors-prometheus.js';
import { errorsSlack } from './errors-slack.js';
import { grammar } from './grammar.js';
import { help } from './help.js';
import { jobs } from './jobs.js';
import { verdict } from './verdict.js';

/**
 * The Japanese catalog (the compiler checks that it has exactly the English keys). Slack renders `code` and
 * *bold* only where a space or ASCII punctuation separates them from the text around: keep a space between them
 * and Japanese words.
 */
export const ja: Shape<typeof en> = {
  common,
  errorsArgocd,
  errorsJobs,
  errorsKube,
  errorsPrometheus,
  errorsSlack,
  grammar,
  help,
  blocks,
  changes,
  jobs,
  verdict,
};
