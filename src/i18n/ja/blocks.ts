import type { blocks as en } from '../en/blocks.js';
import type { Shape } from '../shape.js';
import { gitops } from './blocks-gitops.js';

export const blocks: Shape<typeof en> = {
  gitops,
};
