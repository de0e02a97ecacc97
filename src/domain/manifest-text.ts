import { isScalar, parseDocument } from 'yaml';
import type { Node, Scalar, YAMLMap } from 'yaml';
import { refuse, type FieldRef } from './manifest-errors.js';
import { lineOf, type MapPair, type Source } from './manifest-yaml.js';

/**
 * Text surgery on the original file. We never re-serialise a document (that would reflow
 * comments, quotes and indentation); we splice new scalars into the node ranges instead.
 */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

export type Value = string | number;

/** What an editor wants to change: human-readable values and the text edits that make the change. */
export interface Plan {
  readonly before: string;
  readonly after: string;
  readonly edits: readonly TextEdit[];
}

/** Applies non-overlapping edits; insertions at the same offset land in the order they were planned. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits
    .map((edit, index) => ({ ...edit, index }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index);
  let out = text;
  let limit = text.length;
  for (const edit of ordered) {
    if (edit.end > limit) throw new Error(`manifest edits overlap at offset ${edit.start}`);
    out = out.slice(0, edit.start) + edit.insert + out.slice(edit.end);
    limit = edit.start;
  }
  // Inserted lines end in a line break; a file that had no final newline must not gain one.
  return text.endsWith('\n') ? out : out.replace(/\r?\n$/, '');
}

/** A plain scalar only if it reads back as the same string (`1.20`, `true`, `1e3` would not). */
function plainReadsBack(value: string, flow: boolean): boolean {
  if (!/^[\w./:@+-]+$/.test(value)) return false;
  const doc = parseDocument(flow ? `{k: ${value}}` : `k: ${value}`);
  return doc.errors.length === 0 && doc.get('k') === value;
}

const doubleQuoted = (value: string): string => JSON.stringify(value);

/** Renders `value` in the style of the scalar it replaces (numbers are always plain: they are counts). */
export function render(value: Value, style: Scalar['type'], flow: boolean): string {
  if (typeof value === 'number') return String(value);
  if (style === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`;
  if (style === 'QUOTE_DOUBLE') return doubleQuoted(value);
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') return doubleQuoted(value);
  return plainReadsBack(value, flow) ? value : doubleQuoted(value);
}

/** Refuses to edit text that other parts of the file refer to through an anchor. */
export function assertEditable(src: Source, node: Node, what: FieldRef): void {
  const start = node.range?.[0] ?? 0;
  const anchor = node.anchor ?? src.aliased.find((range) => start >= range.start && start < range.end)?.anchor;
  if (anchor !== undefined) {
    throw refuse('text.anchored', { ...what, file: src.fileName, line: lineOf(src.text, start), anchor });
  }
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;

/** Offset just past the line break ending the line that holds `offset` (or the end of the text). */
function afterLine(text: string, end: number): number {
  if (text[end - 1] === '\n') return end; // block scalars already include their line break
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline + 1;
}

const valueEnd = (pair: MapPair): number => pair.value?.range?.[1] ?? pair.key.range?.[1] ?? 0;
const keyStart = (pair: MapPair): number => pair.key.range?.[0] ?? 0;

export function replaceScalar(src: Source, node: Node | null, value: Value, flow: boolean, what: FieldRef): TextEdit {
  if (!isScalar(node) || !node.range)
    throw refuse('text.notSingleValue', { ...what, file: src.fileName, line: lineOf(src.text, node?.range?.[0] ?? 0) });
  assertEditable(src, node, what);
  const [start, end] = node.range;
  const original = src.text.slice(start, end);
  // `key:` with nothing after it: the empty scalar sits right after the colon.
  if (start === end) return { start, end, insert: ` ${render(value, 'PLAIN', flow)}` };
  // Block scalars own their trailing line breaks; keep them so the next key stays on its line.
  const trailing =
    node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED'
      ? (/(?:\r?\n[ \t]*)*$/.exec(original)?.[0] ?? '')
      : '';
  return { start, end, insert: render(value, node.type, flow) + trailing };
}

/** Sets `key` in `map` to `value`: replaces the existing scalar, or inserts the key after `after` (or first). */
export function setKey(
  src: Source,
  map: YAMLMap,
  key: string,
  value: Value,
  what: FieldRef,
  after?: MapPair,
): TextEdit {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key) as MapPair | undefined;
  if (pair !== undefined) return replaceScalar(src, pair.value, value, map.flow === true, what);
  assertEditable(src, map, what);
  return after !== undefined ? insertAfter(src, map, after, key, value) : insertFirst(src, map, key, value);
}

function insertFirst(src: Source, map: YAMLMap, key: string, value: Value): TextEdit {
  const { text, eol } = src;
  const entry = `${key}: ${render(value, 'PLAIN', map.flow === true)}`;
  const first = map.items[0] as MapPair | undefined;
  if (map.flow === true) {
    if (first === undefined) {
      const open = map.range?.[0] ?? 0;
      return { start: open + 1, end: open + 1, insert: ` ${entry} ` };
    }
    return { start: keyStart(first), end: keyStart(first), insert: `${entry}, ` };
  }
  if (first === undefined) throw new Error('empty block mapping');
  const start = keyStart(first);
  let at = lineStart(text, start);
  const indent = text.slice(at, start);
  // On a `- key:` line the new key goes in front of the first key, pushing that one to the next line.
  if (indent.trim() !== '') return { start, end: start, insert: `${entry}${eol}${' '.repeat(indent.length)}` };
  // Comment lines right above the first key describe that key: insert above them,
  // unless they run up to the top of the file (a file header stays on top).
  const keyLine = at;
  while (at > 0) {
    const previous = lineStart(text, at - 1);
    const line = text.slice(previous, at).replace(/\r?\n$/, '');
    if (!line.startsWith(`${indent}#`)) break;
    at = previous;
  }
  if (at === 0) at = keyLine;
  return { start: at, end: at, insert: `${indent}${entry}${eol}` };
}

