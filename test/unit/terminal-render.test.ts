import { describe, expect, it } from 'vitest';
import { markupStyleFor, toTerminal } from '../../src/terminal/mrkdwn.js';
import { plain, renderMessage } from '../../src/terminal/render.js';

const BOLD = (s: string) => `\x1b[1m${s}\x1b[22m`;
const ITALIC = (s: string) => `\x1b[3m${s}\x1b[23m`;
const STRIKE = (s: string) => `\x1b[9m${s}\x1b[29m`;
const CODE = (s: string) => `\x1b[36m${s}\x1b[39m`;
const LINK = (s: string) => `\x1b[4m${s}\x1b[24m`;

describe('plain (Slack mrkdwn as the terminal shows it)', () => {
  it.each<[string, string, string]>([
    ['emoji by name', ':white_check_mark: pushed', '✅ pushed'],
    ['an unknown emoji name as typed', ':tada: done', ':tada: done'],
    [
      "a name that is also Object.prototype's, as typed",
      'There is no app `:constructor:` or `:__proto__:`',
      'There is no app `:constructor:` or `:__proto__:`',
    ],
    ['a mention by its id', 'asked by <@U0ANA>', 'asked by @U0ANA'],
    ['escaped text as it was typed', '`&lt;!channel&gt; &amp;`', '`<!channel> &`'],
  ])('%s', (_, text, shown) => {
    expect(plain(text)).toBe(shown);
  });
});

describe('toTerminal', () => {
  it.each<[string, string, string, string]>([
    [
      'bold',
      '*example-app* · no Argo CD Application',
      'example-app · no Argo CD Application',
      `${BOLD('example-app')} · no Argo CD Application`,
    ],
    ['italic', 'it is _paused_ now', 'it is paused now', `it is ${ITALIC('paused')} now`],
    ['strike-through', '~old~ new', 'old new', `${STRIKE('old')} new`],
    [
      'inline code',
      'Pushed `d56c618` to `main`',
      'Pushed `d56c618` to `main`',
      `Pushed ${CODE('d56c618')} to ${CODE('main')}`,
    ],
    [
      'bold around code',
      '*Argo CD `argocd/web` ← `3f1c2a9`*: in progress',
      'Argo CD `argocd/web` ← `3f1c2a9`: in progress',
      `${BOLD(`Argo CD ${CODE('argocd/web')} ← ${CODE('3f1c2a9')}`)}: in progress`,
    ],
    [
      'markers inside code stay',
      '`*not bold*` and `_x_`',
      '`*not bold*` and `_x_`',
      `${CODE('*not bold*')} and ${CODE('_x_')}`,
    ],
    ['underscores inside words', 'U_LOCAL and KANARIA_USER', 'U_LOCAL and KANARIA_USER', 'U_LOCAL and KANARIA_USER'],
    ['stars with spaces', '2 * 3 * 4', '2 * 3 * 4', '2 * 3 * 4'],
    ['a lone star', 'policies: ["*"]', 'policies: ["*"]', 'policies: ["*"]'],
    ['emphasis does not cross lines', '*a\nb*', '*a\nb*', '*a\nb*'],
    [
      'a link with its label',
      'see <https://example.com/a_b_c|the docs>',
      'see the docs (https://example.com/a_b_c)',
      `see ${LINK('the docs')} (https://example.com/a_b_c)`,
    ],
    ['a bare link', '<https://example.com>', 'https://example.com', 'https://example.com'],
    ['a mention with a name', '<@U0ANA|ana>', '@ana', '@ana'],
    ['a channel', '<#C0DEPLOYS|deploys> and <#C0GPU>', '#deploys and #C0GPU', '#deploys and #C0GPU'],
    ['a special mention', '<!here>', '@here', '@here'],
    ['a user group', '<!subteam^S0PLATFORM|@platform> or <!subteam^S0X>', '@platform or @S0X', '@platform or @S0X'],
    ['a date by its fallback', '<!date^1700000000^{date_short}|Nov 14>', 'Nov 14', 'Nov 14'],
    ['emoji Kanaria uses', ':hourglass_flowing_sand: :white_small_square: :rotating_light:', '⏳ ▫️ 🚨', '⏳ ▫️ 🚨'],
    ['escaped text', 'a &lt;b&gt; &amp; c', 'a <b> & c', 'a <b> & c'],
    ['a placeholder typed in is not filled', '`b` \uE0000\uE001', '`b` 0', `${CODE('b')} 0`],
  ])('%s', (_, text, plainText, ansi) => {
    expect(toTerminal(text, 'plain')).toBe(plainText);
    expect(toTerminal(text, 'ansi')).toBe(ansi);
  });

  it('shows a code block indented, without fences or styles inside', () => {
    const text = 'Dry run:\n```\n--- a/x.yaml\n+++ b/x.yaml\n-  image: *old*\n```\nnothing committed';
    const shown = 'Dry run:\n    --- a/x.yaml\n    +++ b/x.yaml\n    -  image: *old*\nnothing committed';
    expect(toTerminal(text, 'plain')).toBe(shown);
    expect(toTerminal(text, 'ansi')).toBe(shown);
  });
});

describe('markupStyleFor', () => {
  it.each<[string, boolean | undefined, Record<string, string>, 'ansi' | 'plain']>([
    ['a terminal', true, {}, 'ansi'],
    ['a terminal with NO_COLOR', true, { NO_COLOR: '1' }, 'plain'],
    ['a terminal with an empty NO_COLOR', true, { NO_COLOR: '' }, 'ansi'],
    ['a pipe', undefined, {}, 'plain'],
    ['a file', false, {}, 'plain'],
  ])('%s', (_, isTTY, env, style) => {
    expect(markupStyleFor(isTTY === undefined ? {} : { isTTY }, env)).toBe(style);
  });
});

describe('renderMessage', () => {
  it('styles the blocks and their context for a terminal, and numbers nothing itself', () => {
    const { lines, buttons } = renderMessage(
      {
        text: 'fallback',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: '*web* is `Healthy`' } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: '_asked by_ <@U0ANA>' }] },
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Roll back' }, value: 'v' },
            ],
          },
        ],
      },
      'ansi',
    );
    expect(lines).toEqual([`${BOLD('web')} is ${CODE('Healthy')}`, `  ${ITALIC('asked by')} @U0ANA`]);
    expect(buttons).toEqual([{ actionId: 'go', label: 'Roll back', value: 'v' }]);
  });

  it('shows the text when there are no blocks, plain by default', () => {
    expect(renderMessage({ text: ':x: *No*\nsecond line' }).lines).toEqual(['❌ No', 'second line']);
  });
});
