import { clearScreenDown, cursorTo, moveCursor, type Interface } from 'node:readline';
import { markupStyleFor, type MarkupStyle } from './mrkdwn.js';

/** The output the terminal adapter writes to (process.stdout, or a pipe). */
export type ScreenOutput = NodeJS.WritableStream & { readonly isTTY?: boolean };

/**
 * Where the terminal adapter writes its lines: straight to the output or, while a person types at a prompt, above
 * it (the prompt and what was typed so far are drawn again below), so that a job's message never lands in the
 * middle of a half-typed command.
 */
export class TerminalScreen {
  /** Styles for the output: ANSI on a terminal unless NO_COLOR is set, else plain text. */
  readonly style: MarkupStyle;
  private prompt: Interface | undefined;
  private held: string[] | undefined;

  constructor(
    readonly output: ScreenOutput,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.style = markupStyleFor(output, env);
  }

  /** Writes `text` as its own line(s). */
  readonly write = (text: string): void => {
    if (this.held) this.held.push(text);
    else this.print(text);
  };

  /**
   * Runs `acknowledge` while holding back whatever else is written (a fast job may answer before its command is
   * acknowledged); prints the acknowledgement it returns, then what was held, in order.
   */
  async acknowledged(acknowledge: () => Promise<string>): Promise<void> {
    if (this.held) return this.print(await acknowledge()); // already holding: the outer call prints in order
    this.held = [];
    try {
      this.print(await acknowledge());
    } finally {
      const held = this.held;
      this.held = undefined;
      for (const text of held) this.print(text);
    }
  }

  /** From now on lines go above `rl`'s prompt (readline in terminal mode on this output), until it closes. */
  attach(rl: Interface): void {
    this.prompt = rl;
    rl.once('close', () => {
      if (this.prompt === rl) this.prompt = undefined;
    });
  }

  private print(text: string): void {
    const rl = this.prompt;
    if (!rl) {
      this.output.write(`${text}\n`);
      return;
    }
    // Up to the prompt's first row, clear it and what was typed (it may wrap), write the text there, then let
    // readline draw the prompt again. Readline first moves up as many rows as the cursor was below the prompt's
    // start: the blank lines after the text are where it lands.
    const { rows } = rl.getCursorPos();
    moveCursor(this.output, 0, -rows);
    cursorTo(this.output, 0);
    clearScreenDown(this.output);
    this.output.write(`${text}\n${'\n'.repeat(rows)}`);
    rl.prompt(true);
  }
}
