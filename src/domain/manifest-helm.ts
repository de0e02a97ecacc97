import { isMap, isScalar } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { formatImageRef, repositoryOf, type ImageRef } from './image-ref.js';
import { refuse } from './manifest-errors.js';
import { setKey, type Plan, type TextEdit } from './manifest-text.js';
import { mapAt, pairOf, rootMaps, scalarText, stringAt, type ManifestTarget, type Source } from './manifest-yaml.js';

const fields = ['registry', 'repository', 'tag', 'digest'] as const;
type Field = (typeof fields)[number];
type Fields = Partial<Record<Field, string>>;

interface Block {
  readonly path: string;
  readonly parent: YAMLMap;
  readonly key: string;
  /** The image block, or the scalar when the chart takes the whole reference as one string (`image: nginx:1.27`). */
  readonly node: Node | null;
}

const pathOf = (target: ManifestTarget): string[] => (target.container ?? 'image').split('.');

function valuesRoot(src: Source): YAMLMap {
  const [root] = rootMaps(src);
  if (root === undefined) throw refuse('helm.notMapping', { file: src.fileName });
  return root;
}

function findBlock(src: Source, target: ManifestTarget): Block {
  const parts = pathOf(target);
  const path = parts.join('.');
  const key = parts.at(-1) ?? 'image';
  const parent = mapAt(src, valuesRoot(src), parts.slice(0, -1));
  const pair = parent && pairOf(src, parent, key);
  if (parent === undefined || pair === undefined) {
    throw refuse('helm.blockMissing', { path, file: src.fileName });
  }
  const node = pair.value;
  if (!isMap(node) && !(isScalar(node) && typeof node.value === 'string')) {
    throw refuse('helm.blockInvalid', { path, file: src.fileName });
  }
  return { path, parent, key, node };
}

function fieldsOf(src: Source, block: Block, map: YAMLMap): Fields {
  const values: Fields = {};
  for (const field of fields) {
    const value = stringAt(src, map, field);
    if (value !== undefined) values[field] = value;
  }
  if (values.repository === undefined) throw refuse('helm.noRepository', { path: block.path, file: src.fileName });
  return values;
}

const compose = (f: Fields): string =>
  `${f.registry ? `${f.registry}/` : ''}${f.repository ?? ''}${f.tag ? `:${f.tag}` : ''}${f.digest ? `@${f.digest}` : ''}`;

export function readHelmImage(src: Source, target: ManifestTarget): string {
  const block = findBlock(src, target);
  return isMap(block.node) ? compose(fieldsOf(src, block, block.node)) : (scalarText(src, block.node) ?? '');
}

/** True when the key already holds exactly this string (a plain `1.20` is the number 1.2, so it is not "1.20"). */
function holds(src: Source, map: YAMLMap, key: string, value: string): boolean {
  const node = pairOf(src, map, key)?.value;
  if (node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === undefined)))
    return value === '';
  return isScalar(node) && node.value === value;
}

export function planHelmImage(src: Source, target: ManifestTarget, image: ImageRef): Plan {
  const block = findBlock(src, target);
  const map = block.node;
  if (!isMap(map)) {
    const before = scalarText(src, map) ?? '';
    const after = formatImageRef(image);
    return {
      before,
      after,
      edits:
        before === after ? [] : [setKey(src, block.parent, block.key, after, { field: 'valuesKey', path: block.path })],
    };
  }
  const current = fieldsOf(src, block, map);
  if (image.tag === undefined && image.digest === undefined) {
    throw refuse('helm.noTag', { repository: repositoryOf(image), file: src.fileName, path: block.path });
  }
  const hasDigest = pairOf(src, map, 'digest') !== undefined;
  if (image.digest !== undefined && !hasDigest) {
    throw refuse('helm.noDigestKey', { file: src.fileName, path: block.path, repository: repositoryOf(image) });
  }
  const next: Fields = { ...current };
  // With a separate registry key, a reference without a registry keeps the file's registry.
  if (current.registry !== undefined || pairOf(src, map, 'registry') !== undefined) {
    if (image.domain !== undefined) next.registry = image.domain;
    next.repository = image.path;
  } else {
    next.repository = repositoryOf(image);
  }
  if (image.tag !== undefined) next.tag = image.tag;
  // An old digest would win over the new tag in most charts, so it is cleared when only a tag is given.
  if (hasDigest) next.digest = image.digest ?? '';

  const edits: TextEdit[] = [];
  for (const field of fields) {
    const value = next[field];
    if (value === undefined || holds(src, map, field, value)) continue;
    const what = { field: 'valuesKey', path: `${block.path}.${field}` } as const;
    edits.push(setKey(src, map, field, value, what, pairOf(src, map, 'repository')));
  }
  return { before: compose(current), after: compose(next), edits };
}

function replicasAt(src: Source, target: ManifestTarget): { map: YAMLMap; path: string } {
  const parentPath = pathOf(target).slice(0, -1);
  const map = mapAt(src, valuesRoot(src), parentPath);
  const path = [...parentPath, 'replicaCount'].join('.');
  if (map === undefined)
    throw refuse('helm.noReplicasParent', { parent: parentPath.join('.'), path, file: src.fileName });
  return { map, path };
}

export function readHelmReplicas(src: Source, target: ManifestTarget): number | undefined {
  const { map, path } = replicasAt(src, target);
  const text = stringAt(src, map, 'replicaCount');
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw refuse('helm.replicasNotNumber', { path, file: src.fileName, value: text });
  return Number(text);
}

export function planHelmReplicas(src: Source, target: ManifestTarget, replicas: number): Plan {
  const { map, path } = replicasAt(src, target);
  const current = readHelmReplicas(src, target);
  const edits = current === replicas ? [] : [setKey(src, map, 'replicaCount', replicas, { field: 'valuesKey', path })];
  return { before: current === undefined ? '(unset)' : String(current), after: String(replicas), edits };
}
