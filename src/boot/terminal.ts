import { redactCredentials } from '../domain/redact.js';
import type { Words } from '../i18n/index.js';
import { startRepl } from '../terminal/repl.js';
import type { TerminalChat } from '../terminal/terminal-chat.js';
import type { TerminalScreen } from '../terminal/screen.js';
import type { Settings } from './settings.js';
import type { Kanaria } from './start.js';
import { startupWords } from './startup-words.js';

/**
 * The terminal session once Kanaria runs: says it is ready, what a restart resumes, then reads commands until
 * input ends, and lets queued changes finish before returning.
 */
export async function runTerminal(
  kanaria: Kanaria,
  settings: Omit<Settings, 'redisUrl'>,
  session: {
    readonly chat: TerminalChat;
    readonly userId: string;
    readonly say: (text: string) => void;
    readonly screen: TerminalScreen;
    /** The terminal's language. */
    readonly t: Words;
  },
): Promise<void> {
  const { say, t } = session;
  await kanaria.cloned;
  say(startupWords.terminalReady(redactCredentials(settings.gitopsUrl ?? ''), settings.config.gitops.branch)(t));
  if (kanaria.resumed > 0) say(startupWords.resuming(kanaria.resumed)(t));
  const { closed } = startRepl({
    dispatcher: kanaria.dispatcher,
    chat: session.chat,
    userId: session.userId,
    input: process.stdin,
    screen: session.screen,
    t,
  });
  await closed;
  // Input ended (e.g. commands piped in): let queued changes finish before leaving.
  await kanaria.drained();
}
