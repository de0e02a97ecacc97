import { blocks } from './blocks.js';
import { common } from './common.js';
import { grammar } from './grammar.js';
import { help } from './help.js';

/** The English catalog: the source of every message. One area per file; ja/ mirrors it key for key. */
export const en = {
  common,
  grammar,
  help,
  blocks,
};
