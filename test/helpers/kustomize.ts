// A small kustomize renderer for tests (no network, no kustomize binary in CI). It supports the fields deploy/
// uses (with their close variants: generator merge, literals, image digests) and throws on any other field, so a
// new one cannot render silently wrong. Semantics follow
// kustomize v5 (api/krusty, api/filters, api/hasher) and are cross-checked against `kubectl kustomize`.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

type Metadata = {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
export type K8sObject = { apiVersion: string; kind: string; metadata: Metadata } & Record<string, unknown>;

interface Resource {
  obj: K8sObject;
  /** Ids before a transformer changed them: generators with behavior merge/replace match these too. */
  priorIds: string[];
  /** Generated ConfigMaps get a content-hash name suffix once the whole build is done. */
  hashSuffix: boolean;
}

type Image = { name: string; newName?: string; newTag?: string; digest?: string };
type ConfigMapArgs = { name: string; namespace?: string; behavior?: string; files?: string[]; literals?: string[] };
type Labels = { pairs?: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean };
type Kustomization = {
  kind?: string;
  resources?: string[];
  components?: string[];
  namespace?: string;
  images?: Image[];
  configMapGenerator?: ConfigMapArgs[];
  labels?: Labels[];
};

const FIELDS = ['apiVersion', 'kind', 'resources', 'components', 'namespace', 'images', 'configMapGenerator', 'labels'];

// Built-in cluster-scoped kinds (kustomize takes them from its OpenAPI data; unknown kinds are namespaced).
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'CertificateSigningRequest',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'PodSecurityPolicy',
  'ComponentStatus',
]);

const fail = (message: string): never => {
  throw new Error(`kustomize: ${message}`);
};

function onlyKeys(value: object, allowed: string[], where: string): void {
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length > 0) fail(`unsupported field(s) ${extra.join(', ')} in ${where} (supported: ${allowed.join(', ')})`);
}

const idOf = ({ apiVersion, kind, metadata }: K8sObject) =>
  `${apiVersion} ${kind} ${CLUSTER_SCOPED.has(kind) ? '' : metadata.namespace || 'default'}/${metadata.name}`;

function readKustomization(dir: string): { k: Kustomization; file: string } {
  const found = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].filter((f) => existsSync(join(dir, f)));
  if (found.length !== 1) fail(`${dir}: expected exactly one kustomization file, found ${found.length}`);
  const file = join(dir, found[0]!);
  const k = (parse(readFileSync(file, 'utf8')) ?? {}) as Kustomization;
  onlyKeys(k, FIELDS, file);
  return { k, file };
}

/** A path in a kustomization: relative, existing; files must stay inside the kustomization's root (kustomize's load restrictor). */
function entryPath(dir: string, entry: string, file: string, mustBeFile: boolean): string {
  if (isAbsolute(entry) || /^[a-z]+:\/\//i.test(entry))
    fail(`${file}: ${entry}: only relative local paths are supported`);
  const path = resolve(dir, entry);
  if (!existsSync(path)) fail(`${file}: ${entry} does not exist`);
  const outside = relative(dir, path).startsWith('..');
  if ((mustBeFile || statSync(path).isFile()) && outside)
    fail(`${file}: ${entry} is a file outside the kustomization's root`);
  return path;
}

/** kustomize refuses a base that contains a kustomization that loads it ("cycle detected"). */
function checkNoCycle(candidate: string, roots: string[]): void {
  for (const root of roots) {
    if (root === candidate || root.startsWith(candidate + sep))
      fail(`cycle detected: candidate root '${candidate}' contains visited root '${root}'`);
  }
}

function readObjects(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).flatMap((doc) => {
    if (doc.errors.length > 0) fail(`${path}: ${doc.errors[0]!.message}`);
    const obj = doc.toJS() as K8sObject | null;
    if (obj === null) return [];
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string')
      fail(`${path}: a document lacks apiVersion, kind or metadata.name`);
    if (obj.kind.endsWith('List')) fail(`${path}: ${obj.kind} documents are not supported`);
    return [obj];
  });
}

function add(acc: Resource[], res: Resource): void {
  if (acc.some((r) => idOf(r.obj) === idOf(res.obj)))
    fail(`may not add resource with an already registered id: ${idOf(res.obj)}`);
  acc.push(res);
}

