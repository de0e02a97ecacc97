import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GPU_MARK } from '../../src/adapters/gpu-inventory.js';
import { summarizeNode, summarizePod } from '../../src/domain/gpu.js';
import { KubeListStream, MalformedList } from '../../src/domain/kube-list-stream.js';

/** Reads `text` pushed in the given pieces; what was handed on, in order, and the counts. */
function read(pieces: readonly Buffer[], mark?: string) {
  const items: unknown[] = [];
  const metadata: unknown[] = [];
  const stream = new KubeListStream({
    ...(mark !== undefined && { mark }),
    item: (item) => items.push(item),
    metadata: (value) => metadata.push(value),
  });
  for (const piece of pieces) stream.push(piece);
  return { items, metadata, counts: stream.end() };
}

/** The bytes of `text` cut at each of `at`. */
const cut = (text: string, ...at: number[]): Buffer[] => {
  const bytes = Buffer.from(text);
  return [0, ...at, bytes.length].slice(1).map((end, k, ends) => bytes.subarray(k === 0 ? 0 : ends[k - 1], end));
};
const chunks = (text: string, size: number): Buffer[] => {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
};

/** The error reading `text` in `pieces` ends with (on a push or at the end), or undefined. */
function failure(pieces: readonly Buffer[], mark?: string): MalformedList | undefined {
  try {
    read(pieces, mark);
    return undefined;
  } catch (error) {
    if (error instanceof MalformedList) return error;
    throw error;
  }
}

