import { describe, it, expect } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ManifestRefusal, type ManifestReason } from '../../src/domain/manifest-errors.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { parseImageRef } from '../../src/domain/image-ref.js';
import {
  detectFormat,
  readImage,
  readReplicas,
  setImage,
  setReplicas,
  type ManifestTarget,
} from '../../src/domain/manifest.js';

/** The expected text: `from` must occur exactly once, so a test cannot pass by replacing nothing. */
function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `"${from}" should occur exactly once`).toBe(1);
  return text.replace(from, () => to);
}

function refusal(run: () => unknown): ManifestRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof ManifestRefusal) return error;
    throw error;
  }
  throw new Error('expected a ManifestRefusal');
}

// Trimmed from the argo-rollouts canary example (fixtures/argo-rollouts/canary/canary-rollout.yaml).
const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  annotations:
    rollout.argoproj.io/revision: "31"
  labels:
    app: canary-demo
  name: canary-demo
  namespace: jesse-test
spec:
  progressDeadlineSeconds: 30
  replicas: 5
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      app: canary-demo
  strategy:
    canary:
      canaryService: canary-demo-preview
      steps:
      - setWeight: 20
      - pause: {}
      - setWeight: 40
      - pause:
          duration: 10s
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: canary-demo
    spec:
      containers:
      - image: argoproj/rollouts-demo:does-not-exist
        imagePullPolicy: Always
        name: canary-demo
        ports:
        - containerPort: 8080
          name: http
          protocol: TCP
status:
  HPAReplicas: 6
  availableReplicas: 5
  replicas: 6
`;

const deployment = `# llm-api: serves the completion endpoint
# owner: ml-platform

apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm-api   # keep in sync with the Service
  labels: {app: llm-api, tier: "gpu"}
spec:
  # scaled by Kanaria; the HPA is off for GPU pools

  replicas: 2 # two A100 nodes
  selector:
    matchLabels:
      app: llm-api

  template:
    metadata:
      labels:
        app: llm-api
    spec:
      initContainers:
        - name: fetch-weights
          image: "ghcr.io/acme/weights-fetcher:0.4.1"
      containers:
        - name: api
          image: ghcr.io/acme/llm-api:1.4.2 # bumped by Kanaria
          ports:
            - containerPort: 8080   # http
          resources:
            limits:
              nvidia.com/gpu: 1
        - name: metrics
          image: 'prom/statsd-exporter:v0.26.0'
`;

const multiDoc = `--- # the Service first
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  # the selector must match the template labels
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.25.0
...
`;

const twoDeployments = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: blue
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: app
          image: acme/app:1.0.0
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: green
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: app
          image: acme/app:1.1.0
`;

const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
# base manifests
resources:
  - ../../base

images:
  - name: ghcr.io/acme/llm-api   # the API server
    newTag: "1.4.2"
  - name: nginx
    newName: registry.internal/mirror/nginx
    newTag: 1.25.3
  - name: redis
    digest: sha256:${'a'.repeat(64)}
  - { name: busybox, newTag: "1.36" }

replicas:
  - name: llm-api
    count: 2 # one per GPU node
`;

const helmValues = `# Default values for llm-api.
# This is a YAML-formatted file.

replicaCount: 1

image:
  repository: ghcr.io/acme/llm-api
  pullPolicy: IfNotPresent
  # Overrides the image tag whose default is the chart appVersion.
  tag: "1.4.2" # pinned by Kanaria

service:
  type: ClusterIP
`;

const helmRegistry = `api:
  replicaCount: 2
  image:
    registry: docker.io
    repository: acme/api
    tag: 2.1.0   # release train
    digest: ""
worker:
  # the queue consumer
  image:
    repository: acme/worker
    tag: v2.1.0