/** Order as in kustomize's KustTarget: resources, components (which work on everything so far), generators, transformers. */
function accumulate(
  dir: string,
  expected: 'Kustomization' | 'Component',
  acc: Resource[],
  chain: string[],
): Resource[] {
  const { k, file } = readKustomization(dir);
  if ((k.kind ?? 'Kustomization') !== expected)
    fail(`${file}: kind ${k.kind ?? 'Kustomization'} where a ${expected} is expected`);
  const roots = [...chain, dir];
  for (const entry of k.resources ?? []) {
    const path = entryPath(dir, entry, file, false);
    if (statSync(path).isDirectory()) {
      checkNoCycle(path, roots);
      for (const res of accumulate(path, 'Kustomization', [], roots)) add(acc, res);
    } else {
      for (const obj of readObjects(path)) add(acc, { obj, priorIds: [], hashSuffix: false });
    }
  }
  for (const entry of k.components ?? []) {
    const path = entryPath(dir, entry, file, false);
    checkNoCycle(path, roots);
    accumulate(path, 'Component', acc, roots);
  }
  for (const args of k.configMapGenerator ?? []) generateConfigMap(acc, dir, args, file);
  if (k.namespace !== undefined) setNamespace(acc, k.namespace);
  for (const labels of k.labels ?? []) addLabels(acc, labels, file);
  for (const image of k.images ?? []) setImage(acc, image, file);
  return acc;
}

function generateConfigMap(acc: Resource[], dir: string, args: ConfigMapArgs, file: string): void {
  const where = `${file} configMapGenerator ${args.name}`;
  onlyKeys(args, ['name', 'namespace', 'behavior', 'files', 'literals'], where);
  const behavior = args.behavior ?? 'create';
  if (!['create', 'replace', 'merge'].includes(behavior)) fail(`${where}: unknown behavior ${behavior}`);
  const data: Record<string, string> = {};
  const put = (key: string, value: string) => {
    if (key in data) fail(`${where}: duplicate key ${key}`);
    data[key] = value;
  };
  for (const entry of args.files ?? []) {
    const [key, path] = entry.includes('=')
      ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]
      : [basename(entry), entry];
    const bytes = readFileSync(entryPath(dir, path, file, true));
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) fail(`${where}: ${path} is not UTF-8 (binaryData is not supported)`);
    put(key, text);
  }
  for (const literal of args.literals ?? []) {
    const at = literal.indexOf('=');
    if (at <= 0) fail(`${where}: literal ${literal} is not key=value`);
    const value = literal.slice(at + 1);
    put(literal.slice(0, at), /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value);
  }
  const obj: K8sObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: args.name, ...(args.namespace ? { namespace: args.namespace } : {}) },
    data,
  };
  const matches = acc.filter((r) => [idOf(r.obj), ...r.priorIds].includes(idOf(obj)));
  if (matches.length > 1) fail(`${where}: found multiple resources to ${behavior}`);
  const old = matches[0];
  if (!old) {
    if (behavior !== 'create') fail(`${where}: id ${idOf(obj)} does not exist; cannot merge or replace`);
    acc.push({ obj, priorIds: [], hashSuffix: true });
    return;
  }
  if (behavior === 'create') fail(`${where}: id ${idOf(obj)} exists; behavior must be merge or replace`);
  // kustomize's CopyMergeMetaDataFieldsFrom: metadata (name, namespace, labels…), prior ids and whether the
  // name gets a hash suffix all come from the old object, so replacing a plain ConfigMap adds no suffix.
  obj.metadata = structuredClone(old.obj.metadata);
  if (behavior === 'merge') {
    obj.data = { ...(old.obj.data as object), ...data };
    if (old.obj.binaryData) obj.binaryData = old.obj.binaryData;
  }
  old.obj = obj;
}

function setNamespace(acc: Resource[], namespace: string): void {
  for (const res of acc) {
    const { obj } = res;
    const before = idOf(obj);
    // kustomize v5 also renames v1 Namespace objects to the target namespace.
    if (obj.kind === 'Namespace' && obj.apiVersion === 'v1') obj.metadata.name = namespace;
    else if (!CLUSTER_SCOPED.has(obj.kind)) obj.metadata.namespace = namespace;
    if (idOf(obj) !== before) res.priorIds.push(before);
    // kustomize's default mode: only subjects named "default" here; subjects naming a ServiceAccount of the
    // build follow it when finish() fixes references.
    for (const subject of subjects(obj)) if (subject.name === 'default') subject.namespace = namespace;
  }
}

function addLabels(acc: Resource[], labels: Labels, file: string): void {
  onlyKeys(labels, ['pairs', 'includeSelectors', 'includeTemplates'], `${file} labels`);
  if (labels.includeSelectors || labels.includeTemplates)
    fail(`${file} labels: includeSelectors/includeTemplates are not supported`);
  const pairs = labels.pairs ?? {};
  for (const [key, value] of Object.entries(pairs))
    if (typeof value !== 'string') fail(`${file} labels: ${key} is not a string`);
  for (const { obj } of acc) obj.metadata.labels = { ...obj.metadata.labels, ...pairs };
}

type Container = {
  image?: string;
  env?: { valueFrom?: { configMapKeyRef?: { name?: string } } }[];
  envFrom?: { configMapRef?: { name?: string } }[];
};
type PodSpec = {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: { configMap?: { name?: string }; projected?: { sources?: { configMap?: { name?: string } }[] } }[];
};

