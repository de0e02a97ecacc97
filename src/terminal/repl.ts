import { createInterface, type Interface } from 'node:readline';
import type { Dispatcher } from '../dispatch/index.js';
import type { TerminalChat } from './terminal-chat.js';
import { renderMessage } from './render.js';

export interface ReplOptions {
  readonly dispatcher: Dispatcher;
  readonly chat: TerminalChat;
  readonly userId: string;
  readonly input: NodeJS.ReadableStream;
  readonly write: (text: string) => void;
}

const CHANNEL = 'terminal';

/**
 * The terminal adapter (Hubot's shell, Errbot's text backend): type `/deploy example-app nginx:1.27.0`,
 * read the reply; type a button's number to press it. Runs the same dispatcher as Slack.
 */
export function startRepl(options: ReplOptions): { closed: Promise<void>; rl: Interface } {
  const { dispatcher, chat, userId, write } = options;
  const rl = createInterface({ input: options.input, terminal: false });
  let sequence = 0;
  let pendingConfirm: ((answer: string) => void) | undefined;
  const show = (text: string) => write(renderMessage({ text }).lines.join('\n'));

  async function handle(line: string): Promise<void> {
    const input = line.trim();
    if (input === '') return;
    if (input === 'exit' || input === 'quit') return void rl.close();
    if (/^\d+$/.test(input)) {
      const button = chat.buttons[Number(input) - 1];
      if (!button) return show(`There is no button [${input}].`);
      if (button.confirm) {
        write(`${button.confirm} Type "yes" to ${button.label.toLowerCase()}:`);
        const answer = await new Promise<string>((resolve) => (pendingConfirm = resolve));
        if (answer.toLowerCase() !== 'yes') return show('Cancelled.');
      }
      const reply = await dispatcher.action({
        actionId: button.actionId,
        value: button.value,
        userId,
        channel: button.channel,
        requestId: `${button.actionId}-${button.messageTs}`,
        responseUrl: `terminal:${sequence}`,
        message: { channel: button.channel, ts: button.messageTs },
      });
      return show(reply.text);
    }
    const match = /^\/(\S+)\s*(.*)$/.exec(input);
    if (!match) return show('Type a slash command such as `/kanaria help`, a button number, or `exit`.');
    const reply = await dispatcher.command({
      command: match[1] ?? '',
      text: match[2] ?? '',
      userId,
      channel: CHANNEL,
      requestId: `terminal-${process.pid}-${Date.now()}-${++sequence}`,
      responseUrl: `terminal:${sequence}`,
    });
    show(reply.text);
  }

  // Lines are handled one at a time, in order, as a chat would.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    // An answer to a confirmation goes to the press that waits for it, not behind it in the queue.
    if (pendingConfirm) {
      const resolve = pendingConfirm;
      pendingConfirm = undefined;
      return resolve(line.trim());
    }
    queue = queue.then(() => handle(line)).catch((error: unknown) => write(`error: ${String(error)}`));
  });
  const closed = new Promise<void>((resolve) => rl.once('close', () => void queue.then(resolve)));
  return { closed, rl };
}
