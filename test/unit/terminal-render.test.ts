import { describe, expect, it } from 'vitest';
import { plain } from '../../src/terminal/render.js';

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