function insertAfter(src: Source, map: YAMLMap, after: MapPair, key: string, value: Value): TextEdit {
  const { text, eol } = src;
  const entry = `${key}: ${render(value, 'PLAIN', map.flow === true)}`;
  const end = valueEnd(after);
  if (map.flow === true) return { start: end, end, insert: `, ${entry}` };
  const indent = ' '.repeat(keyStart(after) - lineStart(text, keyStart(after)));
  const at = afterLine(text, end);
  if (at === text.length && !text.endsWith('\n')) return { start: at, end: at, insert: `${eol}${indent}${entry}` };
  return { start: at, end: at, insert: `${indent}${entry}${eol}` };
}

/** Deletes a pair: its whole line in block style, the entry and one comma in flow style. */
export function removeKey(src: Source, map: YAMLMap, key: string, what: FieldRef): TextEdit | undefined {
  const index = map.items.findIndex((item) => isScalar(item.key) && item.key.value === key);
  const pair = map.items[index] as MapPair | undefined;
  if (pair === undefined) return undefined;
  if (pair.value !== null) assertEditable(src, pair.value, what);
  const next = map.items[index + 1] as MapPair | undefined;
  const previous = map.items[index - 1] as MapPair | undefined;
  const start = keyStart(pair);
  if (map.flow === true) {
    if (next !== undefined) return { start, end: keyStart(next), insert: '' };
    return { start: previous !== undefined ? valueEnd(previous) : start, end: valueEnd(pair), insert: '' };
  }
  const { text } = src;
  const from = lineStart(text, start);
  if (text.slice(from, start).trim() === '') {
    return { start: from, end: afterLine(text, valueEnd(pair)), insert: '' };
  }
  if (next !== undefined) return { start, end: keyStart(next), insert: '' };
  throw refuse('text.cannotRemove', { ...what, file: src.fileName, line: lineOf(text, start) });
}
