/**
 * Refusals the jobs make (`Refusal` keys `errorsJobs.*`): what is not configured for an app, a rollback Kanaria
 * will not make, a scope with no GPUs, an Application gone. Facts: `app`, `commit`/`sha`, `by`, `subject`, `branch`,
 * `files` (quoted), `count`, `stable`, `kind`, `name`, `near`, `known`, `more`, `application`.
 */
export const errorsJobs = {
  olderRequest: {
    message: 'Kanaria was updated while this request waited, so it was not carried out; nothing was changed.',
    hint: 'Run the command again.',
  },
  noRollout: {
    message: "`{{app}}` has no Argo Rollout in Kanaria's configuration.",
    hint: 'Add `rollout: { name: …, namespace: … }` under apps.{{app}} in kanaria.yaml.',
  },
  noAnalysis: {
    message: "`{{app}}` has no canary analysis in Kanaria's configuration.",
    hint: 'Add queries under apps.{{app}}.analysis in kanaria.yaml.',
  },
  noRolloutToJudge: {
    message: '`{{app}}` has no Argo Rollout Kanaria can read, so there is no canary to judge.',
  },
  noPrometheus: {
    message: 'Kanaria has no Prometheus to ask (PROMETHEUS_URL is not set).',
  },
  canaryAborted: {
    message: 'The canary of `{{app}}` was aborted: traffic is on the stable version, there is nothing to judge.',
  },
  noCanary: {
    message: '`{{app}}` has no canary running: its Rollout runs one version (`{{stable}}`).',
  },
  noArgocd: {
    message: '`{{app}}` has no Argo CD Application configured.',
    hint: 'Add apps.<app>.argocd to kanaria.yaml.',
  },
  nothingToSync: {
    message: 'The GitOps branch `{{branch}}` has no commit to sync to.',
  },
  applicationDeleted: {
    message: 'The Argo CD Application `{{application}}` was deleted.',
  },
  /**
   * A pool, node or namespace (`kind`, as typed) with no GPUs. `near` are the closest names, chosen with
   * the i18next context `near`; `known` the first known names, `more` how many others there are.
   */
  noGpuScope: {
    message: 'There is no {{kind}} `{{name}}` with GPUs.',
  },
  noGpuScopeKnown: {
    message: 'There is no {{kind}} `{{name}}` with GPUs.',
    message_near: 'There is no {{kind}} `{{name}}` with GPUs. Did you mean {{near, alternatives}}?',
    hint: 'Known: {{known}}.',
  },
  noGpuScopeMany: {
    message: 'There is no {{kind}} `{{name}}` with GPUs.',
    message_near: 'There is no {{kind}} `{{name}}` with GPUs. Did you mean {{near, alternatives}}?',
    hint: 'Known: {{known}} and {{more}} more.',
  },
  rollback: {
    nothingLeft: {
      message: '`{{app}}` has no Kanaria change left to roll back.',
      hint: 'See `/history {{app}}`, then `/rollback {{app}} <commit>` to revert a specific one.',
    },
    noSuchCommit: {
      message: 'There is no commit {{commit, quote}} on `{{branch}}`.',
      hint: "See `/history {{app}}` for the app's commits.",
    },
    alreadyRolledBack: {
      message: '`{{sha}}` was already rolled back by `{{by}}` ({{author}}).',
      hint: 'See `/history {{app}}`.',
    },
    mergeCommit: {
      message: '`{{sha}}` is a merge commit; Kanaria reverts single changes only.',
    },
    otherApp: {
      message: '`{{sha}}` ("{{subject}}") does not change `{{app}}`.',
      hint: 'See `/history {{app}}`.',
    },
    foreignFiles: {
      message_one:
        '`{{sha}}` also changes {{files, quote}}, which does not belong to `{{app}}`; reverting it would change other apps too.',
      message_other:
        '`{{sha}}` also changes {{files, quote}}, which do not belong to `{{app}}`; reverting it would change other apps too.',
      hint: 'Revert it by hand in Git, or use /deploy or /scale to set the value you want.',
    },
  },
};