`;

const digest = `sha256:${'b'.repeat(64)}`;
const img = (ref: string) => parseImageRef(ref);

describe('detectFormat', () => {
  it.each([
    ['apps/x/kustomization.yaml', 'resources: []\n', 'kustomize'],
    ['apps/x/kustomization.yml', 'resources: []\n', 'kustomize'],
    ['apps/x/Kustomization', 'resources: []\n', 'kustomize'],
    ['apps/x/overlay.yaml', kustomization, 'kustomize'],
    ['apps/x/rollout.yaml', rollout, 'workload'],
    ['apps/x/all.yaml', multiDoc, 'workload'],
    ['charts/x/values.yaml', helmValues, 'helm'],
    ['charts/x/values.yaml', '', 'helm'],
  ] as const)('%s → %s', (fileName, text, format) => {
    expect(detectFormat(fileName, text)).toBe(format);
  });
});

describe('setImage: workload', () => {
  it.each<[string, string, string, ManifestTarget, string, string, string]>([
    [
      'Rollout, single container',
      'apps/demo/rollout.yaml',
      rollout,
      {},
      'argoproj/rollouts-demo:blue',
      'image: argoproj/rollouts-demo:does-not-exist\n',
      'image: argoproj/rollouts-demo:blue\n',
    ],
    [
      'plain scalar with an inline comment',
      'apps/llm-api/deploy.yaml',
      deployment,
      { container: 'api' },
      'ghcr.io/acme/llm-api:1.5.0',
      'image: ghcr.io/acme/llm-api:1.4.2 # bumped',
      'image: ghcr.io/acme/llm-api:1.5.0 # bumped',
    ],
    [
      'single-quoted scalar',
      'apps/llm-api/deploy.yaml',
      deployment,
      { container: 'metrics' },
      'prom/statsd-exporter:v0.27.1',
      "'prom/statsd-exporter:v0.26.0'",
      "'prom/statsd-exporter:v0.27.1'",
    ],
    [
      'double-quoted init container',
      'apps/llm-api/deploy.yaml',
      deployment,
      { container: 'fetch-weights' },
      `ghcr.io/acme/weights-fetcher@${digest}`,
      '"ghcr.io/acme/weights-fetcher:0.4.1"',
      `"ghcr.io/acme/weights-fetcher@${digest}"`,
    ],
    [
      'second document of a multi-document file',
      'apps/web/all.yaml',
      multiDoc,
      {},
      'nginx:1.27.0',
      'image: nginx:1.25.0',
      'image: nginx:1.27.0',
    ],
    [
      'workload chosen by name',
      'apps/app/bg.yaml',
      twoDeployments,
      { container: 'app', workload: 'green' },
      'acme/app:1.2.0',
      'acme/app:1.1.0',
      'acme/app:1.2.0',
    ],
    [
      'tag and digest together',
      'apps/demo/rollout.yaml',
      rollout,
      { container: 'canary-demo' },
      `argoproj/rollouts-demo:blue@${digest}`,
      'argoproj/rollouts-demo:does-not-exist',
      `argoproj/rollouts-demo:blue@${digest}`,
    ],
  ])('%s', (_name, fileName, text, target, ref, from, to) => {
    const edit = setImage(fileName, text, target, img(ref));
    expect(edit.text).toBe(replaceOnce(text, from, to));
    expect(edit).toMatchObject({ format: 'workload', after: ref, changed: true });
    expect(readImage(fileName, edit.text, target)).toBe(ref);
  });

  it('reports the old value as before', () => {
    expect(setImage('d.yaml', deployment, { container: 'api' }, img('ghcr.io/acme/llm-api:1.5.0')).before).toBe(
      'ghcr.io/acme/llm-api:1.4.2',
    );
  });

  it('CronJob images live under jobTemplate', () => {
    const cron =
      'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              image: acme/batch:1\n';
    const edit = setImage('c.yaml', cron, {}, img('acme/batch:2'));
    expect(edit.text).toBe(replaceOnce(cron, 'acme/batch:1', 'acme/batch:2'));
  });

  it('a Rollout with workloadRef next to its Deployment edits the Deployment', () => {
    const text = `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: api\nspec:\n  replicas: 3\n  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: blue\n---\n${twoDeployments.split('---\n')[0] ?? ''}`;
    expect(setImage('r.yaml', text, {}, img('acme/app:9')).text).toBe(
      replaceOnce(text, 'acme/app:1.0.0', 'acme/app:9'),
    );
    // Replicas belong to the Rollout, not to the referenced Deployment.
    expect(setReplicas('r.yaml', text, {}, 4).text).toBe(replaceOnce(text, 'replicas: 3', 'replicas: 4'));
  });

  it('replaces a block scalar with a double-quoted one and keeps the next key on its line', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n        - image: >-\n            nginx:1.25.0\n          name: web\n';
    const edit = setImage('x.yaml', text, {}, img('nginx:1.27.0'));
    expect(edit.text).toBe(replaceOnce(text, '>-\n            nginx:1.25.0\n', '"nginx:1.27.0"\n'));
  });
});

describe('setReplicas: workload', () => {
  it('edits spec.replicas only (not status.replicas)', () => {
    const edit = setReplicas('apps/demo/rollout.yaml', rollout, {}, 7);
    expect(edit.text).toBe(replaceOnce(rollout, '  replicas: 5\n', '  replicas: 7\n'));
    expect(edit).toMatchObject({ before: '5', after: '7', changed: true, format: 'workload' });
  });

  it('keeps the inline comment', () => {
    expect(setReplicas('d.yaml', deployment, {}, 3).text).toBe(
      replaceOnce(deployment, 'replicas: 2 # two', 'replicas: 3 # two'),
    );
  });

  it('inserts spec.replicas as the first key of spec, above the comment on that key', () => {
    const edit = setReplicas('apps/web/all.yaml', multiDoc, {}, 2);
    expect(edit.text).toBe(replaceOnce(multiDoc, 'spec:\n  # the selector', 'spec:\n  replicas: 2\n  # the selector'));
    expect(edit.before).toBe('(unset)');
    expect(readReplicas('apps/web/all.yaml', edit.text, {})).toBe(2);
  });

  it('inserts in front of a first key that shares its line', () => {
    const text = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec: {serviceName: db}\n';
    expect(setReplicas('s.yaml', text, {}, 3).text).toBe(
      replaceOnce(text, '{serviceName: db}', '{replicas: 3, serviceName: db}'),
    );
  });

  it('scales the named workload', () => {
    const edit = setReplicas('bg.yaml', twoDeployments, { workload: 'green' }, 0);
    const expected = twoDeployments.split('---\n');
    expect(edit.text).toBe(`${expected[0] ?? ''}---\n${replaceOnce(expected[1] ?? '', 'replicas: 1', 'replicas: 0')}`);
  });
});

describe('flow style and block scalars', () => {
  const d = `sha256:${'c'.repeat(64)}`;
  const flowDeployment =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: {template: {spec: {containers: [{name: a, image: "nginx:1"}]}}}\n';
  const flowImages = 'images:\r\n- {newTag: "1", name: x} # pinned\r\n- name: y\r\n  newTag: v1\r\n';
  it.each<[string, () => string, string]>([
    [
      'image inside flow collections',
      () => setImage('d.yaml', flowDeployment, {}, img('nginx:1.20')).text,
      replaceOnce(flowDeployment, 'image: "nginx:1"', 'image: "nginx:1.20"'),
    ],
    [
      'replicas into an empty flow spec',
      () => setReplicas('d.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: {}\n', {}, 2).text,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: { replicas: 2 }\n',
    ],
    [
      'flow kustomize entry: first key removed, digest added',
      () => setImage('kustomization.yaml', flowImages, { container: 'x' }, img(`x@${d}`)).text,
      replaceOnce(flowImages, '{newTag: "1", name: x}', `{name: x, digest: ${d}}`),
    ],
    [
      'flow helm block: a float-looking tag is quoted',
      () => setImage('values.yaml', 'image: {repository: nginx, tag: 1.0}\n', {}, img('nginx:1.1')).text,
      'image: {repository: nginx, tag: "1.1"}\n',
    ],
    [
      'keep-chomped block scalar: its trailing blank lines stay',
      () =>
        setImage(
          'values.yaml',
          'image:\n  repository: nginx\n  tag: |+\n    1.0\n\n\nother: 1\n',
          {},
          img('nginx:true'),
        ).text,
      'image:\n  repository: nginx\n  tag: "true"\n\n\nother: 1\n',
    ],
  ])('%s', (_name, run, expected) => {
    expect(run()).toBe(expected);
  });
});

describe('line endings and trailing newline', () => {
  const crlf = deployment.replaceAll('\n', '\r\n');

  it('keeps CRLF line endings when editing a value', () => {
    const edit = setImage('d.yaml', crlf, { container: 'api' }, img('ghcr.io/acme/llm-api:1.5.0'));
    expect(edit.text).toBe(
      replaceOnce(crlf, 'llm-api:1.4.2 # bumped by Kanaria\r\n', 'llm-api:1.5.0 # bumped by Kanaria\r\n'),
    );
  });

  it('inserts lines with CRLF', () => {
    const text = multiDoc.replaceAll('\n', '\r\n');
    const edit = setReplicas('all.yaml', text, {}, 2);
    expect(edit.text).toBe(
      replaceOnce(text, 'spec:\r\n  # the selector', 'spec:\r\n  replicas: 2\r\n  # the selector'),
    );
    expect(edit.text.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('keeps a missing trailing newline', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25.0';
    const edit = setImage('d.yaml', text, {}, img('nginx:1.27.0'));
    expect(edit.text).toBe(replaceOnce(text, 'nginx:1.25.0', 'nginx:1.27.0'));
    expect(edit.text.endsWith('nginx:1.27.0')).toBe(true);
  });
});

describe('setImage: kustomize', () => {
  const file = 'apps/llm-api/overlays/prod/kustomization.yaml';
  const aDigest = `sha256:${'a'.repeat(64)}`;
  it.each<[string, ManifestTarget, string, string, string, string]>([
    [
      'double-quoted newTag',
      { container: 'ghcr.io/acme/llm-api' },
      'ghcr.io/acme/llm-api:1.5.0',
      'newTag: "1.4.2"',
      'newTag: "1.5.0"',
      'ghcr.io/acme/llm-api:1.5.0',
    ],
    [
      'newName already points at the mirror',
      { container: 'nginx' },
      'registry.internal/mirror/nginx:1.27.0',
      'newTag: 1.25.3',
      'newTag: 1.27.0',
      'registry.internal/mirror/nginx:1.27.0',
    ],
    [
      'repository equal to name: an existing newName is set to it',
      { container: 'nginx' },
      'nginx:1.27.0',
      'newName: registry.internal/mirror/nginx\n    newTag: 1.25.3',
      'newName: nginx\n    newTag: 1.27.0',
      'nginx:1.27.0',
    ],
    [
      'digest → tag: removes digest, adds newTag (quoted: 7.2 is a number)',
      { container: 'redis' },
      'redis:7.2',
      `  - name: redis\n    digest: ${aDigest}\n`,
      '  - name: redis\n    newTag: "7.2"\n',
      'redis:7.2',
    ],
    [
      'tag → digest: adds digest, removes newTag',
      { container: 'ghcr.io/acme/llm-api' },
      `ghcr.io/acme/llm-api@${digest}`,
      '# the API server\n    newTag: "1.4.2"\n',
      `# the API server\n    digest: ${digest}\n`,
      `ghcr.io/acme/llm-api@${digest}`,
    ],
    [
      'new repository: adds newName after name',
      { container: 'redis' },
      `mirror.io/redis@${digest}`,
      `  - name: redis\n    digest: ${aDigest}\n`,
      `  - name: redis\n    newName: mirror.io/redis\n    digest: ${digest}\n`,
      `mirror.io/redis@${digest}`,
    ],
    [
      'flow mapping: newTag',
      { container: 'busybox' },
      'busybox:1.37',
      '{ name: busybox, newTag: "1.36" }',
      '{ name: busybox, newTag: "1.37" }',
      'busybox:1.37',
    ],
    [
      'flow mapping: newName and digest',
      { container: 'busybox' },
      `mirror.io/busybox@${digest}`,
      '{ name: busybox, newTag: "1.36" }',
      `{ name: busybox, newName: mirror.io/busybox, digest: ${digest} }`,
      `mirror.io/busybox@${digest}`,
    ],
  ])('%s', (_name, target, ref, from, to, after) => {
    const edit = setImage(file, kustomization, target, img(ref));
    expect(edit.text).toBe(replaceOnce(kustomization, from, to));
    expect(edit).toMatchObject({ format: 'kustomize', after, changed: true });
    expect(readImage(file, edit.text, target)).toBe(after);
  });

  it('before is the effective image', () => {
    expect(setImage(file, kustomization, { container: 'nginx' }, img('nginx:1.27.0')).before).toBe(
      'registry.internal/mirror/nginx:1.25.3',
    );
    expect(readImage(file, kustomization, { container: 'redis' })).toBe(`redis@${aDigest}`);
  });

  it('uses the only images entry when no name is given', () => {
    const text = 'images:\n- name: web\n  newTag: v1 # pinned';
    expect(setImage('kustomization.yml', text, {}, img('web:v2')).text).toBe(
      'images:\n- name: web\n  newTag: v2 # pinned',
    );
  });

  it('removes a last line that has no trailing newline', () => {
    const text = `images:\n  - name: web\n    digest: ${aDigest}`;
    expect(setImage('kustomization.yaml', text, {}, img('web:v2')).text).toBe('images:\n  - name: web\n    newTag: v2');
  });

  it('edits a list item whose first key is the one being removed', () => {
    const text = `images:\n  - digest: ${aDigest}\n    name: web\n`;
    expect(setImage('kustomization.yaml', text, {}, img('web:v2')).text).toBe(
      'images:\n  - name: web\n    newTag: v2\n',
    );
  });
});

