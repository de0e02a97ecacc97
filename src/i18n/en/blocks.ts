import { analysis } from './blocks-analysis.js';
import { canary } from './blocks-canary.js';
import { charts } from './blocks-charts.js';
import { gitops } from './blocks-gitops.js';
import { gpu } from './blocks-gpu.js';
import { reconcile } from './blocks-reconcile.js';
import { status } from './blocks-status.js';

/** What the Slack blocks say (src/blocks/), one area per block file. */
export const blocks = {
  gitops,
  reconcile,
  status,
  canary,
  analysis,
  gpu,
  charts,
};
