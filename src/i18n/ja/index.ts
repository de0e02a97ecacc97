import type { en } from '../en/index.js';
import type { Shape } from '../shape.js';
import { common } from './common.js';

/** The Japanese catalog (the compiler checks that it has exactly the English keys). */
export const ja: Shape<typeof en> = { common };