describe('replicas: kustomize', () => {
  const file = 'overlays/prod/kustomization.yaml';
  it('edits the entry named by workload and keeps its comment', () => {
    const edit = setReplicas(file, kustomization, { workload: 'llm-api' }, 4);
    expect(edit.text).toBe(replaceOnce(kustomization, 'count: 2 # one', 'count: 4 # one'));
    expect(readReplicas(file, edit.text, { workload: 'llm-api' })).toBe(4);
  });

  it('uses the only entry when the container name differs', () => {
    expect(setReplicas(file, kustomization, { container: 'api' }, 3).after).toBe('3');
  });

  it('has no count without a replicas list', () => {
    expect(readReplicas(file, 'images: []\n', {})).toBeUndefined();
  });
});

describe('setImage: helm values', () => {
  const file = 'charts/llm-api/values.yaml';
  it.each<[string, string, ManifestTarget, string, string, string, string]>([
    [
      'double-quoted tag with a comment',
      helmValues,
      {},
      'ghcr.io/acme/llm-api:1.5.0',
      'tag: "1.4.2" #',
      'tag: "1.5.0" #',
      'ghcr.io/acme/llm-api:1.5.0',
    ],
    [
      'repository only',
      helmValues,
      {},
      'ghcr.io/acme/llm-api-next:1.4.2',
      'repository: ghcr.io/acme/llm-api\n',
      'repository: ghcr.io/acme/llm-api-next\n',
      'ghcr.io/acme/llm-api-next:1.4.2',
    ],
    [
      'registry split from the reference',
      helmRegistry,
      { container: 'api.image' },
      'ghcr.io/acme/api:2.2.0',
      'registry: docker.io\n    repository: acme/api\n    tag: 2.1.0',
      'registry: ghcr.io\n    repository: acme/api\n    tag: 2.2.0',
      'ghcr.io/acme/api:2.2.0',
    ],
    [
      'reference without registry keeps the registry',
      helmRegistry,
      { container: 'api.image' },
      'acme/api-v2:2.2.0',
      'repository: acme/api\n    tag: 2.1.0',
      'repository: acme/api-v2\n    tag: 2.2.0',
      'docker.io/acme/api-v2:2.2.0',
    ],
    [
      'digest into the digest key, tag left alone',
      helmRegistry,
      { container: 'api.image' },
      `acme/api@${digest}`,
      'digest: ""',
      `digest: "${digest}"`,
      `docker.io/acme/api:2.1.0@${digest}`,
    ],
    [
      'plain tag',
      helmRegistry,
      { container: 'worker.image' },
      'acme/worker:v2.2.0',
      'tag: v2.1.0',
      'tag: v2.2.0',
      'acme/worker:v2.2.0',
    ],
    [
      'image given as one string',
      'image: nginx:1.25.0 # upstream\n',
      {},
      'nginx:1.27.0',
      'nginx:1.25.0',
      'nginx:1.27.0',
      'nginx:1.27.0',
    ],
  ])('%s', (_name, text, target, ref, from, to, after) => {
    const edit = setImage(file, text, target, img(ref));
    expect(edit.text).toBe(replaceOnce(text, from, to));
    expect(edit).toMatchObject({ format: 'helm', after, changed: true });
    expect(readImage(file, edit.text, target)).toBe(after);
  });

  it('quotes a tag that YAML would read as a number, so it stays the string "1.20"', () => {
    const edit = setImage(file, helmRegistry, { container: 'worker.image' }, img('acme/worker:1.20'));
    expect(edit.text).toBe(replaceOnce(helmRegistry, 'tag: v2.1.0', 'tag: "1.20"'));
    expect((parse(edit.text) as { worker: { image: { tag: unknown } } }).worker.image.tag).toBe('1.20');
  });

  it('re-quotes an unquoted 1.20 that is already in the file', () => {
    const text = 'image:\n  repository: nginx\n  tag: 1.20\n';
    const edit = setImage(file, text, {}, img('nginx:1.20'));
    expect(edit.text).toBe('image:\n  repository: nginx\n  tag: "1.20"\n');
    expect(edit.changed).toBe(true);
  });

  it('clears an old digest when only a tag is given (the digest would win)', () => {
    const text = helmRegistry.replace('digest: ""', `digest: "${digest}"`);
    const edit = setImage(file, text, { container: 'api.image' }, img('acme/api:3.0.0'));
    expect(edit.text).toBe(
      replaceOnce(replaceOnce(text, `digest: "${digest}"`, 'digest: ""'), 'tag: 2.1.0', 'tag: 3.0.0'),
    );
    expect(edit.after).toBe('docker.io/acme/api:3.0.0');
  });

  it('fills an empty tag', () => {
    const text = 'image:\n  repository: nginx\n  tag:\n  pullPolicy: Always\n';
    expect(setImage(file, text, {}, img('nginx:1.27.0')).text).toBe(
      'image:\n  repository: nginx\n  tag: 1.27.0\n  pullPolicy: Always\n',
    );
  });

  it('adds a missing tag after repository', () => {
    const text = 'image:\n  repository: nginx # upstream\n  pullPolicy: Always\n';
    expect(setImage(file, text, {}, img('nginx:1.27.0')).text).toBe(
      'image:\n  repository: nginx # upstream\n  tag: 1.27.0\n  pullPolicy: Always\n',
    );
  });
});

