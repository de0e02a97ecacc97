import { describe, expect, it } from 'vitest';
import { clip, ECHO_LIMIT, escape, quote } from '../../src/domain/quote.js';

describe('clip', () => {
  it.each<[string, string, number, string]>([
    ['short text unchanged', 'web', 5, 'web'],
    ['exactly the limit unchanged', 'abcde', 5, 'abcde'],
    ['longer text cut with an ellipsis, within the limit', 'abcdefgh', 5, 'abcd…'],
    ['an emoji at the cut is dropped whole, not halved', 'abc😀def', 5, 'abc…'],
  ])('%s', (_, text, max, expected) => {
    expect(clip(text, max)).toBe(expected);
    expect(clip(text, max).length).toBeLessThanOrEqual(max);
  });
});

describe('escape', () => {
  it('escapes the three characters Slack reads as control characters, & first', () => {
    expect(escape('<!channel> & <@U0ANA> &lt;')).toBe('&lt;!channel&gt; &amp; &lt;@U0ANA&gt; &amp;lt;');
  });
});

describe('quote', () => {
  it.each<[string, string, string]>([
    ['a plain word as inline code', 'wep', '`wep`'],
    ['a broadcast mention shown, not sent', '<!channel>', '`&lt;!channel&gt;`'],
    ['a user mention shown, not sent', '<@U0ANA>', '`&lt;@U0ANA&gt;`'],
    ['a link shown, not made', '<https://evil.example|click>', '`&lt;https://evil.example|click&gt;`'],
    ['backticks cannot end the code span', 'a`b``c', '`aˋbˋˋc`'],
    ['line breaks and tabs cannot split it', 'a\nb\r\n\tc', '`a b c`'],
  ])('%s', (_, typed, expected) => {
    expect(quote(typed)).toBe(expected);
  });

  it(`shows at most ${ECHO_LIMIT} characters of a long input, then "…"`, () => {
    const quoted = quote('x'.repeat(1_000_000));
    expect(quoted).toBe(`\`${'x'.repeat(ECHO_LIMIT - 1)}…\``);
  });

  it('clips before escaping, so an entity is never cut in half', () => {
    const quoted = quote(`${'x'.repeat(ECHO_LIMIT - 2)}<<<<`);
    expect(quoted).toBe(`\`${'x'.repeat(ECHO_LIMIT - 2)}&lt;…\``);
  });
});
