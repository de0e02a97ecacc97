/**
 * `/promote` (commands/promote.ts, jobs/promote.ts): a release carried from one stage of a pipeline to the next.
 * Facts: `pipeline`, `from`/`to` and `stage` (stage names), `application`, `rollout`, `commit`, `revision`.
 */
export const promote = {
  /** One line for the change (acknowledgement, announcement, dry run). */
  describe: 'promote `{{pipeline}}` {{from}} → {{to}}',
  /** What the command refuses before anything is queued (src/domain/pipeline.ts planPromotion). */
  plan: {
    unknownPipeline: {
      message: '{{typed, quote}} is neither a pipeline nor an app of one.',
      hint: 'Pipelines in kanaria.yaml: {{pipelines, alternatives}}.',
    },
    noPipelines: {
      message: '{{typed, quote}} is neither a pipeline nor an app of one: kanaria.yaml has no `pipelines:`.',
      hint: 'Add one, e.g. `pipelines: { web: { stages: [web-dev, web-staging, web-prod] } }`.',
    },
    unknownStage: {
      message: 'Pipeline `{{pipeline}}` has no stage {{typed, quote}}.',
      hint: 'Its stages, first to last: {{stages, alternatives}}.',
    },
    firstStage: {
      message: '`{{to}}` is the first stage of `{{pipeline}}`: no stage comes before it to promote from.',
      hint: 'Put a new image into it with `/deploy`.',
    },
    notForward: {
      message: '`{{from}}` does not come before `{{to}}` in `{{pipeline}}`: a promotion only goes forward.',
      hint: 'To take `{{to}}` back, use `/rollback` on its app.',
    },
    skips: {
      message: 'Promoting `{{from}}` → `{{to}}` would skip {{skipped, alternatives}} of `{{pipeline}}`.',
      hint: 'Promote through each stage in turn (`/promote {{pipeline}} {{next}}`), or allow it with `{{rule}}: true`.',
    },
  },
  /** The source stage is not settled (jobs/promote-source.ts): nothing is committed. */
  refused: {
    outOfSync: {
      message: '`{{stage}}` is {{sync}} (Argo CD `{{application}}`): it does not run what its manifest says.',
      hint: 'Sync it (`/sync`) and promote once it is Synced and Healthy.',
    },
    unhealthy: {
      message: '`{{stage}}` is {{health}} (Argo CD `{{application}}`). {{reason}}',
      hint: 'Promote once it is Healthy (`/status` shows what is wrong).',
    },
    behind: {
      message:
        '`{{stage}}` runs revision `{{revision}}`, which does not contain its last commit `{{commit}}` (Argo CD `{{application}}`).',
      hint: 'Wait for Argo CD to take the commit (or `/sync`), then promote.',
    },
    midCanary: {
      message: '`{{stage}}` is mid-canary at step {{step}}/{{steps}} (Rollout `{{rollout}}`).',
      hint: 'Promote once its canary is fully promoted (`/canary`).',
    },
    paused: {
      message: '`{{stage}}` is paused (Rollout `{{rollout}}`).',
      hint: 'Resume or finish its rollout (`/canary`), then promote.',
    },
    aborted: {
      message: 'The canary of `{{stage}}` was aborted (Rollout `{{rollout}}`): its new version does not run.',
      hint: 'Retry it or deploy a fix, then promote once it is fully promoted.',
    },
    unpinned: {
      message: '`{{stage}}` runs `{{image}}`, which has neither a tag nor a digest: there is no release to copy.',
      hint: 'Deploy a tagged or digest-pinned image to `{{stage}}` first.',
    },
  },
  part: {
    argocd: 'Argo CD sync and health',
    rollout: 'canary state',
  },
  thread: {
    unchecked:
      ':warning: Kanaria has no Kubernetes credentials: `{{stage}}` was promoted from without checking its {{parts, words}}.',
  },
};