describe('replicas: helm values', () => {
  const file = 'charts/llm-api/values.yaml';
  it.each<[string, string, ManifestTarget, number, string, string]>([
    ['top-level replicaCount', helmValues, {}, 3, 'replicaCount: 1', 'replicaCount: 3'],
    ['nested replicaCount', helmRegistry, { container: 'api.image' }, 5, 'replicaCount: 2', 'replicaCount: 5'],
    [
      'inserted as the first key of the parent',
      helmRegistry,
      { container: 'worker.image' },
      3,
      'worker:\n  # the queue',
      'worker:\n  replicaCount: 3\n  # the queue',
    ],
    ['inserted at the top level', 'image:\n  repository: nginx\n', {}, 2, 'image:', 'replicaCount: 2\nimage:'],
    [
      'inserted below the file header comment',
      '# values for web\nimage:\n  repository: nginx\n',
      {},
      2,
      '\nimage:',
      '\nreplicaCount: 2\nimage:',
    ],
  ])('%s', (_name, text, target, replicas, from, to) => {
    const edit = setReplicas(file, text, target, replicas);
    expect(edit.text).toBe(replaceOnce(text, from, to));
    expect(readReplicas(file, edit.text, target)).toBe(replicas);
  });
});

describe('unchanged values', () => {
  it.each<[string, string, string, ManifestTarget, string]>([
    ['workload', 'd.yaml', deployment, { container: 'api' }, 'ghcr.io/acme/llm-api:1.4.2'],
    ['kustomize', 'kustomization.yaml', kustomization, { container: 'nginx' }, 'registry.internal/mirror/nginx:1.25.3'],
    ['helm', 'values.yaml', helmValues, {}, 'ghcr.io/acme/llm-api:1.4.2'],
    ['helm with registry', 'values.yaml', helmRegistry, { container: 'api.image' }, 'docker.io/acme/api:2.1.0'],
  ])('%s image', (_name, fileName, text, target, ref) => {
    const edit = setImage(fileName, text, target, img(ref));
    expect(edit).toMatchObject({ text, changed: false, before: edit.after });
  });

  it.each<[string, string, string, ManifestTarget, number]>([
    ['workload', 'r.yaml', rollout, {}, 5],
    ['kustomize', 'kustomization.yaml', kustomization, {}, 2],
    ['helm', 'values.yaml', helmValues, {}, 1],
  ])('%s replicas', (_name, fileName, text, target, replicas) => {
    expect(setReplicas(fileName, text, target, replicas)).toMatchObject({
      text,
      changed: false,
      before: String(replicas),
    });
  });
});

