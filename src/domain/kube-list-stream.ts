/**
 * A Kubernetes list (`{"kind":"PodList","metadata":{…},"items":[…]}`) read as its bytes arrive, chunk by chunk,
 * without parsing the whole page: a byte scanner finds where each item begins and ends, and only items that may
 * matter are handed to `JSON.parse`. An item whose bytes do not contain `mark` (found by Buffer's native search)
 * and that has no `\u` or `\/` escape (which could spell it otherwise) is skipped unparsed: for the GPU report
 * (mark `nvidia.com/`) that is every CPU node and CPU pod, most of a cluster's bytes.
 *
 * Skipped items are checked for structure (strings, matching brackets, no stray characters), not token by token;
 * parsed items, the list's metadata and the frame around them get JSON's full rules.
 */

/** Why the bytes are not a list, and where (a byte offset from the start of the answer). */
export class MalformedList extends Error {
  override readonly name = 'MalformedList';
  constructor(
    readonly problem: 'unexpected' | 'cut-off' | 'not-a-list' | 'too-deep' | 'bad-item',
    readonly offset: number,
    /** The character found, when one was unexpected. */
    readonly found?: string,
  ) {
    super(`${problem} at byte ${offset}${found === undefined ? '' : ` (${JSON.stringify(found)})`}`);
  }
}

export interface KubeListStreamOptions {
  /** Called with each item parsed, in order. */
  readonly item: (value: unknown) => void;
  /** Items whose bytes do not hold this text are skipped unparsed. Printable ASCII without `"` or `\`; none: parse all. */
  readonly mark?: string;
  /** Called with the list's metadata as soon as it is read: the API server writes it before the items. */
  readonly metadata?: (value: unknown) => void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_DEPTH = 512;

/** Bytes that may stand outside strings inside a value besides brackets: white space, `,`, `:`, scalars. */
const SKIP = 1;
const CLASS = new Uint8Array(256);
for (const c of ' \t\r\n,:-+.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')
  CLASS[c.charCodeAt(0)] = SKIP;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** A byte of a number, `true`, `false` or `null`. */
const isScalar = (c: number): boolean => CLASS[c] === SKIP && !isSpace(c) && c !== 0x2c && c !== 0x3a;

/** Where the frame around the items stands. */
type Frame =
  | 'start' // before the list's `{`
  | 'key' // expecting a key (or `}` when `first`)
  | 'colon'
  | 'value' // expecting a member's value
  | 'after-value' // expecting `,` or `}`
  | 'items' // inside `"items":[`, expecting an item (or `]` when `first`)
  | 'after-item' // expecting `,` or `]`
  | 'end'; // after the list's `}`: only white space

/** What the value being skipped is, when the frame hands a value to the scanner. */
type Value = 'item' | 'metadata' | 'other';

export class KubeListStream {
  private frame: Frame = 'start';
  private first = true;
  private key = '';
  private readingKey = false;
  private keyEscaped = false;
  private keyPieces: Buffer[] = [];
  /** Bytes before the current chunk, for offsets in errors. */
  private offset = 0;

  // The value being scanned (an item, the metadata, any other member's value).
  private value: Value | undefined;
  private valueStart = 0;
  private pieces: Buffer[] = [];
  private depth = 0;
  private readonly stack = new Uint8Array(MAX_DEPTH);
  private inString = false;
  private escaped = false;
  /** A scalar member value (number, true, false, null) being read at the frame's level. */
  private inScalar = false;
  private scalar = '';
  private scalarStart = 0;
  /** Whether the value has the mark (or an escape that could spell it) in the bytes scanned so far. */
  private marked = false;

  private readonly mark: Buffer;
  /** Where the mark starts in the current chunk (a mark across the chunk's start counts at 0), ascending. */
  private marks: number[] = [];
  private nextMark = 0;
  /** The previous chunk's last bytes, to find a mark cut by the chunk boundary. */
  private tail: Buffer = Buffer.alloc(0);
  private items = 0;
  private parsed = 0;

  constructor(private readonly options: KubeListStreamOptions) {
    this.mark = Buffer.from(options.mark ?? '');
  }

