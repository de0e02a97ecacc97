import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { refuse } from './manifest-errors.js';

export type ManifestFormat = 'workload' | 'kustomize' | 'helm';

export interface ManifestTarget {
  /** Explicit format; when absent, detect: file name kustomization.yaml/.yml/Kustomization or a doc with kind: Kustomization => kustomize;
   *  a doc with apiVersion+kind => workload; otherwise helm values. */
  format?: ManifestFormat;
  /** workload: container name (if absent and the workload has exactly one container, use it; else error listing the names).
   *  kustomize: the `images[].name` entry to edit (if absent and there is exactly one images entry, use it).
   *  helm: dotted path of the image block, default `image` (e.g. `api.image`). */
  container?: string;
  /** workload: metadata.name of the object to edit when a multi-document file holds several workloads.
   *  kustomize: the `replicas[].name` entry to edit. */
  workload?: string;
}

/** A parsed manifest: the original text plus node ranges that point into it. */
export interface Source {
  readonly fileName: string;
  readonly text: string;
  readonly docs: readonly Document.Parsed[];
  /** Line break used when inserting lines, so CRLF files stay CRLF. */
  readonly eol: '\n' | '\r\n';
  /** Ranges of anchored nodes that some alias refers to: editing inside them would also change the aliases. */
  readonly aliased: ReadonlyArray<{ anchor: string; start: number; end: number }>;
}

export type MapPair = Pair<Scalar, Node | null>;

export const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

export function parseManifest(fileName: string, text: string): Source {
  const docs = parseAllDocuments(text);
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const [line = 1, col = 1] = error.linePos !== undefined ? [error.linePos[0].line, error.linePos[0].col] : [];
      const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw refuse('yaml.invalid', { file: fileName, line, column: col, reason });
    }
  }
  const aliased: Array<{ anchor: string; start: number; end: number }> = [];
  for (const doc of docs) {
    visit(doc, {
      Alias(_key, alias) {
        const target = alias.resolve(doc);
        if (target?.range) aliased.push({ anchor: alias.source, start: target.range[0], end: target.range[2] });
      },
    });
  }
  return { fileName, text, docs, eol: text.includes('\r\n') ? '\r\n' : '\n', aliased };
}

/** The top-level mappings of the file's non-empty documents. */
export const rootMaps = (src: Source): YAMLMap[] =>
  src.docs.flatMap((doc) => (isMap(doc.contents) ? [doc.contents as YAMLMap] : []));

/**
 * The pair for `key` in `map`. Values behind aliases or merge keys are refused: their text lives
 * elsewhere in the file, and editing it there would silently change other objects too.
 */
export function pairOf(src: Source, map: YAMLMap, key: string): MapPair | undefined {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key) as MapPair | undefined;
  if (pair !== undefined && isAlias(pair.value)) {
    const line = lineOf(src.text, pair.value.range?.[0] ?? 0);
    throw refuse('yaml.alias', { key, file: src.fileName, line, alias: pair.value.source });
  }
  if (pair === undefined && map.items.some((item) => isScalar(item.key) && item.key.value === '<<')) {
    throw refuse('yaml.mergeKey', { key, file: src.fileName, line: lineOf(src.text, map.range?.[0] ?? 0) });
  }
  return pair;
}

export const childMap = (src: Source, map: YAMLMap, key: string): YAMLMap | undefined => {
  const value = pairOf(src, map, key)?.value;
  return isMap(value) ? value : undefined;
};

export const childSeq = (src: Source, map: YAMLMap, key: string): YAMLSeq | undefined => {
  const value = pairOf(src, map, key)?.value;
  return isSeq(value) ? value : undefined;
};

/** Follows a key path through mappings; undefined when any step is missing or not a mapping. */
export function mapAt(src: Source, root: YAMLMap, path: readonly string[]): YAMLMap | undefined {
  let map: YAMLMap | undefined = root;
  for (const key of path) map = map === undefined ? undefined : childMap(src, map, key);
  return map;
}

/** The mapping items of a sequence (aliases and other shapes are skipped). */
export const mapItems = (seq: YAMLSeq | undefined): YAMLMap[] =>
  (seq?.items ?? []).filter((item): item is YAMLMap => isMap(item));

/**
 * The value as a person reads it in the file. Plain scalars that YAML resolves to a number
 * (`tag: 1.20`) are shown as written, not as the number 1.2.
 */
export function scalarText(src: Source, node: Node | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.type === 'PLAIN' && node.range) return src.text.slice(node.range[0], node.range[1]);
  return String(node.value);
}

export const stringAt = (src: Source, map: YAMLMap, key: string): string | undefined =>
  scalarText(src, pairOf(src, map, key)?.value);
