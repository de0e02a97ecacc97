// Schema validation of Kubernetes objects with the kubernetes-models classes (ajv, compiled from the
// OpenAPI schemas; no network). The packages have no lookup by apiVersion/kind, so we index every exported
// model class once. Note: like the OpenAPI schemas, they accept unknown fields (a misspelt key passes).

/** A model class: `new Deployment(data).validate()` throws a ValidationError naming the failing path. */
type ModelClass = { apiVersion: string; kind: string; new (data: object): { validate(): void } };
type ValidationError = Error & { errors?: { instancePath: string; message?: string }[] };

const isModelClass = (value: unknown): value is ModelClass =>
  typeof value === 'function' &&
  typeof (value as Partial<ModelClass>).apiVersion === 'string' &&
  typeof (value as Partial<ModelClass>).kind === 'string';

/** Walks the packages' namespaces (package → group → version → class). */
function collect(namespace: object, models: Map<string, ModelClass>, depth = 0): void {
  for (const value of Object.values(namespace)) {
    if (isModelClass(value)) models.set(`${value.apiVersion} ${value.kind}`, value);
    else if (typeof value === 'object' && value !== null && depth < 3) collect(value, models, depth + 1);
  }
}

let loading: Promise<Map<string, ModelClass>> | undefined;
const loadModels = () =>
  (loading ??= Promise.all([
    import('kubernetes-models'),
    import('@kubernetes-models/prometheus-operator'),
    import('@kubernetes-models/argo-cd'),
  ]).then((packages) => {
    const models = new Map<string, ModelClass>();
    for (const pkg of packages) collect(pkg, models);
    return models;
  }));

export type SchemaCheck = (doc: unknown) => string[];

/**
 * Returns a check that lists what is wrong with a document (empty when it validates). A document whose
 * apiVersion/kind has no model is a problem too: a new kind must bring its schema, not skip the check.
 */
export async function loadSchemaCheck(): Promise<SchemaCheck> {
  const models = await loadModels();
  return (doc) => {
    const { apiVersion, kind, metadata } = (doc ?? {}) as {
      apiVersion?: unknown;
      kind?: unknown;
      metadata?: { name?: unknown };
    };
    const what = `${String(kind)} ${String(metadata?.name)}`;
    const Model = models.get(`${String(apiVersion)} ${String(kind)}`);
    if (!Model)
      return [
        `${what}: no schema for apiVersion ${String(apiVersion)}, kind ${String(kind)} (add its kubernetes-models package)`,
      ];
    try {
      new Model(doc as object).validate();
      return [];
    } catch (error) {
      const errors = (error as ValidationError).errors;
      if (!errors) throw error;
      return errors.map((e) => `${what}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    }
  };
}
