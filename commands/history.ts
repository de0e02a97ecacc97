import type { HistoryChange } from '../src/change.js';
import { enqueueChange, requireApp, type CommandDef } from '../src/command.js';
import type { Message } from '../src/chat.js';
import { appFiles } from '../src/domain/config.js';
import { UserFacingError } from '../src/domain/errors.js';
import { quote } from '../src/domain/quote.js';
import { parseWholeNumber } from '../src/domain/grammar.js';
import { historyMessage } from '../src/blocks/gitops.js';
import { DEFAULT_LOCALE, wordsFor } from '../src/i18n/index.js';
import type { JobDeps } from '../src/deps.js';

const MAX = 50;

/** `/history <app> [n]`: the app's recent GitOps commits, read on the queue so it sees what is pushed. */
export const history: CommandDef & { read(change: HistoryChange, deps: JobDeps): Promise<Message> } = {
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
    return enqueueChange(
      deps,
      request,
      { kind: 'history', app: appName, limit },
      person,
      false,
      `history of \`${appName}\``,
    );
  },

  async read(change, deps) {
    const app = requireApp(deps, change.app);
    const commits = await deps.repo.read((tree) => tree.log({ paths: appFiles(app), limit: change.limit }));
    // words: locale not plumbed yet
    return historyMessage(wordsFor(DEFAULT_LOCALE), change.app, deps.config.gitops.branch, commits);
  },
};
