/**
 * Slack mrkdwn as a terminal shows it. `ansi`: bold, italic, strike-through and code as the terminal draws them
 * (for a TTY without NO_COLOR); `plain`: the text without its markers, for pipes, logs and NO_COLOR. Inline code
 * keeps its backticks in plain text, where they are all that marks an identifier (`d56c618`, `main`).
 */
export type MarkupStyle = 'ansi' | 'plain';

/** Whether a stream gets ANSI styles: a terminal, unless NO_COLOR is set (https://no-color.org). */
export function markupStyleFor(output: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): MarkupStyle {
  return output.isTTY === true && !env['NO_COLOR'] ? 'ansi' : 'plain';
}

// A Map: text someone typed, such as `:constructor:`, must not find Object.prototype's members.
// The shortcodes Kanaria writes (grep src, commands and jobs for `:[a-z_]+:`), as the emoji they stand for.
const EMOJI = new Map(
  Object.entries({
    white_check_mark: '✅',
    x: '❌',
    warning: '⚠️',
    hourglass_flowing_sand: '⏳',
    hourglass: '⌛',
    ballot_box_with_check: '☑️',
    white_small_square: '▫️',
    rotating_light: '🚨',
    robot_face: '🤖',
    grey_question: '❔',
    fast_forward: '⏩',
    double_vertical_bar: '⏸️',
    large_green_circle: '🟢',
    large_blue_circle: '🔵',
    red_circle: '🔴',
    white_circle: '⚪',
    black_circle: '⚫',
  }),
);

/** SGR sequences that each end only their own attribute, so that code inside bold stays bold. */
const SGR = {
  bold: ['\x1b[1m', '\x1b[22m'],
  italic: ['\x1b[3m', '\x1b[23m'],
  strike: ['\x1b[9m', '\x1b[29m'],
  code: ['\x1b[36m', '\x1b[39m'],
  link: ['\x1b[4m', '\x1b[24m'],
} as const;

const unescape = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** `<…>`: links, mentions, channels, special mentions and dates, by their readable part. */
function angle(inner: string, style: MarkupStyle): string {
  const [target = '', label] = inner.split(/\|(.*)/s);
  if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!subteam^')) return label ?? `@${target.slice('!subteam^'.length)}`;
  if (target.startsWith('!date^')) return label ?? target;
  if (target.startsWith('!')) return `@${target.slice(1)}`;
  if (label === undefined) return target;
  return `${style === 'ansi' ? `${SGR.link[0]}${label}${SGR.link[1]}` : label} (${target})`;
}

// Emphasis as Slack reads it: the marker after a start, space or punctuation, around text that neither starts
// nor ends with a space, and not followed by a letter or digit (`U_LOCAL`, `2 * 3 * 4` stay as they are).
const emphasis = (marker: '*' | '_' | '~'): RegExp => {
  const m = marker === '*' ? '\\*' : marker; // outside a class only `*` needs escaping (and `\_` is an error with /u)
  return new RegExp(
    `(^|[^\\p{L}\\p{N}${marker}])${m}(?=[^\\s${marker}])([^${marker}\\n]*?[^\\s${marker}])${m}(?![\\p{L}\\p{N}${marker}])`,
    'gu',
  );
};
const EMPHASIS = [
  [emphasis('*'), 'bold'],
  [emphasis('_'), 'italic'],
  [emphasis('~'), 'strike'],
] as const;

// Code and `<…>` are set aside as placeholders (private-use characters, removed from the input first) so that
// nothing inside them is read as emphasis or emoji, while emphasis may still span them (`*deploy `web`*`).
const HOLE = /\uE000(\d+)\uE001/g;

/** Slack mrkdwn (`*bold*`, `_italic_`, `~strike~`, `` `code` ``, ```` ``` ```` blocks, `<url|label>`, `<@U1>`, `:emoji:`) for a terminal. */
export function toTerminal(text: string, style: MarkupStyle): string {
  const held: string[] = [];
  const hold = (rendered: string): string => `\uE000${held.push(rendered) - 1}\uE001`;
  const code = (content: string): string =>
    style === 'ansi' ? `${SGR.code[0]}${unescape(content)}${SGR.code[1]}` : `\`${unescape(content)}\``;
  let prose = text
    .replace(/[\uE000\uE001]/g, '')
    // A block's lines are indented as Markdown does, without the fences.
    .replace(/```\n?([\s\S]*?)\n?```/g, (_, content: string) =>
      hold(
        unescape(content)
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n'),
      ),
    )
    .replace(/`([^`\n]+)`/g, (_, content: string) => hold(code(content)))
    .replace(/<([^<>\n]+)>/g, (_, inner: string) => hold(angle(inner, style)))
    .replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI.get(name) ?? whole);
  for (const [pattern, kind] of EMPHASIS) {
    prose = prose.replace(pattern, (_, before: string, content: string) =>
      style === 'ansi' ? `${before}${SGR[kind][0]}${content}${SGR[kind][1]}` : `${before}${content}`,
    );
  }
  return unescape(prose).replace(HOLE, (_, index: string) => held[Number(index)] ?? '');
}
