import type { Scalar, YAMLMap } from 'yaml';
import { formatImageRef, type ImageRef } from './image-ref.js';
import { refuse } from './manifest-errors.js';
import { setKey, type Plan } from './manifest-text.js';
import {
  childMap,
  childSeq,
  mapAt,
  mapItems,
  pairOf,
  rootMaps,
  scalarText,
  stringAt,
  type ManifestTarget,
  type Source,
} from './manifest-yaml.js';

/** Kubernetes objects (plus Argo Rollouts) whose pod template holds the image. */
const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout', 'Job', 'CronJob']);

interface Workload {
  readonly root: YAMLMap;
  readonly kind: string;
  readonly name: string;
}

interface Container {
  readonly workload: Workload;
  readonly item: YAMLMap;
  readonly name: string;
  readonly init: boolean;
}

const label = (w: Workload): string => `${w.kind} ${w.name}`;
const labels = (list: readonly Workload[]): string => list.map(label).join(', ');

function workloadsOf(src: Source, target: ManifestTarget): Workload[] {
  const all = rootMaps(src).flatMap((root): Workload[] => {
    const kind = stringAt(src, root, 'kind');
    if (kind === undefined || !workloadKinds.has(kind)) return [];
    const metadata = childMap(src, root, 'metadata');
    return [{ root, kind, name: (metadata && stringAt(src, metadata, 'name')) ?? '(unnamed)' }];
  });
  if (all.length === 0) {
    throw refuse('workload.none', { file: src.fileName, kinds: [...workloadKinds].join(', ') });
  }
  if (target.workload === undefined) return all;
  const named = all.filter((w) => w.name === target.workload);
  if (named.length === 0) {
    throw refuse('workload.notFound', { workload: target.workload, file: src.fileName, workloads: labels(all) });
  }
  return named;
}

const podSpec = (src: Source, w: Workload): YAMLMap | undefined =>
  mapAt(
    src,
    w.root,
    w.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'],
  );

function containersOf(src: Source, w: Workload): Container[] {
  const spec = podSpec(src, w);
  if (spec === undefined) return [];
  const list = (key: string, init: boolean): Container[] =>
    mapItems(childSeq(src, spec, key)).map((item) => ({
      workload: w,
      item,
      name: stringAt(src, item, 'name') ?? '(unnamed)',
      init,
    }));
  return [...list('containers', false), ...list('initContainers', true)];
}

/** The Deployment a Rollout takes its pod template from (spec.workloadRef), if any. */
const workloadRefOf = (src: Source, w: Workload): string | undefined => {
  const ref = w.kind === 'Rollout' ? mapAt(src, w.root, ['spec', 'workloadRef']) : undefined;
  return ref && (stringAt(src, ref, 'name') ?? '(unnamed)');
};

function findContainer(src: Source, target: ManifestTarget): Container {
  const workloads = workloadsOf(src, target);
  const withPods = workloads.filter((w) => podSpec(src, w) !== undefined);
  if (withPods.length === 0) {
    const rollout = workloads.find((w) => workloadRefOf(src, w) !== undefined);
    if (rollout !== undefined) {
      const deployment = workloadRefOf(src, rollout) ?? '';
      throw refuse('workload.workloadRef', { workload: label(rollout), file: src.fileName, deployment });
    }
    throw refuse('workload.noPodTemplate', { workloads: labels(workloads), file: src.fileName });
  }
  if (target.container !== undefined) {
    const hits = withPods.flatMap((w) => containersOf(src, w).filter((c) => c.name === target.container));
    const [hit] = hits;
    if (hits.length === 1 && hit !== undefined) return hit;
    if (hits.length > 1) {
      throw refuse('workload.containerInSeveral', {
        container: target.container,
        file: src.fileName,
        workloads: labels(hits.map((c) => c.workload)),
      });
    }
    const names = (w: Workload): string =>
      containersOf(src, w)
        .map((c) => c.name)
        .join(', ') || '(none)';
    const [only] = withPods;
    const { container } = target;
    throw withPods.length === 1 && only !== undefined
      ? refuse('workload.containerNotFound', {
          container,
          workload: label(only),
          file: src.fileName,
          containers: names(only),
        })
      : refuse('workload.containerNotFoundInAny', {
          container,
          file: src.fileName,
          containers: withPods.map((w) => `${label(w)}: ${names(w)}`).join('; '),
        });
  }
  const [workload] = withPods;
  if (withPods.length > 1 || workload === undefined) {
    throw refuse('workload.several', { file: src.fileName, workloads: labels(withPods) });
  }
  const main = containersOf(src, workload).filter((c) => !c.init);
  const [single] = main;
  if (main.length === 1 && single !== undefined) return single;
  const facts = { workload: label(workload), file: src.fileName };
  throw main.length === 0
    ? refuse('workload.noContainers', facts)
    : refuse('workload.whichContainer', {
        ...facts,
        count: main.length,
        containers: main.map((c) => c.name).join(', '),
      });
}