describe('errors', () => {
  const workloadRef = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: llm-api
spec:
  replicas: 3
  workloadRef:
    apiVersion: apps/v1
    kind: Deployment
    name: llm-api-base
`;
  const daemonSet =
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: dcgm-exporter\nspec:\n  template:\n    spec:\n      containers:\n        - name: dcgm\n          image: nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5\n';
  const twoContainers = rollout.replace(
    '      - image: argoproj',
    '      - name: web\n        image: nginx:1\n      - image: argoproj',
  );

  it.each<[string, () => unknown, ManifestReason, RegExp, RegExp?]>([
    [
      'container not found, with the names',
      () => setImage('apps/llm-api/rollout.yaml', twoContainers, { container: 'api' }, img('x:1')),
      'workload.containerNotFound',
      /^container "api" not found in Rollout canary-demo in apps\/llm-api\/rollout\.yaml; its containers are: web, canary-demo$/,
      /apps\.<app>\.container/,
    ],
    [
      'several containers and none named',
      () => readImage('r.yaml', twoContainers, {}),
      'workload.whichContainer',
      /Rollout canary-demo in r\.yaml has 2 containers \(web, canary-demo\)/,
    ],
    [
      'container in several workloads',
      () => setImage('bg.yaml', twoDeployments, { container: 'app' }, img('acme/app:2')),
      'workload.containerInSeveral',
      /container "app" is in several workloads in bg\.yaml: Deployment blue, Deployment green/,
      /apps\.<app>\.workload/,
    ],
    [
      'several workloads, nothing named',
      () => setReplicas('bg.yaml', twoDeployments, {}, 2),
      'workload.severalToScale',
      /several workloads \(Deployment blue, Deployment green\)/,
    ],
    [
      'no such workload',
      () => readImage('bg.yaml', twoDeployments, { workload: 'red' }),
      'workload.notFound',
      /no workload named "red" in bg\.yaml; it holds: Deployment blue, Deployment green/,
    ],
    [
      'Rollout with workloadRef',
      () => setImage('apps/llm-api/rollout.yaml', workloadRef, {}, img('x:1')),
      'workload.workloadRef',
      /Rollout llm-api in apps\/llm-api\/rollout\.yaml .*referenced Deployment llm-api-base/,
      /Deployment llm-api-base/,
    ],
    [
      'DaemonSet replicas',
      () => setReplicas('dcgm.yaml', daemonSet, {}, 2),
      'workload.daemonSetReplicas',
      /DaemonSet dcgm-exporter in dcgm\.yaml has no replicas/,
    ],
    [
      'no workload in a workload file',
      () => readImage('svc.yaml', multiDoc.split('---\n')[0] ?? '', {}),
      'workload.none',
      /svc\.yaml holds no workload/,
    ],
    [
      'missing kustomize images entry',
      () => setImage('kustomization.yaml', kustomization, { container: 'postgres' }, img('postgres:16')),
      'kustomize.imageNotFound',
      /no images: entry named "postgres" in kustomization\.yaml; its entries are: ghcr\.io\/acme\/llm-api, nginx, redis, busybox/,
    ],
    [
      'several kustomize entries, none named',
      () => readImage('kustomization.yaml', kustomization, {}),
      'kustomize.whichImage',
      /several images: entries/,
    ],
    [
      'kustomize image without tag',
      () => setImage('kustomization.yaml', kustomization, { container: 'nginx' }, img('nginx')),
      'kustomize.noTag',
      /no tag or digest/,
    ],
    [
      'no kustomize replicas entry',
      () => setReplicas('kustomization.yaml', 'images: []\n', {}, 2),
      'kustomize.noReplicas',
      /has no replicas: entries/,
      /Add `replicas:/,
    ],
    [
      'kustomize replicas entry not found',
      () => setReplicas('kustomization.yaml', kustomization, { workload: 'db' }, 2),
      'kustomize.replicasNotFound',
      /no replicas: entry named "db".*entries are: llm-api/,
    ],
    [
      'helm digest without a digest key',
      () => setImage('values.yaml', helmValues, {}, img(`ghcr.io/acme/llm-api@${digest}`)),
      'helm.noDigestKey',
      /values\.yaml has no `image\.digest`/,
      /Give a tag instead/,
    ],
    [
      'helm reference without tag',
      () => setImage('values.yaml', helmValues, {}, img('ghcr.io/acme/llm-api')),
      'helm.noTag',
      /no tag or digest/,
    ],
    [
      'helm block not found',
      () => readImage('values.yaml', helmValues, { container: 'api.image' }),
      'helm.blockMissing',
      /no `api\.image` in values\.yaml/,
    ],
    ['negative replicas', () => setReplicas('r.yaml', rollout, {}, -1), 'notReplicaCount', /not a replica count/],
    [
      'malformed YAML names the line',
      () => setImage('apps/x/deploy.yaml', 'kind: Deployment\nspec:\n  replicas: 1\n template: {}\n', {}, img('x:1')),
      'yaml.invalid',
      /^apps\/x\/deploy\.yaml is not valid YAML: line 4, column 1: All mapping items must start at the same column$/,
      /Fix the YAML in apps\/x\/deploy\.yaml/,
    ],
    [
      'duplicate keys',
      () => readReplicas('d.yaml', 'kind: Deployment\napiVersion: v1\nspec:\n  replicas: 1\n  replicas: 2\n', {}),
      'yaml.invalid',
      /line 5/,
    ],
    [
      'image through an alias',
      () =>
        setImage(
          'd.yaml',
          'apiVersion: v1\nkind: Deployment\nx: &img nginx:1\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: *img\n',
          {},
          img('nginx:2'),
        ),
      'yaml.alias',
      /`image` in d\.yaml \(line 9\) is a YAML alias \(\*img\)/,
    ],
    [
      'image under an anchor',
      () =>
        setImage(
          'd.yaml',
          'apiVersion: v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: &img nginx:1\n',
          {},
          img('nginx:2'),
        ),
      'text.anchored',
      /anchor &img/,
    ],
    [
      'image inside an aliased mapping',
      () =>
        setImage(
          'd.yaml',
          'apiVersion: v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: &c\n        - name: a\n          image: nginx:1\ncopy: *c\n',
          { container: 'a' },
          img('nginx:2'),
        ),
      'text.anchored',
      /anchor &c/,
    ],
    [
      'merge key',
      () =>
        readImage(
          'd.yaml',
          'apiVersion: v1\nkind: Deployment\nbase: &b {image: nginx:1}\nspec:\n  template:\n    spec:\n      containers:\n        - <<: *b\n          name: a\n',
          {},
        ),
      'yaml.mergeKey',
      /merge key/,
    ],
  ])('%s', (_name, run, reason, message, hint) => {
    const error = refusal(run);
    expect(error.reason).toBe(reason);
    expect(error.key).toBe(`errorsManifest.${reason}`);
    const words = explain(wordsFor('en'), error);
    expect(words.message).toMatch(message);
    if (hint !== undefined) expect(words.hint).toMatch(hint);
  });
});

