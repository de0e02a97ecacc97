import { describe, expect, it } from 'vitest';
import { wordsFor, type Locale } from '../../src/i18n/index.js';
import { TerminalChat } from '../../src/terminal/terminal-chat.js';

const card = {
  text: 'Canary paused',
  blocks: [
    { type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Canary paused\nat 20%' } },
    {
      type: 'actions' as const,
      elements: [
        {
          type: 'button' as const,
          action_id: 'canary_promote',
          value: 'web',
          text: { type: 'plain_text' as const, text: 'Promote' },
        },
      ],
    },
  ],
};

/** What the terminal shows for a card with a button, a private reply of two lines and an upload. */
async function shown(locale: Locale): Promise<string[]> {
  const lines: string[] = [];
  const chat = new TerminalChat((text) => lines.push(...text.split('\n')), 'plain', wordsFor(locale));
  await chat.post('terminal', card);
  await chat.whisper({ channel: 'terminal', user: 'U_LOCAL' }, { text: 'first\nsecond' });
  await chat.upload('terminal', { filename: 'gpu.png', title: 'GPUs', data: Buffer.alloc(3) });
  return lines;
}

describe("the terminal chat's own words", () => {
  it('in English', async () => {
    expect(await shown('en')).toEqual([
      'Canary paused',
      'at 20%',
      '[1] Promote   (type the number to press)',
      '(only you) first',
      '           second',
      '   📎 GPUs (3 bytes, PNG)',
    ]);
  });

  it('in Japanese, the lines under a private reply indented by the columns its label takes', async () => {
    expect(await shown('ja')).toEqual([
      'Canary paused',
      'at 20%',
      '[1] Promote   (番号を入力すると押せます)',
      '(あなただけに表示) first',
      `${' '.repeat(19)}second`,
      '   📎 GPUs (3 バイト、PNG)',
    ]);
  });
});