  /** Reads the next bytes of the answer; throws MalformedList as soon as they cannot be a list. */
  push(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    this.findMarks(chunk);
    if (this.readingKey) i = this.readKey(chunk, 0);
    while (i < n) {
      if (this.value !== undefined) {
        i = this.scan(chunk, i);
        continue;
      }
      if (this.inScalar) {
        const from = i;
        while (i < n && isScalar(chunk[i]!)) i++;
        this.scalar += String.fromCharCode(...chunk.subarray(from, i));
        if (i < n) this.endScalar();
        continue;
      }
      const c = chunk[i]!;
      if (isSpace(c)) {
        i++;
        continue;
      }
      i = this.step(chunk, i, c);
    }
    if (this.value !== undefined) {
      this.pieces.push(chunk.subarray(this.valueStart));
      if (this.markIn(this.valueStart, n)) this.marked = true;
    }
    this.valueStart = 0;
    this.offset += n;
  }

  /** Every place the mark starts in `chunk`, and 0 when it straddles the boundary with the previous chunk. */
  private findMarks(chunk: Buffer): void {
    const mark = this.mark;
    this.marks = [];
    this.nextMark = 0;
    if (mark.length === 0) return;
    const across = Buffer.concat([this.tail, chunk.subarray(0, mark.length - 1)]);
    if (across.indexOf(mark) !== -1) this.marks.push(0);
    for (let at = chunk.indexOf(mark); at !== -1; at = chunk.indexOf(mark, at + 1)) this.marks.push(at);
    // The last bytes seen, however small the chunks: a mark may straddle several.
    const seen = chunk.length >= mark.length - 1 ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(seen.subarray(Math.max(0, seen.length - (mark.length - 1))));
  }

  /** Whether the mark starts in [from, to) of the current chunk (positions before `from` are passed for good). */
  private markIn(from: number, to: number): boolean {
    const marks = this.marks;
    while (this.nextMark < marks.length && marks[this.nextMark]! < from) this.nextMark++;
    return this.nextMark < marks.length && marks[this.nextMark]! < to;
  }

  /** The answer is complete: throws MalformedList when it stopped before the list did. */
  end(): { readonly items: number; readonly parsed: number } {
    if (this.inScalar) this.endScalar();
    if (this.frame !== 'end') throw new MalformedList('cut-off', this.offset);
    return { items: this.items, parsed: this.parsed };
  }

  /** One byte of the frame (not white space); returns where to go on. */
  private step(chunk: Buffer, i: number, c: number): number {
    switch (this.frame) {
      case 'start':
        if (c !== 0x7b) throw new MalformedList('not-a-list', this.offset + i, String.fromCharCode(c));
        this.frame = 'key';
        this.first = true;
        return i + 1;
      case 'key':
        if (c === 0x7d && this.first) return this.close(i);
        if (c !== QUOTE) throw this.stray(i, c);
        this.readingKey = true;
        this.keyPieces = [];
        return this.readKey(chunk, i + 1);
      case 'colon':
        if (c !== 0x3a) throw this.stray(i, c);
        this.frame = 'value';
        return i + 1;
      case 'value':
        if (this.key === 'items' && c === 0x5b) {
          this.frame = 'items';
          this.first = true;
          return i + 1;
        }
        if (this.key === 'items' && c !== 0x6e) throw new MalformedList('not-a-list', this.offset + i);
        if (c === QUOTE || c === 0x7b || c === 0x5b)
          return this.begin(this.key === 'metadata' ? 'metadata' : 'other', chunk, i);
        if (!isScalar(c)) throw this.stray(i, c);
        this.inScalar = true;
        this.scalar = '';
        this.scalarStart = this.offset + i;
        return i;
      case 'after-value':
        if (c === 0x2c) {
          this.frame = 'key';
          this.first = false;
          return i + 1;
        }
        if (c === 0x7d) return this.close(i);
        throw this.stray(i, c);
      case 'items':
        if (c === 0x5d && this.first) return this.closeItems(i);
        if (c !== 0x7b) throw new MalformedList('bad-item', this.offset + i, String.fromCharCode(c));
        this.items++;
        return this.begin('item', chunk, i);
      case 'after-item':
        if (c === 0x2c) {
          this.frame = 'items';
          this.first = false;
          return i + 1;
        }
        if (c === 0x5d) return this.closeItems(i);
        throw this.stray(i, c);
      case 'end':
        throw this.stray(i, c);
    }
  }

  /** A number, `true`, `false` or `null` as a member's value (`items` may only be null: an empty list). */
  private endScalar(): void {
    this.inScalar = false;
    let value: unknown;
    try {
      value = JSON.parse(this.scalar);
    } catch {
      throw new MalformedList('unexpected', this.scalarStart, this.scalar.slice(0, 20));
    }
    if (this.key === 'items' && value !== null) throw new MalformedList('not-a-list', this.scalarStart);
    this.frame = 'after-value';
  }

