/**
 * Pure editors for the manifests Kanaria commits to the GitOps repository: workload YAML,
 * kustomization.yaml and Helm values. Every edit splices one value into the original text, so
 * comments, quoting, indentation and line endings outside that value stay byte-for-byte identical.
 */
import type { ImageRef } from './image-ref.js';
import { refuse } from './manifest-errors.js';
import { planHelmImage, planHelmReplicas, readHelmImage, readHelmReplicas } from './manifest-helm.js';
import {
  planKustomizeImage,
  planKustomizeReplicas,
  readKustomizeImage,
  readKustomizeReplicas,
} from './manifest-kustomize.js';
import { applyEdits, type Plan } from './manifest-text.js';
import {
  planWorkloadImage,
  planWorkloadReplicas,
  readWorkloadImage,
  readWorkloadReplicas,
} from './manifest-workload.js';
import {
  parseManifest,
  rootMaps,
  stringAt,
  type ManifestFormat,
  type ManifestTarget,
  type Source,
} from './manifest-yaml.js';

export type { ManifestFormat, ManifestTarget } from './manifest-yaml.js';

export interface ManifestEdit {
  /** The whole new file text. */
  text: string;
  format: ManifestFormat;
  /** Human-readable old value, e.g. "nginx:1.25.0" or "3" ("(unset)" when there was no replica count). */
  before: string;
  /** New value, e.g. "nginx:1.27.0" or "5". For kustomize and Helm this is the effective image the file now yields. */
  after: string;
  /** False when the file already had that value (text then === input). */
  changed: boolean;
}

interface Editor {
  readImage(src: Source, target: ManifestTarget): string;
  planImage(src: Source, target: ManifestTarget, image: ImageRef): Plan;
  readReplicas(src: Source, target: ManifestTarget): number | undefined;
  planReplicas(src: Source, target: ManifestTarget, replicas: number): Plan;
}

const editors: Record<ManifestFormat, Editor> = {
  workload: {
    readImage: readWorkloadImage,
    planImage: planWorkloadImage,
    readReplicas: readWorkloadReplicas,
    planReplicas: planWorkloadReplicas,
  },
  kustomize: {
    readImage: readKustomizeImage,
    planImage: planKustomizeImage,
    readReplicas: readKustomizeReplicas,
    planReplicas: planKustomizeReplicas,
  },
  helm: {
    readImage: readHelmImage,
    planImage: planHelmImage,
    readReplicas: readHelmReplicas,
    planReplicas: planHelmReplicas,
  },
};

const kustomizationFileNames = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

function detect(src: Source): ManifestFormat {
  if (kustomizationFileNames.has(src.fileName.split(/[\\/]/).at(-1) ?? '')) return 'kustomize';
  const roots = rootMaps(src);
  if (roots.some((root) => stringAt(src, root, 'kind') === 'Kustomization')) return 'kustomize';
  if (
    roots.some((root) => stringAt(src, root, 'apiVersion') !== undefined && stringAt(src, root, 'kind') !== undefined)
  )
    return 'workload';
  return 'helm';
}

export const detectFormat = (fileName: string, text: string): ManifestFormat => detect(parseManifest(fileName, text));

function open(
  fileName: string,
  text: string,
  target: ManifestTarget,
): { src: Source; format: ManifestFormat; editor: Editor } {
  const src = parseManifest(fileName, text);
  const format = target.format ?? detect(src);
  return { src, format, editor: editors[format] };
}

/**
 * Applies a plan, then plans the same change again on the result: that must find the value in
 * place (no edits, before === after). Anything else is a bug in these editors, not the user's.
 */
function finish(
  fileName: string,
  text: string,
  format: ManifestFormat,
  plan: Plan,
  replan: (edited: Source) => Plan,
): ManifestEdit {
  const edited = applyEdits(text, plan.edits);
  if (edited !== text) {
    let again: Plan;
    try {
      again = replan(parseManifest(fileName, edited));
    } catch (error) {
      throw new Error(
        `manifest self-check failed for ${fileName}: the edited file no longer reads (${String(error)})`,
        { cause: error },
      );
    }
    if (again.edits.length > 0 || again.before !== plan.after) {
      throw new Error(`manifest self-check failed for ${fileName}: expected ${plan.after}, read back ${again.before}`);
    }
  }
  return { text: edited, format, before: plan.before, after: plan.after, changed: edited !== text };
}

export function setImage(fileName: string, text: string, target: ManifestTarget, image: ImageRef): ManifestEdit {
  const { src, format, editor } = open(fileName, text, target);
  const plan = editor.planImage(src, target, image);
  return finish(fileName, text, format, plan, (edited) => editor.planImage(edited, target, image));
}

export function setReplicas(fileName: string, text: string, target: ManifestTarget, replicas: number): ManifestEdit {
  if (!Number.isSafeInteger(replicas) || replicas < 0) {
    throw refuse('notReplicaCount', { replicas });
  }
  const { src, format, editor } = open(fileName, text, target);
  const plan = editor.planReplicas(src, target, replicas);
  return finish(fileName, text, format, plan, (edited) => editor.planReplicas(edited, target, replicas));
}

export function readImage(fileName: string, text: string, target: ManifestTarget): string {
  const { src, editor } = open(fileName, text, target);
  return editor.readImage(src, target);
}

export function readReplicas(fileName: string, text: string, target: ManifestTarget): number | undefined {
  const { src, editor } = open(fileName, text, target);
  return editor.readReplicas(src, target);
}
