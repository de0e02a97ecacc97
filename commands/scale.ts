import { enqueueChangeOrDryRun, requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { replicaBounds } from '../src/domain/config.js';
import { UserFacingError } from '../src/domain/errors.js';
import { quote } from '../src/domain/quote.js';
import { parseWholeNumber } from '../src/domain/grammar.js';
import { describeChange } from '../src/blocks/changes.js';
import { DEFAULT_LOCALE, wordsFor } from '../src/i18n/index.js';
import type { ScaleChange } from '../src/queues/gitops.js';

/** `/scale <app> <replicas>`: sets the app's replica count in its manifest, as a commit (jobs/scale.ts). */
export const scale: CommandDef = {
  name: 'scale',
  summary: 'Set the number of replicas of an app (a commit in the GitOps repo)',
  grammar: {
    usage: '/scale <app> <replicas> [--dry-run]',
    example: '/scale example-app 3',
    min: 2,
    max: 2,
    flags: ['dry-run'],
  },

  async run(request, { args: [appName = '', count = ''], flags }, deps) {
    const app = requireApp(deps, appName);
    const replicas = parseWholeNumber(count);
    const { min, max } = replicaBounds(deps.config, app);
    if (replicas === undefined || replicas < min || replicas > max) {
      throw new UserFacingError(
        'bad-replicas',
        `${quote(count)} is not a valid replica count for \`${appName}\`: give a whole number from ${min} to ${max}.`,
        `e.g. \`/scale ${appName} ${Math.min(Math.max(min, 2), max)}\``,
      );
    }
    const requester = await requirePermission(deps, request.userId, app, 'deploy');
    const change: ScaleChange = { kind: 'scale', app: appName, replicas };
    return enqueueChangeOrDryRun(
      deps,
      request,
      change,
      requester,
      flags.has('dry-run'),
      describeChange(wordsFor(DEFAULT_LOCALE), change),
    );
  },
};
