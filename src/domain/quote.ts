/** Characters of what someone typed that a reply shows back: enough to recognise it, never a wall of text. */
export const ECHO_LIMIT = 100;

/** `text` within `max` characters, ending in "…" when cut; a cut never splits a surrogate pair (an emoji). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Slack escapes: &, < and > are control characters in mrkdwn (`<!channel>`, `<@U…>`, links). */
export const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * What someone typed, shown back as inline code: clipped, escaped so that it cannot mention or link anyone,
 * with backticks (they would end the code span) and line breaks (they would split it) made harmless.
 */
export const quote = (typed: string): string =>
  `\`${escape(clip(typed, ECHO_LIMIT))
    .replace(/`/g, 'ˋ')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')}\``;
