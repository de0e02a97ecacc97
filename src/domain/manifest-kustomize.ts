import type { YAMLMap } from 'yaml';
import { repositoryOf, type ImageRef } from './image-ref.js';
import { refuse } from './manifest-errors.js';
import { removeKey, setKey, type Plan, type TextEdit } from './manifest-text.js';
import { childSeq, mapItems, pairOf, rootMaps, stringAt, type ManifestTarget, type Source } from './manifest-yaml.js';

interface Entry {
  readonly item: YAMLMap;
  readonly name: string;
}

function kustomization(src: Source): YAMLMap {
  const roots = rootMaps(src);
  const root = roots.find((map) => stringAt(src, map, 'kind') === 'Kustomization') ?? roots[0];
  if (root === undefined) throw refuse('kustomize.notMapping', { file: src.fileName });
  return root;
}

const entriesOf = (src: Source, root: YAMLMap, key: string): Entry[] =>
  mapItems(childSeq(src, root, key)).map((item) => ({ item, name: stringAt(src, item, 'name') ?? '' }));

function findImage(src: Source, target: ManifestTarget): Entry {
  const entries = entriesOf(src, kustomization(src), 'images');
  if (entries.length === 0) {
    throw refuse('kustomize.noImages', { file: src.fileName });
  }
  const names = entries.map((e) => e.name).join(', ');
  if (target.container === undefined) {
    const [only] = entries;
    if (entries.length === 1 && only !== undefined) return only;
    throw refuse('kustomize.whichImage', { file: src.fileName, names });
  }
  const entry = entries.find((e) => e.name === target.container);
  if (entry === undefined) {
    throw refuse('kustomize.imageNotFound', { name: target.container, file: src.fileName, names });
  }
  return entry;
}

/** Kustomize's image transformer: newName replaces the name; a digest wins over newTag. */
function effective(src: Source, entry: Entry): string {
  const name = stringAt(src, entry.item, 'newName') ?? entry.name;
  const digest = stringAt(src, entry.item, 'digest');
  const tag = stringAt(src, entry.item, 'newTag');
  return `${name}${digest ? `@${digest}` : tag ? `:${tag}` : ''}`;
}

export const readKustomizeImage = (src: Source, target: ManifestTarget): string =>
  effective(src, findImage(src, target));

export function planKustomizeImage(src: Source, target: ManifestTarget, image: ImageRef): Plan {
  const entry = findImage(src, target);
  if (image.tag === undefined && image.digest === undefined) {
    throw refuse('kustomize.noTag', { repository: repositoryOf(image), file: src.fileName });
  }
  const repository = repositoryOf(image);
  const before = effective(src, entry);
  const after = `${repository}${image.digest !== undefined ? `@${image.digest}` : `:${image.tag ?? ''}`}`;
  if (before === after) return { before, after, edits: [] };

  const { item } = entry;
  const edits: TextEdit[] = [];
  const what = (key: string) => ({ field: 'entryKey', path: `images[${entry.name}].${key}` }) as const;
  const namePair = pairOf(src, item, 'name');
  const newNamePair = pairOf(src, item, 'newName');
  // newName is written whenever the repository differs from `name`; an existing newName is kept
  // (set to the repository) rather than removed, so the edit stays a one-line change.
  if ((repository !== entry.name || newNamePair !== undefined) && stringAt(src, item, 'newName') !== repository) {
    edits.push(setKey(src, item, 'newName', repository, what('newName'), namePair));
  }
  const anchor = newNamePair ?? namePair;
  const [set, drop, value] =
    image.digest !== undefined ? ['digest', 'newTag', image.digest] : ['newTag', 'digest', image.tag ?? ''];
  if (stringAt(src, item, set) !== value) edits.push(setKey(src, item, set, value, what(set), anchor));
  const removal = removeKey(src, item, drop, what(drop));
  if (removal !== undefined) edits.push(removal);
  return { before, after, edits };
}

function findReplicas(src: Source, target: ManifestTarget): Entry {
  const entries = entriesOf(src, kustomization(src), 'replicas');
  if (entries.length === 0) {
    throw refuse('kustomize.noReplicas', { file: src.fileName });
  }
  const names = entries.map((e) => e.name).join(', ');
  const wanted = target.workload ?? target.container;
  const [only] = entries;
  const entry =
    entries.find((e) => e.name === wanted) ??
    (target.workload === undefined && entries.length === 1 ? only : undefined);
  if (entry === undefined) {
    throw wanted === undefined
      ? refuse('kustomize.whichReplicas', { file: src.fileName, names })
      : refuse('kustomize.replicasNotFound', { name: wanted, file: src.fileName, names });
  }
  return entry;
}

function countOf(src: Source, entry: Entry): number | undefined {
  const text = stringAt(src, entry.item, 'count');
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw refuse('kustomize.countNotNumber', { name: entry.name, file: src.fileName, value: text });
  return Number(text);
}

export function readKustomizeReplicas(src: Source, target: ManifestTarget): number | undefined {
  const entries = entriesOf(src, kustomization(src), 'replicas');
  return entries.length === 0 ? undefined : countOf(src, findReplicas(src, target));
}

export function planKustomizeReplicas(src: Source, target: ManifestTarget, replicas: number): Plan {
  const entry = findReplicas(src, target);
  const current = countOf(src, entry);
  const edits =
    current === replicas
      ? []
      : [
          setKey(
            src,
            entry.item,
            'count',
            replicas,
            { field: 'entryKey', path: `replicas[${entry.name}].count` },
            pairOf(src, entry.item, 'name'),
          ),
        ];
  return { before: current === undefined ? '(unset)' : String(current), after: String(replicas), edits };
}
