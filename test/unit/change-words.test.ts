import { describe, expect, it } from 'vitest';
import { changeSummary, describeChange, type ChangeDetail } from '../../src/blocks/changes.js';
import { wordsFor } from '../../src/i18n/index.js';
import type { Change } from '../../src/queues/gitops.js';

const EN = wordsFor('en');
const JA = wordsFor('ja');
const SHA = '9a02e0d1c2b3a4958677f8e9d0c1b2a3f4e5d6c7';

describe('a change in one line, in either language', () => {
  it.each<[Change, string, string]>([
    [
      { kind: 'deploy', app: 'web', image: 'nginx:1.27.0' },
      'deploy `web` → `nginx:1.27.0`',
      '`web` を `nginx:1.27.0` にデプロイ',
    ],
    [{ kind: 'scale', app: 'web', replicas: 1 }, 'scale `web` to 1 replica', '`web` を 1 レプリカにスケール'],
    [{ kind: 'scale', app: 'web', replicas: 3 }, 'scale `web` to 3 replicas', '`web` を 3 レプリカにスケール'],
    [
      { kind: 'rollback', app: 'web', commit: SHA },
      'roll back `web` (revert `9a02e0d`)',
      '`web` をロールバック（ `9a02e0d` を revert）',
    ],
    [
      { kind: 'rollback', app: 'web' },
      'roll back `web` (its last Kanaria change)',
      '`web` をロールバック（Kanaria による直近の変更）',
    ],
    [
      {
        kind: 'promote',
        app: 'web-prod',
        pipeline: 'web',
        from: { stage: 'staging', app: 'web-staging' },
        to: { stage: 'prod' },
      },
      'promote `web` staging → prod',
      '`web` を staging → prod にプロモート',
    ],
  ])('%j', (change, en, ja) => {
    expect(describeChange(EN, change)).toBe(en);
    expect(describeChange(JA, change)).toBe(ja);
  });
});

describe('what a change did, in either language', () => {
  const path = 'apps/web/deployment.yaml';
  it.each<[ChangeDetail, string, string]>([
    [
      { kind: 'edit', path, before: 'nginx:1.25.0', after: 'nginx:1.27.0', changed: true },
      'nginx:1.25.0 → nginx:1.27.0 in `apps/web/deployment.yaml`',
      '`apps/web/deployment.yaml` の nginx:1.25.0 → nginx:1.27.0',
    ],
    [
      { kind: 'edit', path, before: 'nginx:1.27.0', after: 'nginx:1.27.0', changed: false },
      '`apps/web/deployment.yaml` already has nginx:1.27.0',
      '`apps/web/deployment.yaml` はすでに nginx:1.27.0 です',
    ],
    [
      { kind: 'revert', sha: SHA, subject: 'deploy(web): nginx:1.25.0 → nginx:1.27.0' },
      'reverted `9a02e0d` "deploy(web): nginx:1.25.0 → nginx:1.27.0"',
      '`9a02e0d` "deploy(web): nginx:1.25.0 → nginx:1.27.0" を revert しました',
    ],
    [
      {
        kind: 'revert',
        sha: SHA,
        subject: 'deploy(web): nginx:1.25.0 → nginx:1.27.0',
        image: { before: 'nginx:1.27.0', after: 'nginx:1.25.0' },
      },
      'reverted `9a02e0d` "deploy(web): nginx:1.25.0 → nginx:1.27.0"; image nginx:1.27.0 → nginx:1.25.0',
      '`9a02e0d` "deploy(web): nginx:1.25.0 → nginx:1.27.0" を revert しました。イメージ nginx:1.27.0 → nginx:1.25.0',
    ],
  ])('%j', (detail, en, ja) => {
    expect(changeSummary(EN, detail)).toBe(en);
    expect(changeSummary(JA, detail)).toBe(ja);
  });
});
