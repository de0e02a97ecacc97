import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TerminalScreen } from '../../src/terminal/screen.js';

/** A screen on a pipe (no terminal), and everything written to it. */
function pipeScreen(): { screen: TerminalScreen; written: () => string } {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { screen: new TerminalScreen(output, {}), written: () => text };
}

describe('TerminalScreen', () => {
  it('writes each text as its own line, plain on a pipe', () => {
    const { screen, written } = pipeScreen();
    screen.write('one');
    screen.write('two\nthree');
    expect(written()).toBe('one\ntwo\nthree\n');
    expect(screen.style).toBe('plain');
  });

  it('prints an acknowledgement before what a job wrote while it was being made', async () => {
    const { screen, written } = pipeScreen();
    await screen.acknowledged(async () => {
      screen.write('(only you) ❌ the job failed at once');
      await new Promise((resolve) => setImmediate(resolve));
      screen.write('and said more');
      return 'Queued: the command.';
    });
    screen.write('later');
    expect(written()).toBe('Queued: the command.\n(only you) ❌ the job failed at once\nand said more\nlater\n');
  });

  it('still prints what it held when the acknowledgement fails', async () => {
    const { screen, written } = pipeScreen();
    await expect(
      screen.acknowledged(async () => {
        screen.write('held');
        throw new Error('no ack');
      }),
    ).rejects.toThrow('no ack');
    screen.write('after');
    expect(written()).toBe('held\nafter\n');
  });
});
