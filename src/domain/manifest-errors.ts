import { Refusal } from './errors.js';

/**
 * Which value of a manifest a refusal is about; the catalog words it (errorsManifest.field.*):
 * the image of a container, a workload's spec.replicas, a Helm values key (`api.image.tag`) or a kustomization
 * entry's key (images[nginx].newTag).
 */
export type FieldRef =
  | { readonly field: 'containerImage'; readonly container: string }
  | { readonly field: 'workloadReplicas'; readonly workload: string }
  | { readonly field: 'valuesKey'; readonly path: string }
  | { readonly field: 'entryKey'; readonly path: string };

/** Where in the file: its name and a 1-based line. */
type At = {
  readonly file: string;
  readonly line: number;
};
type InFile = {
  readonly file: string;
};
/** A workload as messages name it: "Rollout canary-demo". Lists are joined with ", " (identifiers, any language). */
type OfWorkload = InFile & {
  readonly workload: string;
};

/** The facts of each refusal, by its key under `errorsManifest`. */
// Object types, not interfaces: facts must be assignable to MessageParams (interfaces have no index signature).
export type ManifestFacts = {
  'yaml.invalid': InFile & { readonly line: number; readonly column: number; readonly reason: string };
  'yaml.alias': At & { readonly key: string; readonly alias: string };
  'yaml.mergeKey': At & { readonly key: string };
  'text.anchored': At & FieldRef & { readonly anchor: string };
  'text.notSingleValue': At & FieldRef;
  'text.cannotRemove': At & FieldRef;
  notReplicaCount: { readonly replicas: number };
  'workload.none': InFile & { readonly kinds: string };
  'workload.notFound': InFile & { readonly workload: string; readonly workloads: string };
  'workload.workloadRef': OfWorkload & { readonly deployment: string };
  'workload.noPodTemplate': InFile & { readonly workloads: string };
  'workload.containerInSeveral': InFile & { readonly container: string; readonly workloads: string };
  'workload.containerNotFound': OfWorkload & { readonly container: string; readonly containers: string };
  'workload.containerNotFoundInAny': InFile & { readonly container: string; readonly containers: string };
  'workload.several': InFile & { readonly workloads: string };
  'workload.whichContainer': OfWorkload & { readonly count: number; readonly containers: string };
  'workload.noContainers': OfWorkload;
  'workload.noImage': OfWorkload & { readonly container: string };
  'workload.severalToScale': InFile & { readonly workloads: string };
  'workload.daemonSetReplicas': OfWorkload;
  'workload.jobReplicas': OfWorkload;
  'workload.noSpec': OfWorkload;
  'workload.replicasNotNumber': OfWorkload & { readonly value: string };
  'helm.notMapping': InFile;
  'helm.blockMissing': InFile & { readonly path: string };
  'helm.blockInvalid': InFile & { readonly path: string };
  'helm.noRepository': InFile & { readonly path: string };
  'helm.noTag': InFile & { readonly path: string; readonly repository: string };
  'helm.noDigestKey': InFile & { readonly path: string; readonly repository: string };
  'helm.noReplicasParent': InFile & { readonly parent: string; readonly path: string };
  'helm.replicasNotNumber': InFile & { readonly path: string; readonly value: string };
  'kustomize.notMapping': InFile;
  'kustomize.noImages': InFile;
  'kustomize.whichImage': InFile & { readonly names: string };
  'kustomize.imageNotFound': InFile & { readonly name: string; readonly names: string };
  'kustomize.noTag': InFile & { readonly repository: string };
  'kustomize.noReplicas': InFile;
  'kustomize.whichReplicas': InFile & { readonly names: string };
  'kustomize.replicasNotFound': InFile & { readonly name: string; readonly names: string };
  'kustomize.countNotNumber': InFile & { readonly name: string; readonly value: string };
};

export type ManifestReason = keyof ManifestFacts;

/**
 * A manifest Kanaria cannot edit as asked (invalid YAML, no such container, a value behind an anchor, a reference
 * the format cannot take, …): the person fixes kanaria.yaml, the file or the request. Facts only; the catalog's
 * `errorsManifest.<reason>` words it.
 */
export class ManifestRefusal<R extends ManifestReason = ManifestReason> extends Refusal {
  override readonly name = 'ManifestRefusal';
  constructor(
    readonly reason: R,
    readonly facts: ManifestFacts[R],
  ) {
    super(`errorsManifest.${reason}`, facts);
  }
}

/** The refusal `reason` with its facts. */
export const refuse = <R extends ManifestReason>(reason: R, facts: ManifestFacts[R]): ManifestRefusal<R> =>
  new ManifestRefusal(reason, facts);
