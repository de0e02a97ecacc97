import { createInterface, type Interface } from 'node:readline';
import type { Dispatcher } from '../dispatch/index.js';
import type { Words } from '../i18n/index.js';
import type { TerminalChat } from './terminal-chat.js';
import { renderMessage } from './render.js';
import type { TerminalScreen } from './screen.js';

export interface ReplOptions {
  readonly dispatcher: Dispatcher;
  readonly chat: TerminalChat;
  readonly userId: string;
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /** Where replies go; lines are written above the prompt when both ends are a terminal. */
  readonly screen: TerminalScreen;
  /** The terminal's language (LANG), for the REPL's own words. */
  readonly t: Words;
}

const CHANNEL = 'terminal';
const PROMPT = 'kanaria> ';
/**
 * A terminal in its usual (canonical) mode hands over at most this many characters per line and drops the rest
 * (Linux's line buffer is 4096 bytes, newline included). Kanaria's own prompt reads keys in raw mode, without
 * that limit; the limit applies only when the input is a terminal but the output is not.
 */
const CANONICAL_LINE_LIMIT = 4095;

/**
 * The terminal adapter (Hubot's shell, Errbot's text backend): type `/deploy example-app nginx:1.27.0`,
 * read the reply; type a button's number to press it. Runs the same dispatcher as Slack.
 *
 * On a terminal it is a prompt with line editing and history (readline in raw mode, so no line-length limit),
 * and replies appear above the prompt. Piped in, it reads line by line and prints no prompt, for scripts.
 */
export function startRepl(options: ReplOptions): { closed: Promise<void>; rl: Interface } {
  const { dispatcher, chat, userId, input, screen, t } = options;
  const interactive = input.isTTY === true && screen.output.isTTY === true;
  const rl = interactive
    ? createInterface({
        input,
        output: screen.output,
        terminal: true,
        prompt: PROMPT,
        historySize: 1000,
        removeHistoryDuplicates: true,
      })
    : createInterface({ input, terminal: false });
  let sequence = 0;
  let pendingConfirm: ((answer: string) => void) | undefined;
  const render = (text: string) => renderMessage({ text }, screen.style).lines.join('\n');
  const show = (text: string) => screen.write(render(text));

  async function handle(line: string): Promise<void> {
    const input = line.trim();
    if (input === '') return;
    if (input === 'exit' || input === 'quit') return void rl.close();
    if (!interactive && options.input.isTTY && line.length >= CANONICAL_LINE_LIMIT) {
      return show(t('terminal.lineCut', { length: line.length }));
    }
    if (/^\d+$/.test(input)) {
      const button = chat.buttons[Number(input) - 1];
      if (!button) return show(t('terminal.noButton', { number: input }));
      if (button.confirm) {
        screen.write(t('terminal.confirm', { question: button.confirm, action: button.label.toLowerCase() }));
        const answer = await new Promise<string>((resolve) => (pendingConfirm = resolve));
        if (answer.toLowerCase() !== 'yes') return show(t('terminal.cancelled'));
      }
      return screen.acknowledged(async () => {
        const reply = await dispatcher.action({
          actionId: button.actionId,
          value: button.value,
          userId,
          channel: button.channel,
          requestId: `${button.actionId}-${button.messageTs}`,
          responseUrl: `terminal:${sequence}`,
          message: { channel: button.channel, ts: button.messageTs },
        });
        return render(reply.text);
      });
    }
    const match = /^\/(\S+)\s*(.*)$/.exec(input);
    if (!match) return show(t('terminal.typeCommand'));
    // What the job says can come before the acknowledgement is back: it is shown after it.
    return screen.acknowledged(async () => {
      const reply = await dispatcher.command({
        command: match[1] ?? '',
        text: match[2] ?? '',
        userId,
        channel: CHANNEL,
        requestId: `terminal-${process.pid}-${Date.now()}-${++sequence}`,
        responseUrl: `terminal:${sequence}`,
      });
      return render(reply.text);
    });
  }

  // Lines are handled one at a time, in order, as a chat would.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    // The next prompt at once (unless this is the last line): what is typed meanwhile stays below the replies.
    if (interactive && !/^(exit|quit)$/.test(line.trim())) rl.prompt();
    // An answer to a confirmation goes to the press that waits for it, not behind it in the queue.
    if (pendingConfirm) {
      const resolve = pendingConfirm;
      pendingConfirm = undefined;
      return resolve(line.trim());
    }
    queue = queue
      .then(() => handle(line))
      .catch((error: unknown) => screen.write(t('terminal.error', { error: String(error) })));
  });
  // In raw mode Ctrl-C is a key, not a signal: pass it on, so that it stops Kanaria as it did before.
  rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
  if (interactive) {
    screen.attach(rl);
    rl.prompt();
  }
  const closed = new Promise<void>((resolve) => rl.once('close', () => void queue.then(resolve)));
  return { closed, rl };
}
