import { enqueueChangeOrDryRun, requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { replicaBounds } from '../src/domain/config.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { parseWholeNumber } from '../src/domain/grammar.js';
import type { ScaleChange } from '../src/queues/gitops.js';

/** `/scale <app> <replicas>`: sets the app's replica count in its manifest, as a commit (jobs/scale.ts). */
export const scale: CommandDef = {
  name: 'scale',
  grammar: {
    usage: '/scale <app> <replicas> [--dry-run] [--when-open] [--override "<reason>"]',
    example: '/scale example-app 3',
    min: 2,
    max: 2,
    flags: ['dry-run', 'when-open'],
    options: ['override'],
  },

  async run(context) {
    const {
      request,
      args: [appName = '', count = ''],
      deps,
    } = context;
    const app = requireApp(deps, appName);
    const replicas = parseWholeNumber(count);
    const { min, max } = replicaBounds(deps.config, app);
    if (replicas === undefined || replicas < min || replicas > max) {
      throw new CodedRefusal('bad-replicas', 'commands.scale.badReplicas', {
        typed: count,
        app: appName,
        min,
        max,
        example: Math.min(Math.max(min, 2), max),
      });
    }
    const requester = await requirePermission(deps, request.userId, app, 'deploy');
    const change: ScaleChange = { kind: 'scale', app: appName, replicas };
    return enqueueChangeOrDryRun(context, change, requester);
  },
};
