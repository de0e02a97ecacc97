import { gitops } from './blocks-gitops.js';

/** What the Slack blocks say (src/blocks/), one area per block file. */
export const blocks = {
  gitops,
};
