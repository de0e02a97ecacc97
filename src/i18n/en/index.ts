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

/** The English catalog: the source of every message. One area per file; ja/ mirrors it key for key. */
export const en = {
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