function imageNode(src: Source, c: Container): Scalar | undefined {
  const node = pairOf(src, c.item, 'image')?.value;
  if (scalarText(src, node) === undefined) {
    throw refuse('workload.noImage', { container: c.name, workload: label(c.workload), file: src.fileName });
  }
  return node as Scalar;
}

export function readWorkloadImage(src: Source, target: ManifestTarget): string {
  const c = findContainer(src, target);
  return scalarText(src, imageNode(src, c)) ?? '';
}

export function planWorkloadImage(src: Source, target: ManifestTarget, image: ImageRef): Plan {
  const c = findContainer(src, target);
  const before = scalarText(src, imageNode(src, c)) ?? '';
  const after = formatImageRef(image);
  const what = { field: 'containerImage', container: c.name } as const;
  return { before, after, edits: before === after ? [] : [setKey(src, c.item, 'image', after, what)] };
}

function findScaled(src: Source, target: ManifestTarget): { workload: Workload; spec: YAMLMap } {
  let candidates = workloadsOf(src, target);
  if (target.workload === undefined) {
    // A Deployment referenced by a Rollout's workloadRef is scaled by the Rollout, not by its own replicas.
    const referenced = new Set(candidates.map((w) => workloadRefOf(src, w)));
    candidates = candidates.filter((w) => !(w.kind === 'Deployment' && referenced.has(w.name)));
  }
  if (candidates.length > 1 && target.container !== undefined) {
    const holds = (w: Workload): boolean => containersOf(src, w).some((c) => c.name === target.container);
    candidates = candidates.filter(
      (w) =>
        holds(w) || workloads(src).some((d) => d.kind === 'Deployment' && d.name === workloadRefOf(src, w) && holds(d)),
    );
  }
  const [workload] = candidates;
  if (candidates.length !== 1 || workload === undefined) {
    throw refuse('workload.severalToScale', { file: src.fileName, workloads: labels(candidates) });
  }
  const facts = { workload: label(workload), file: src.fileName };
  if (workload.kind === 'DaemonSet') throw refuse('workload.daemonSetReplicas', facts);
  if (workload.kind === 'Job' || workload.kind === 'CronJob') throw refuse('workload.jobReplicas', facts);
  const spec = childMap(src, workload.root, 'spec');
  if (spec === undefined) throw refuse('workload.noSpec', facts);
  return { workload, spec };
}

const workloads = (src: Source): Workload[] => workloadsOf(src, {});

export function readWorkloadReplicas(src: Source, target: ManifestTarget): number | undefined {
  const { workload, spec } = findScaled(src, target);
  const text = stringAt(src, spec, 'replicas');
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw refuse('workload.replicasNotNumber', { workload: label(workload), file: src.fileName, value: text });
  return Number(text);
}

export function planWorkloadReplicas(src: Source, target: ManifestTarget, replicas: number): Plan {
  const { workload, spec } = findScaled(src, target);
  const current = readWorkloadReplicas(src, target);
  const before = current === undefined ? '(unset)' : String(current);
  const edits =
    current === replicas
      ? []
      : [setKey(src, spec, 'replicas', replicas, { field: 'workloadReplicas', workload: label(workload) })];
  return { before, after: String(replicas), edits };
}
