import type { CommandDef } from '../src/dispatch/index.js';
import { analyze } from './analyze.js';
import { approve } from './approve.js';
import { canary } from './canary.js';
import { deploy } from './deploy.js';
import { gpu } from './gpu.js';
import { history } from './history.js';
import { kanaria } from './kanaria.js';
import { lock } from './lock.js';
import { pipeline } from './pipeline.js';
import { promote } from './promote.js';
import { reject } from './reject.js';
import { rollback } from './rollback.js';
import { scale } from './scale.js';
import { slo } from './slo.js';
import { status } from './status.js';
import { sync } from './sync.js';
import { unlock } from './unlock.js';

/** Every slash command Kanaria registers, in the order help lists them. */
export const commands: readonly CommandDef[] = [
  deploy,
  promote,
  pipeline,
  scale,
  rollback,
  sync,
  status,
  canary,
  analyze,
  gpu,
  history,
  approve,
  reject,
  slo,
  lock,
  unlock,
  kanaria(() => commands),
];
