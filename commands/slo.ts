import { alreadyReceived, requireApp, type CommandDef } from '../src/dispatch/index.js';
import { slosOf } from '../src/domain/config.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { enqueueRead } from '../src/queues/reads.js';

/**
 * `/slo <app>`: the app's error budget, burn rates, alerts and a chart, read from Prometheus by a job
 * (jobs/slo.ts); `/slo <app> overrides`: its break-glass changes, read from Git. Both answer privately.
 */
export const slo: CommandDef = {
  name: 'slo',
  grammar: { usage: '/slo <app> [overrides]', example: '/slo example-app', min: 1, max: 2, flags: [] },

  async run({ request, args: [appName = '', view], deps, t }) {
    requireApp(deps, appName);
    if (view !== undefined && view !== 'overrides')
      throw new CodedRefusal('bad-arguments', 'slo.command.badView', { typed: view, app: appName });
    const overrides = view === 'overrides';
    // Break-glass overrides may be of a freeze too: listed whether or not the app has an SLO.
    if (!overrides && slosOf(deps.config, appName).length === 0)
      throw new CodedRefusal('not-configured', 'slo.command.noSlo', { app: appName });
    const person = await deps.directory.identify(request.userId);
    const { duplicate } = await enqueueRead(
      deps.queues.reads,
      request,
      { kind: 'slo', app: appName, view: overrides ? 'overrides' : 'budget' },
      person,
    );
    const what = overrides ? 'slo.command.whatOverrides' : 'slo.command.what';
    if (duplicate) return alreadyReceived(t, t(what, { app: appName }));
    return { text: t(overrides ? 'slo.command.lookingUpOverrides' : 'slo.command.lookingUp', { app: appName }) };
  },
};
