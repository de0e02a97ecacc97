import { alreadyReceived, requireApp, type CommandDef } from '../src/dispatch/index.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { parseWholeNumber } from '../src/domain/grammar.js';
import { enqueueRead } from '../src/queues/reads.js';

/** At most this many commits; the help line says so (i18n `help.summaries.history`). */
const MAX = 50;

/** `/history <app> [n]`: the app's recent GitOps commits, read by a job (jobs/history.ts) so it sees what is pushed. */
export const history: CommandDef = {
  name: 'history',
  grammar: { usage: '/history <app> [n]', example: '/history example-app 5', min: 1, max: 2, flags: [] },

  async run({ request, args: [appName = '', count], deps, t }) {
    requireApp(deps, appName);
    const limit = count === undefined ? 10 : parseWholeNumber(count);
    if (limit === undefined || limit < 1 || limit > MAX) {
      throw new CodedRefusal('bad-arguments', 'commands.history.badCount', {
        typed: count ?? '',
        max: MAX,
        app: appName,
      });
    }
    const person = await deps.directory.identify(request.userId);
    const { duplicate } = await enqueueRead(
      deps.queues.reads,
      request,
      { kind: 'history', app: appName, limit },
      person,
    );
    if (duplicate) return alreadyReceived(t, t('commands.history.what', { app: appName }));
    return { text: t('commands.history.lookingUp', { app: appName }) };
  },
};