// A PodList as the API server writes it (metadata first), with what makes scanning hard: escapes, a key
// holding brackets and quotes in a string, non-ASCII text (3-byte UTF-8), nested arrays, numbers and literals.
const cpuPod = {
  metadata: {
    name: 'web-0',
    namespace: 'チーム',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"a":["]}\\"",{}]}\n' },
  },
  spec: { containers: [{ name: 'web', args: ['--x=[1]', '{'], resources: { requests: { cpu: '1' } } }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], restartCount: 0, ready: true },
  extra: [null, false, -1.5e3, [[], {}]],
};
const gpuPod = {
  metadata: { name: 'train-0', namespace: 'ml' },
  spec: { containers: [{ name: 'main', resources: { limits: { 'nvidia.com/gpu': '2' } } }] },
  status: { phase: 'Running' },
};
// The mark spelled with escapes JSON allows: the scanner cannot see it in the bytes, so it must parse these.
const slashEscaped =
  '{"metadata":{"name":"slash"},"spec":{"containers":[{"resources":{"limits":{"nvidia.com\\/gpu":"1"}}}]}}';
const unicodeEscaped =
  '{"metadata":{"name":"dot"},"spec":{"containers":[{"resources":{"limits":{"nvidia\\u002ecom/gpu":"1"}}}]}}';
const LIST =
  `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"42","continue":"eyJydiI6NDJ9"},"items":[` +
  [JSON.stringify(cpuPod), JSON.stringify(gpuPod), slashEscaped, unicodeEscaped].join(',') +
  ']}';
const ALL = (JSON.parse(LIST) as { items: unknown[] }).items;
const METADATA = { resourceVersion: '42', continue: 'eyJydiI6NDJ9' };

describe('KubeListStream: a list page read as its bytes arrive', () => {
  it('hands on every item and the metadata, cut at any byte, as JSON.parse of the whole page does', () => {
    const length = Buffer.byteLength(LIST);
    for (let at = 0; at <= length; at++) {
      const result = read(cut(LIST, at));
      expect(result.items, `cut at byte ${at}`).toEqual(ALL);
      expect(result.metadata).toEqual([METADATA]);
      expect(result.counts).toEqual({ items: 4, parsed: 4 });
    }
    expect(read(chunks(LIST, 1)).items).toEqual(ALL);
  });

  it('with a mark, parses only the items that hold it, or escapes that could spell it, cut at any byte', () => {
    const length = Buffer.byteLength(LIST);
    for (let at = 0; at <= length; at++) {
      const result = read(cut(LIST, at), GPU_MARK);
      expect(result.items, `cut at byte ${at}`).toEqual(ALL.slice(1));
      expect(result.counts).toEqual({ items: 4, parsed: 3 });
    }
    for (const size of [1, 2, 3, 5, 11, 64]) expect(read(chunks(LIST, size), GPU_MARK).items).toEqual(ALL.slice(1));
  });

  it('gives the same GPU summaries as parsing whole `kubectl get -o json` files (the fixtures, indented)', () => {
    for (const [file, summarize] of [
      ['nodes.json', (o: unknown) => summarizeNode(o, 'cloud.google.com/gke-nodepool')],
      ['pods.json', summarizePod],
    ] as const) {
      const text = readFileSync(new URL(`../fixtures/gpu/${file}`, import.meta.url), 'utf8');
      const whole = (JSON.parse(text) as { items: unknown[] }).items.flatMap((o) => summarize(o) ?? []);
      expect(whole.length).toBeGreaterThan(0);
      for (const size of [7, 4096, 65536]) {
        const streamed = read(chunks(text, size), GPU_MARK);
        expect(streamed.items.flatMap((o) => summarize(o) ?? [])).toEqual(whole);
      }
    }
  });

  it('reads the metadata (the continue token) before the items have arrived, so the next page can be asked for', () => {
    const seen: unknown[] = [];
    const stream = new KubeListStream({ item: () => undefined, metadata: (m) => seen.push(m) });
    stream.push(Buffer.from(LIST.slice(0, LIST.indexOf('"items"') + 12)));
    expect(seen).toEqual([METADATA]);
  });

  it.each([
    [
      'items before the metadata',
      `{"items":[${JSON.stringify(gpuPod)}],"metadata":{"continue":"c"},"kind":"PodList"}`,
      1,
    ],
    ['an empty page', '{"kind":"PodList","metadata":{},"items":[]}', 0],
    ['items: null (an empty list as Go may write it)', '{"kind":"PodList","items":null,"metadata":{}}', 0],
    ['white space between tokens', ' {\n "items" : [ \n' + JSON.stringify(gpuPod, null, 2) + ' ] , "n": 1.5 }\n', 1],
  ])('reads %s', (_, text, count) => {
    for (let at = 0; at <= Buffer.byteLength(text); at++)
      expect(read(cut(text, at), GPU_MARK).items).toHaveLength(count);
  });

  it.each<[string, string, MalformedList['problem'], number?]>([
    ['nothing at all (the connection closed before the answer)', '', 'cut-off'],
    ['a page cut off inside an item', '{"items":[{"a":1}', 'cut-off', 17],
    ['a page cut off inside a string', '{"items":[{"a":"x}]}', 'cut-off', 20],
    ['an HTML error page', '<html>bad gateway</html>', 'not-a-list', 0],
    ['an array', '[{"a":1}]', 'not-a-list', 0],
    ['items that are not an array', '{"items":{"a":1}}', 'not-a-list', 9],
    ['items that are a string', '{"items":"x"}', 'not-a-list', 9],
    ['an item that is not an object', '{"items":[1]}', 'bad-item', 10],
    ['brackets that do not match', '{"items":[{"a":1]}', 'unexpected', 16],
    ['a stray character inside an item', '{"items":[{"a":1 ; "b":2}]}', 'unexpected', 17],
    ['a marked item that is not JSON', '{"items":[{"nvidia.com/gpu":tru}]}', 'bad-item', 10],
    ['a missing comma between members', '{"kind":"PodList" "items":[]}', 'unexpected', 18],
    ['metadata that is not JSON', '{"metadata":{"continue":},"items":[]}', 'unexpected', 12],
    ['a bad literal as a member', '{"items":[],"kind":nul}', 'unexpected', 19],
    ['something after the list', '{"items":[]} {', 'unexpected', 13],
    ['one brace too many', '{"items":[]}}', 'unexpected', 12],
    ['an item nested deeper than any Kubernetes object', `{"items":[${'['.repeat(600)}]}`, 'bad-item', 10],
    ['an object nested deeper than any Kubernetes object', `{"items":[{"a":${'['.repeat(600)}]}`, 'too-deep'],
  ])('refuses %s with where it went wrong, cut at any byte', (_, text, problem, offset) => {
    const whole = failure([Buffer.from(text)], GPU_MARK);
    expect(whole).toBeInstanceOf(MalformedList);
    expect(whole?.problem).toBe(problem);
    if (offset !== undefined) expect(whole?.offset).toBe(offset);
    for (let at = 0; at <= Buffer.byteLength(text); at++) {
      const split = failure(cut(text, at), GPU_MARK);
      expect({ problem: split?.problem, offset: split?.offset }, `cut at byte ${at}`).toEqual({
        problem: whole?.problem,
        offset: whole?.offset,
      });
    }
  });
});