describe('reads', () => {
  it.each<[string, string, ManifestTarget, string]>([
    ['r.yaml', rollout, {}, 'argoproj/rollouts-demo:does-not-exist'],
    ['d.yaml', deployment, { container: 'fetch-weights' }, 'ghcr.io/acme/weights-fetcher:0.4.1'],
    ['kustomization.yaml', kustomization, { container: 'busybox' }, 'busybox:1.36'],
    ['values.yaml', 'image:\n  repository: nginx\n  tag: 1.20\n', {}, 'nginx:1.20'],
    ['values.yaml', helmRegistry, { container: 'api.image' }, 'docker.io/acme/api:2.1.0'],
  ])('readImage %s', (fileName, text, target, image) => {
    expect(readImage(fileName, text, target)).toBe(image);
  });

  it('reads replicas, undefined when unset', () => {
    expect(readReplicas('r.yaml', rollout, {})).toBe(5);
    expect(readReplicas('all.yaml', multiDoc, {})).toBeUndefined();
    expect(readReplicas('values.yaml', helmRegistry, { container: 'worker.image' })).toBeUndefined();
  });

  it('keeps every other document intact in a multi-document file', () => {
    const edit = setImage('all.yaml', multiDoc, {}, img('nginx:1.27.0'));
    const docs = (text: string) => parseAllDocuments(text).map((doc) => doc.toJS() as unknown);
    expect(docs(edit.text)[0]).toEqual(docs(multiDoc)[0]);
  });
});
