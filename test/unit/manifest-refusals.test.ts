import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../src/domain/image-ref.js';
import { ManifestRefusal, type FieldRef, type ManifestReason } from '../../src/domain/manifest-errors.js';
import { readImage, setImage, setReplicas } from '../../src/domain/manifest.js';
import { Refusal } from '../../src/domain/errors.js';
import { catalogs, explain, wordsFor } from '../../src/i18n/index.js';

function refusal(run: () => unknown): ManifestRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof ManifestRefusal) return error;
    throw error;
  }
  throw new Error('expected a ManifestRefusal');
}

/** Every refusal of the manifest editors, as `group.reason` under errorsManifest (the field words aside). */
const reasons = Object.entries(catalogs.en.errorsManifest).flatMap(([group, value]) =>
  group === 'field' ? [] : 'hint' in value ? [group] : Object.keys(value).map((reason) => `${group}.${reason}`),
) as ManifestReason[];

/** Facts enough for any refusal: each message takes the ones it names. */
const facts = {
  file: 'apps/web/deploy.yaml',
  line: 7,
  column: 3,
  reason: 'All mapping items must start at the same column',
  key: 'image',
  alias: 'img',
  anchor: 'img',
  field: 'containerImage',
  container: 'web',
  workload: 'Rollout web',
  workloads: 'Deployment blue, Deployment green',
  containers: 'web, sidecar',
  kinds: 'Deployment, Rollout',
  deployment: 'web-base',
  count: 2,
  value: 'three',
  path: 'api.image',
  parent: 'api',
  repository: 'ghcr.io/acme/web',
  name: 'nginx',
  names: 'nginx, redis',
  replicas: -1,
};

describe('the words of every manifest refusal', () => {
  it('covers the refusals the editors throw', () => {
    expect(reasons).toContain('workload.containerNotFound');
    expect(reasons).toContain('notReplicaCount');
    expect(reasons.length).toBeGreaterThan(30);
  });

  it.each(reasons)('%s reads in English and Japanese, every fact filled in', (reason) => {
    const error = new ManifestRefusal(reason, facts as never);
    expect(error).toBeInstanceOf(Refusal);
    expect(error.key).toBe(`errorsManifest.${reason}`);
    const en = explain(wordsFor('en'), error);
    const ja = explain(wordsFor('ja'), error);
    for (const words of [en, ja]) {
      expect(words.hint, 'every refusal says what to do').toBeDefined();
      expect(`${words.message}\n${words.hint ?? ''}`).not.toMatch(/\{\{|\}\}|\$t\(/);
    }
    expect(ja.message).not.toBe(en.message);
    expect(ja.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
  });
});

describe('the value a refusal is about, in each language', () => {
  const anchored = (what: FieldRef) =>
    new ManifestRefusal('text.anchored', { ...what, file: 'd.yaml', line: 8, anchor: 'img' });
  it.each<[FieldRef, string, string]>([
    [
      { field: 'containerImage', container: 'a' },
      'the image of container "a" in d.yaml',
      'd.yaml の コンテナ "a" のイメージ',
    ],
    [
      { field: 'workloadReplicas', workload: 'Rollout web' },
      'spec.replicas of Rollout web in d.yaml',
      'd.yaml の Rollout web の spec.replicas',
    ],
    [{ field: 'valuesKey', path: 'api.image.tag' }, '`api.image.tag` in d.yaml', 'd.yaml の `api.image.tag`'],
    [
      { field: 'entryKey', path: 'images[nginx].newTag' },
      'images[nginx].newTag in d.yaml',
      'd.yaml の images[nginx].newTag',
    ],
  ])('%j', (what, en, ja) => {
    expect(explain(wordsFor('en'), anchored(what)).message).toBe(
      `${en} (line 8) is under the YAML anchor &img; changing it here would also change what the anchor's aliases say.`,
    );
    expect(explain(wordsFor('ja'), anchored(what)).message).toBe(
      `${ja} (8 行目) は YAML アンカー &img の下にあります。ここを変更すると、アンカーを参照するエイリアスの値も変わってしまいます。`,
    );
  });
});

describe('the editors refuse with facts, worded per language', () => {
  const rollout =
    'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1\n        - name: sidecar\n          image: envoy:1\n';
  const img = (ref: string) => parseImageRef(ref);

  it.each<[string, () => unknown, ManifestReason, Record<string, unknown>, string]>([
    [
      'no such container',
      () => setImage('apps/web/rollout.yaml', rollout, { container: 'api' }, img('x:1')),
      'workload.containerNotFound',
      { container: 'api', workload: 'Rollout web', file: 'apps/web/rollout.yaml', containers: 'web, sidecar' },
      'apps/web/rollout.yaml の Rollout web にコンテナ "api" が見つかりません。含まれているコンテナは web, sidecar です。',
    ],
    [
      'which container',
      () => readImage('r.yaml', rollout, {}),
      'workload.whichContainer',
      { workload: 'Rollout web', file: 'r.yaml', count: 2, containers: 'web, sidecar' },
      'r.yaml の Rollout web にはコンテナが 2 個 (web, sidecar) あります。どのコンテナか決められません。',
    ],
    [
      'not YAML',
      () => setImage('d.yaml', 'kind: Deployment\nspec:\n  replicas: 1\n template: {}\n', {}, img('x:1')),
      'yaml.invalid',
      { file: 'd.yaml', line: 4, column: 1 },
      'd.yaml は正しい YAML ではありません (4 行目 1 列): All mapping items must start at the same column',
    ],
    [
      'not a replica count',
      () => setReplicas('r.yaml', rollout, {}, 1.5),
      'notReplicaCount',
      { replicas: 1.5 },
      '1.5 はレプリカ数として使えません。',
    ],
    [
      'a Helm chart without a tag',
      () => setImage('values.yaml', 'image:\n  repository: nginx\n  tag: "1"\n', {}, img('nginx')),
      'helm.noTag',
      { repository: 'nginx', file: 'values.yaml', path: 'image' },
      '`nginx` にタグもダイジェストもありません。values.yaml には image.tag が必要です。',
    ],
    [
      'a kustomization without images',
      () => setImage('kustomization.yaml', 'resources: [a.yaml]\n', {}, img('nginx:1')),
      'kustomize.noImages',
      { file: 'kustomization.yaml' },
      'kustomization.yaml に images: のエントリがありません。',
    ],
  ])('%s', (_name, run, reason, expected, ja) => {
    const error = refusal(run);
    expect(error.reason).toBe(reason);
    expect(error.facts).toMatchObject(expected);
    expect(explain(wordsFor('ja'), error).message).toBe(ja);
  });
});