  private close(i: number): number {
    this.frame = 'end';
    return i + 1;
  }

  private closeItems(i: number): number {
    this.frame = 'after-value';
    return i + 1;
  }

  /** A top-level key, which may span chunks; returns the index after its closing quote (or the chunk's end). */
  private readKey(chunk: Buffer, from: number): number {
    let i = from;
    for (; i < chunk.length; i++) {
      if (this.keyEscaped) this.keyEscaped = false;
      else if (chunk[i] === BACKSLASH) this.keyEscaped = true;
      else if (chunk[i] === QUOTE) break;
    }
    this.keyPieces.push(chunk.subarray(from, i));
    if (i === chunk.length) return i;
    this.readingKey = false;
    try {
      this.key = JSON.parse(`"${Buffer.concat(this.keyPieces).toString('utf8')}"`) as string;
    } catch {
      throw new MalformedList('unexpected', this.offset + i);
    }
    this.frame = 'colon';
    return i + 1;
  }

  /** Starts scanning a value at `i` (its `"`, `{` or `[`). */
  private begin(value: Value, chunk: Buffer, i: number): number {
    this.value = value;
    this.valueStart = i;
    this.pieces = [];
    this.depth = 0;
    // Without a mark every item is parsed; the metadata always is.
    this.marked = this.mark.length === 0 || value !== 'item';
    return this.scan(chunk, i);
  }

  /**
   * The hot loop: skips through the value being scanned, keeping count of brackets, and notes escapes that could
   * spell the mark; at the value's end hands it on. Returns where it stopped (the chunk's end, or after the value).
   * Bytes above `\\` (letters, most of a string) cost one comparison.
   */
  private scan(b: Buffer, from: number): number {
    const n = b.length;
    const stack = this.stack;
    let i = from;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let marked = this.marked;
    let done = false;
    while (i < n) {
      if (inString) {
        if (escaped) {
          // `\u` and `\/` could spell the mark without its bytes: such an item is parsed to be sure.
          const e = b[i]!;
          if (e === 0x75 || e === 0x2f) marked = true;
          escaped = false;
          i++;
        }
        for (; i < n; i++) {
          const c = b[i]!;
          if (c > BACKSLASH) continue;
          if (c === QUOTE) break;
          if (c === BACKSLASH) {
            if (i + 1 === n) {
              escaped = true;
              i = n;
              break;
            }
            const e = b[++i]!;
            if (e === 0x75 || e === 0x2f) marked = true;
          }
        }
        if (i >= n) break;
        inString = false;
        i++;
        if (depth === 0) {
          done = true;
          break;
        }
        continue;
      }
      const c = b[i]!;
      if (c === QUOTE) inString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (depth === MAX_DEPTH) throw new MalformedList('too-deep', this.offset + i);
        stack[depth++] = c;
      } else if (c === 0x7d || c === 0x5d) {
        if (depth === 0 || stack[depth - 1] !== c - 2) throw this.stray(i, c);
        if (--depth === 0) {
          done = true;
          i++;
          break;
        }
      } else if (CLASS[c] !== SKIP) throw this.stray(i, c);
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.marked = marked;
    if (done) this.finish(b, i);
    return i;
  }

  private stray(i: number, c: number): MalformedList {
    return new MalformedList('unexpected', this.offset + i, String.fromCharCode(c));
  }

  /** The value ended just before `end` in `b`: parse it if it is wanted, and return to the frame. */
  private finish(b: Buffer, end: number): void {
    const value = this.value;
    const wanted = value === 'metadata' || (value === 'item' && (this.marked || this.markIn(this.valueStart, end)));
    if (wanted) {
      const earlier = this.pieces.reduce((sum, piece) => sum + piece.length, 0);
      const text =
        earlier === 0
          ? b.toString('utf8', this.valueStart, end)
          : Buffer.concat([...this.pieces, b.subarray(this.valueStart, end)]).toString('utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new MalformedList(value === 'item' ? 'bad-item' : 'unexpected', this.offset + this.valueStart - earlier);
      }
      if (value === 'item') {
        this.parsed++;
        this.options.item(parsed);
      } else this.options.metadata?.(parsed);
    }
    this.value = undefined;
    if (this.pieces.length > 0) this.pieces = [];
    this.frame = value === 'item' ? 'after-item' : 'after-value';
  }
}
