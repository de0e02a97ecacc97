import type { Scalar, YAMLMap } from 'yaml';
import { UserFacingError } from './errors.js';
import { formatImageRef, type ImageRef } from './image-ref.js';
import { setKey, type Plan } from './manifest-text.js';
import {
  childMap,
  childSeq,
  invalid,
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
const containerHint = 'Fix apps.<app>.container in kanaria.yaml.';
const workloadHint = 'Set apps.<app>.workload in kanaria.yaml to the metadata.name of the one to edit.';

function workloadsOf(src: Source, target: ManifestTarget): Workload[] {
  const all = rootMaps(src).flatMap((root): Workload[] => {
    const kind = stringAt(src, root, 'kind');
    if (kind === undefined || !workloadKinds.has(kind)) return [];
    const metadata = childMap(src, root, 'metadata');
    return [{ root, kind, name: (metadata && stringAt(src, metadata, 'name')) ?? '(unnamed)' }];
  });
  if (all.length === 0) {
    throw invalid(
      `${src.fileName} holds no workload (${[...workloadKinds].join(', ')}).`,
      'Point apps.<app>.manifest in kanaria.yaml at the file that holds the workload.',
    );
  }
  if (target.workload === undefined) return all;
  const named = all.filter((w) => w.name === target.workload);
  if (named.length === 0) {
    throw new UserFacingError(
      'container-not-found',
      `no workload named "${target.workload}" in ${src.fileName}; it holds: ${all.map(label).join(', ')}`,
      'Fix apps.<app>.workload in kanaria.yaml.',
    );
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
      throw invalid(
        `${label(rollout)} in ${src.fileName} has no pod template: it uses spec.workloadRef, so the image lives in the referenced Deployment ${deployment}.`,
        `Point apps.<app>.manifest in kanaria.yaml at the file that holds Deployment ${deployment}.`,
      );
    }
    throw invalid(
      `${workloads.map(label).join(', ')} in ${src.fileName} has no pod template (spec.template.spec).`,
      'Point apps.<app>.manifest in kanaria.yaml at the workload file.',
    );
  }
  if (target.container !== undefined) {
    const hits = withPods.flatMap((w) => containersOf(src, w).filter((c) => c.name === target.container));
    const [hit] = hits;
    if (hits.length === 1 && hit !== undefined) return hit;
    if (hits.length > 1) {
      throw new UserFacingError(
        'container-not-found',
        `container "${target.container}" is in several workloads in ${src.fileName}: ${hits.map((c) => label(c.workload)).join(', ')}`,
        workloadHint,
      );
    }
    const names = (w: Workload): string =>
      containersOf(src, w)
        .map((c) => c.name)
        .join(', ') || '(none)';
    const [only] = withPods;
    throw new UserFacingError(
      'container-not-found',
      withPods.length === 1 && only !== undefined
        ? `container "${target.container}" not found in ${label(only)} in ${src.fileName}; its containers are: ${names(only)}`
        : `container "${target.container}" not found in ${src.fileName}; containers are: ${withPods.map((w) => `${label(w)}: ${names(w)}`).join('; ')}`,
      containerHint,
    );
  }
  const [workload] = withPods;
  if (withPods.length > 1 || workload === undefined) {
    throw new UserFacingError(
      'container-not-found',
      `${src.fileName} holds several workloads (${withPods.map(label).join(', ')}); which one holds the image?`,
      workloadHint,
    );
  }
  const main = containersOf(src, workload).filter((c) => !c.init);
  const [single] = main;
  if (main.length === 1 && single !== undefined) return single;
  throw new UserFacingError(
    'container-not-found',
    `${label(workload)} in ${src.fileName} has ${main.length} containers (${main.map((c) => c.name).join(', ') || 'none'}); which one?`,
    'Set apps.<app>.container in kanaria.yaml.',
  );
}

function imageNode(src: Source, c: Container): Scalar | undefined {
  const node = pairOf(src, c.item, 'image')?.value;
  if (scalarText(src, node) === undefined) {
    throw invalid(
      `container "${c.name}" in ${label(c.workload)} in ${src.fileName} has no image.`,
      `Add an image: to the container in ${src.fileName}.`,
    );
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
  const what = `the image of container "${c.name}"`;
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
    throw new UserFacingError(
      'container-not-found',
      `${src.fileName} holds several workloads (${candidates.map(label).join(', ')}); which one to scale?`,
      workloadHint,
    );
  }
  if (workload.kind === 'DaemonSet' || workload.kind === 'Job' || workload.kind === 'CronJob') {
    throw new UserFacingError(
      'bad-replicas',
      `${label(workload)} in ${src.fileName} has no replicas: ${workload.kind === 'DaemonSet' ? 'it runs one pod on each matching node' : 'it runs to completion (see parallelism)'}.`,
      workload.kind === 'DaemonSet'
        ? 'Scale a DaemonSet with its nodeSelector or affinity instead.'
        : 'Edit parallelism/completions by hand.',
    );
  }
  const spec = childMap(src, workload.root, 'spec');
  if (spec === undefined) throw invalid(`${label(workload)} in ${src.fileName} has no spec.`, `Fix ${src.fileName}.`);
  return { workload, spec };
}

const workloads = (src: Source): Workload[] => workloadsOf(src, {});

export function readWorkloadReplicas(src: Source, target: ManifestTarget): number | undefined {
  const { workload, spec } = findScaled(src, target);
  const text = stringAt(src, spec, 'replicas');
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw invalid(
      `spec.replicas of ${label(workload)} in ${src.fileName} is "${text}", not a whole number.`,
      `Fix ${src.fileName}.`,
    );
  return Number(text);
}

export function planWorkloadReplicas(src: Source, target: ManifestTarget, replicas: number): Plan {
  const { workload, spec } = findScaled(src, target);
  const current = readWorkloadReplicas(src, target);
  const before = current === undefined ? '(unset)' : String(current);
  const edits =
    current === replicas ? [] : [setKey(src, spec, 'replicas', replicas, `spec.replicas of ${label(workload)}`)];
  return { before, after: String(replicas), edits };
}
