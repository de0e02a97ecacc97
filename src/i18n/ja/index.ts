import type { en } from '../en/index.js';
import type { Shape } from '../shape.js';
import { common } from './common.js';
import { errorsArgocd } from './errors-argocd.js';
import { errorsKube } from './errors-kube.js';
import { errorsPrometheus } from './errors-prometheus.js';
import { errorsSlack } from './errors-slack.js';

/** The Japanese catalog (the compiler checks that it has exactly the English keys). */
export const ja: Shape<typeof en> = {
  common,
  errorsArgocd,
  errorsKube,
  errorsPrometheus,
  errorsSlack,
};