/** Pod specs of Pods, workloads with a pod template, and CronJobs. */
function podSpecs(obj: K8sObject): PodSpec[] {
  const spec = obj['spec'] as
    | {
        containers?: unknown;
        template?: { spec?: PodSpec };
        jobTemplate?: { spec?: { template?: { spec?: PodSpec } } };
      }
    | undefined;
  return [
    spec?.containers ? (spec as PodSpec) : undefined,
    spec?.template?.spec,
    spec?.jobTemplate?.spec?.template?.spec,
  ].filter((s): s is PodSpec => s !== undefined);
}
const containers = (pod: PodSpec) => [...(pod.containers ?? []), ...(pod.initContainers ?? [])];

function subjects(obj: K8sObject): { kind?: string; name?: string; namespace?: string }[] {
  const isBinding =
    (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') &&
    obj.apiVersion.startsWith('rbac.authorization.k8s.io/');
  return isBinding ? ((obj['subjects'] ?? []) as { name?: string }[]) : [];
}

function splitImage(image: string): { name: string; tag: string; digest: string } {
  const at = image.indexOf('@');
  let name = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? '' : image.slice(at + 1);
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : '';
  if (tag) name = name.slice(0, colon);
  return { name, tag, digest };
}

function setImage(acc: Resource[], image: Image, file: string): void {
  onlyKeys(image, ['name', 'newName', 'newTag', 'digest'], `${file} images`);
  for (const key of ['name', 'newName', 'newTag', 'digest'] as const) {
    if (image[key] !== undefined && typeof image[key] !== 'string')
      fail(`${file} images ${image.name}: ${key} must be a string (quote it)`);
  }
  const matches = new RegExp(
    `^${image.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`,
  );
  for (const { obj } of acc) {
    for (const container of podSpecs(obj).flatMap(containers)) {
      if (!container.image || !matches.test(container.image)) continue;
      let { name, tag, digest } = splitImage(container.image);
      name = image.newName ?? name;
      // As kustomize: a new tag or digest replaces both the old tag and the old digest.
      if (image.newTag !== undefined || image.digest !== undefined)
        [tag, digest] = [image.newTag ?? '', image.digest ?? ''];
      container.image = `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
    }
  }
}

/** Go's encoding/json: sorted keys, and <, >, & (and U+2028/9) escaped. */
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${goJson(k)}:${goJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const ENCODE: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };

/**
 * kustomize's api/hasher: sha256 of Go JSON {kind, name, data[, binaryData]}, first 10 hex digits with 0,1,3,a,e
 * swapped out. The name is always "": kustomize looks up "metadata/name" as one key, which never exists.
 */
export function configMapHash(cm: Record<string, unknown>): string {
  const fields: Record<string, unknown> = { kind: 'ConfigMap', name: '', data: cm['data'] ?? '' };
  if (typeof cm['binaryData'] === 'object' && cm['binaryData'] !== null) fields['binaryData'] = cm['binaryData'];
  const hex = createHash('sha256').update(goJson(fields)).digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (c) => ENCODE[c] ?? c);
}

/** As kustomize does once the build is done: hash suffixes, then references to renamed objects. */
function finish(acc: Resource[]): void {
  const renamed = new Map<string, string>(); // "namespace/old name" → new name
  for (const { obj, hashSuffix } of acc) {
    if (!hashSuffix) continue;
    const name = `${obj.metadata.name}-${configMapHash(obj)}`;
    renamed.set(`${obj.metadata.namespace || 'default'}/${obj.metadata.name}`, name);
    obj.metadata.name = name;
  }
  for (const { obj } of acc) {
    const rename = (ref: { name?: string } | undefined) => {
      const to = ref?.name && renamed.get(`${obj.metadata.namespace || 'default'}/${ref.name}`);
      if (ref && to) ref.name = to;
    };
    for (const pod of podSpecs(obj)) {
      for (const volume of pod.volumes ?? [])
        [volume.configMap, ...(volume.projected?.sources ?? []).map((s) => s.configMap)].forEach(rename);
      for (const container of containers(pod)) {
        for (const env of container.env ?? []) rename(env.valueFrom?.configMapKeyRef);
        for (const from of container.envFrom ?? []) rename(from.configMapRef);
      }
    }
    for (const subject of subjects(obj).filter((s) => s.kind === 'ServiceAccount')) {
      const id = `v1 ServiceAccount ${subject.namespace || 'default'}/${subject.name}`;
      const account = acc.find((r) => r.obj.kind === 'ServiceAccount' && r.priorIds.includes(id));
      if (account) subject.namespace = account.obj.metadata.namespace;
    }
  }
}

/** `kustomize build dir`, as parsed objects in accumulation order. */
export function kustomizeBuild(dir: string): K8sObject[] {
  const acc = accumulate(resolve(dir), 'Kustomization', [], []);
  finish(acc);
  return acc.map((r) => r.obj);
}
