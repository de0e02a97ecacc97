import type { blocks as en } from '../en/blocks.js';
import type { Shape } from '../shape.js';
import { analysis } from './blocks-analysis.js';
import { canary } from './blocks-canary.js';
import { charts } from './blocks-charts.js';
import { gitops } from './blocks-gitops.js';
import { gpu } from './blocks-gpu.js';
import { reconcile } from './blocks-reconcile.js';
import { status } from './blocks-status.js';

export const blocks: Shape<typeof en> = {
  gitops,
  reconcile,
  status,
  canary,
  analysis,
  gpu,
  charts,
};
