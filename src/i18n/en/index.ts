import { common } from './common.js';

/** The English catalog: the source of every message. One area per file; ja/ mirrors it key for key. */
export const en = { common };
