import { describe, expect, it } from 'vitest';
import type { ApplicationState } from '../../src/domain/argocd.js';
import { readImage, setImage } from '../../src/domain/manifest.js';
import {
  promotedFrom,
  promotedImage,
  promotionSubject,
  PromotionRefused,
  sourceProblem,
  type SourceFacts,
} from '../../src/domain/promotion.js';
import { rolloutState, type RolloutState } from '../../src/domain/rollout.js';
import { explain, wordsFor } from '../../src/i18n/index.js';

const LAST = 'a'.repeat(40);
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

const app = (state: Partial<ApplicationState>, containsLastCommit = true): SourceFacts['application'] => ({
  name: 'argocd/web-staging',
  state: {
    sync: 'Synced',
    health: 'Healthy',
    revision: LAST,
    operationPending: false,
    automated: false,
    failedResources: [],
    ...state,
  },
  containsLastCommit,
});

/** A Rollout as the API returns it: 8 canary steps, stable and current hashes, status as given. */
const rollout = (status: Record<string, unknown>, spec: Record<string, unknown> = {}): RolloutState =>
  rolloutState({
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      strategy: { canary: { steps: [1, 2, 3, 4].flatMap((n) => [{ setWeight: n * 20 }, { pause: {} }]) } },
      ...spec,
    },
    status: { stableRS: 'aaa', currentPodHash: 'aaa', phase: 'Healthy', ...status },
  });

describe('sourceProblem: the source stage must run its manifest, settled', () => {
  it.each<[string, SourceFacts, ReturnType<typeof sourceProblem>]>([
    [
      'Synced, Healthy, at its last commit, canary done',
      { stage: 'staging', lastCommit: LAST, application: app({}), rollout: rollout({}) },
      undefined,
    ],
    ['no Argo CD and no Rollout configured', { stage: 'staging', lastCommit: LAST }, undefined],
    [
      'OutOfSync',
      { stage: 'staging', lastCommit: LAST, application: app({ sync: 'OutOfSync' }) },
      { why: 'outOfSync', stage: 'staging', application: 'argocd/web-staging', sync: 'OutOfSync' },
    ],
    [
      'Degraded, with Argo CD’s message',
      {
        stage: 'staging',
        lastCommit: LAST,
        application: app({ health: 'Degraded', healthMessage: 'Deployment exceeded its progress deadline' }),
      },
      {
        why: 'unhealthy',
        stage: 'staging',
        application: 'argocd/web-staging',
        health: 'Degraded',
        reason: 'Deployment exceeded its progress deadline',
      },
    ],
    [
      'Argo CD’s message cannot mention anyone',
      { stage: 'staging', application: app({ health: 'Missing', healthMessage: '<!channel> gone' }) },
      {
        why: 'unhealthy',
        stage: 'staging',
        application: 'argocd/web-staging',
        health: 'Missing',
        reason: '&lt;!channel&gt; gone',
      },
    ],
    [
      'Synced at a revision without the last commit',
      { stage: 'staging', lastCommit: LAST, application: app({ revision: 'b'.repeat(40) }, false) },
      { why: 'behind', stage: 'staging', application: 'argocd/web-staging', revision: 'bbbbbbb', commit: 'aaaaaaa' },
    ],
    [
      'mid-canary at step 3/8',
      { stage: 'staging', application: app({}), rollout: rollout({ currentPodHash: 'bbb', currentStepIndex: 2 }) },
      { why: 'midCanary', stage: 'staging', rollout: 'shop/web', step: 3, steps: 8 },
    ],
    [
      'aborted',
      { stage: 'staging', rollout: rollout({ currentPodHash: 'bbb', abort: true, currentStepIndex: 0 }) },
      { why: 'aborted', stage: 'staging', rollout: 'shop/web' },
    ],
    [
      'paused by hand with the canary done',
      { stage: 'staging', rollout: rollout({}, { paused: true }) },
      { why: 'paused', stage: 'staging', rollout: 'shop/web' },
    ],
  ])('%s', (_, facts, expected) => {
    expect(sourceProblem(facts)).toEqual(expected);
  });

  it('the refusal names the stage and its state, in both languages', () => {
    const problem = sourceProblem({
      stage: 'staging',
      rollout: rollout({ currentPodHash: 'bbb', currentStepIndex: 2 }),
    });
    const refusal = new PromotionRefused(problem?.why ?? 'paused', problem ?? {});
    expect(explain(wordsFor('en'), refusal).message).toBe('`staging` is mid-canary at step 3/8 (Rollout `shop/web`).');
    expect(explain(wordsFor('ja'), refusal).message).toContain('ステップ 3/8');
    const degraded = sourceProblem({ stage: 'staging', application: app({ health: 'Degraded' }) });
    expect(explain(wordsFor('en'), new PromotionRefused('unhealthy', degraded ?? {})).message).toMatch(
      /^`staging` is Degraded/,
    );
  });
});

describe('promotedImage: what the source stage runs, as written', () => {
  it.each([
    [`ghcr.io/acme/llm-api:1.4.3@${DIGEST}`],
    [`ghcr.io/acme/llm-api@${DIGEST}`],
    ['localhost:5000/acme/llm-api:1.4.3'],
    ['nginx:1.27.0'],
  ])('%s is carried byte for byte', (written) => {
    expect(promotedImage('dev', written).text).toBe(written);
  });

  it('a reference without tag or digest names no release: refused with the stage', () => {
    expect(() => promotedImage('dev', 'ghcr.io/acme/llm-api')).toThrow(PromotionRefused);
    try {
      promotedImage('dev', 'ghcr.io/acme/llm-api');
    } catch (error) {
      expect(explain(wordsFor('en'), error as PromotionRefused).message).toBe(
        '`dev` runs `ghcr.io/acme/llm-api`, which has neither a tag nor a digest: there is no release to copy.',
      );
    }
  });
});

describe('a digest crosses formats byte for byte', () => {
  const workload = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.4.3@${DIGEST} # from CI
`;
  const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [../../base]
images:
  - name: ghcr.io/acme/web
    newTag: 1.4.2
`;
  const values = `image:
  repository: ghcr.io/acme/web
  tag: "1.4.2"
  digest: ""
`;

  it('workload → kustomize overlay → Helm values', () => {
    const dev = promotedImage('dev', readImage('apps/web/dev/deployment.yaml', workload, { container: 'web' }));
    const staging = setImage('apps/web/staging/kustomization.yaml', kustomization, {}, dev.ref);
    expect(staging.text).toContain(`digest: ${DIGEST}`);
    expect(staging.text).not.toContain('newTag');
    const carried = promotedImage('staging', readImage('apps/web/staging/kustomization.yaml', staging.text, {}));
    expect(carried.text).toBe(`ghcr.io/acme/web@${DIGEST}`);
    const prod = setImage('charts/web/values.yaml', values, {}, carried.ref);
    expect(prod.text).toContain(`digest: "${DIGEST}"`);
  });
});

describe('the commit', () => {
  it('subject and Promoted-From trailer', () => {
    expect(promotionSubject('web-prod', 'staging', 'prod', `ghcr.io/acme/web@${DIGEST}`)).toBe(
      `promote(web-prod): staging → prod ghcr.io/acme/web@${DIGEST}`,
    );
    expect(promotedFrom('staging', LAST)).toBe(`staging ${LAST}`);
  });
});
