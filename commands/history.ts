import { alreadyReceived, requireApp, type CommandDef } from '../src/dispatch/index.js';
import { UserFacingError } from '../src/domain/errors.js';
import { quote } from '../src/domain/quote.js';
import { parseWholeNumber } from '../src/domain/grammar.js';
import { enqueueRead } from '../src/queues/reads.js';

const MAX = 50;

/** `/history <app> [n]`: the app's recent GitOps commits, read by a job (jobs/history.ts) so it sees what is pushed. */
export const history: CommandDef = {
  name: 'history',
  summary: `Show the app's last n commits in the GitOps repo (default 10, at most ${MAX}): who, what, when, commit id`,
  grammar: { usage: '/history <app> [n]', example: '/history example-app 5', min: 1, max: 2, flags: [] },

  async run(request, { args: [appName = '', count] }, deps) {
    requireApp(deps, appName);
    const limit = count === undefined ? 10 : parseWholeNumber(count);
    if (limit === undefined || limit < 1 || limit > MAX) {
      throw new UserFacingError(
        'bad-arguments',
        `${quote(count ?? '')} is not a number of commits from 1 to ${MAX}.`,
        `e.g. \`/history ${appName} 5\``,
      );
    }
    const person = await deps.directory.identify(request.userId);
    const { duplicate } = await enqueueRead(
      deps.queues.reads,
      request,
      { kind: 'history', app: appName, limit },
      person,
    );
    if (duplicate) return alreadyReceived(`history of \`${appName}\``);
    return { text: `Looking up the history of \`${appName}\`…` };
  },
};
